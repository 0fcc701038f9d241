"""Live counts: expected, arrived, inside and no-shows per list, in a fixed number of queries."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from checkin import counts, services
from checkin.models import CheckinList
from events.models import City, Event
from registrations.models import Registration
from sessions_app.models import SessionPerson, Signup
from tests.checkin.conftest import payload_of, scan
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db


def by_list(event: Event) -> dict[str, dict[str, int]]:
    rows = counts.counts_for(event, services.checkin_lists_for(event=event))
    return {
        row.checkin_list.name: {k: v for k, v in row.as_json().items() if k != "list"}
        for row in rows
    }


def test_counts_per_entrance_and_session(event: Event, reykjavik: City, staff: User) -> None:
    session = SessionFactory.create(event=event, title="Workshop on hate speech")
    ann, bo, cy = (RegistrationFactory.create(event=event, city=reykjavik) for _ in "abc")
    waiting = RegistrationFactory.create(
        event=event, city=reykjavik, status=Registration.Status.WAITLISTED
    )
    SignupFactory.create(session=session, user=ann.user, status=Signup.Status.SIGNED_UP)
    SignupFactory.create(session=session, user=bo.user, status=Signup.Status.SIGNED_UP)
    SignupFactory.create(session=session, user=cy.user, status=Signup.Status.WAITLISTED)
    SessionPerson.objects.create(session=session, user=cy.user, name="Cy", role="speaker")
    entrance, workshop = services.checkin_lists_for(event=event)
    scan(entrance, staff, payload_of(ann))
    scan(entrance, staff, payload_of(bo))
    scan(entrance, staff, payload_of(bo), direction="exit")
    scan(entrance, staff, payload_of(ann))  # already in: no change
    scan(entrance, staff, "garbage")
    scan(workshop, staff, payload_of(cy))
    assert waiting.status == Registration.Status.WAITLISTED

    assert by_list(event) == {
        "Entrance: Nordic Safe Cities Summit 2049": {
            "expected": 3,
            "arrived": 2,
            "inside": 1,
            "no_shows": 1,
        },
        "Workshop on hate speech": {"expected": 3, "arrived": 1, "inside": 1, "no_shows": 2},
    }


def test_the_json_updates_the_page_and_costs_the_same_queries_for_more_people(
    event: Event, reykjavik: City, organizer: User, staff: User
) -> None:
    client = Client()
    client.force_login(organizer)
    url = reverse("checkin:live_counts_json", kwargs={"slug": event.slug})
    SessionFactory.create(event=event)
    entrance = services.checkin_lists_for(event=event)[0]

    def queries(people: int) -> int:
        for _ in range(people):
            registration = RegistrationFactory.create(event=event, city=reykjavik)
            services.check_in(
                checkin_list=entrance,
                staff=staff,
                nonce=uuid.uuid4().hex,
                registration=registration,
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response["Cache-Control"] == "no-store"
        return len(captured)

    queries(0)  # the person's role is cached from the first page on (accounts.roles)
    assert queries(2) == queries(6)
    data = client.get(url).json()
    assert data["lists"][0] == {
        "list": entrance.pk,
        "expected": 8,
        "arrived": 8,
        "inside": 8,
        "no_shows": 0,
    }


def test_the_counts_page_shows_every_list(
    event: Event, organizer: User, entrance: CheckinList
) -> None:
    client = Client()
    client.force_login(organizer)

    response = client.get(reverse("checkin:live_counts", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    assert [row.checkin_list for row in response.context["rows"]] == [entrance]
    assert f'data-list="{entrance.pk}"' in response.content.decode()
