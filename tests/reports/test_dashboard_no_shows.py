"""The event dashboard's check-in figure per list, the entrance and each session (issue #14):
arrived of expected and the no-shows, as the funder report counts them, here counted
independently from the seats, the billings and the scans; the page's queries do not grow with
the lists."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from checkin.models import Checkin, CheckinList
from checkin.services import check_in
from events.models import Event
from registrations.models import Registration
from sessions_app.models import Session, SessionPerson, Signup
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db
APPROVED = Registration.Status.APPROVED
ROW = re.compile(r'<tr><th scope="row">([^<]*)</th>\s*<td>(\d+) of (\d+)</td><td>(\d+)</td></tr>')


def attendance_rows(client: Client, event: Event) -> list[tuple[str, int, int, int]]:
    """The check-in table as the page shows it: list, arrived, expected, no-shows."""
    page = client.get(reverse("reports:dashboard", kwargs={"slug": event.slug})).content.decode()
    start = page.index('aria-labelledby="figure-attendance"')
    section = page[start : page.index("</section>", start)]
    assert '<th scope="col">No-shows</th>' in section
    return [(name, int(a), int(e), int(n)) for name, a, e, n in ROW.findall(section)]


def independent_rows(event: Event) -> list[tuple[str, int, int, int]]:
    approved = set(
        Registration.objects.filter(event=event, status=APPROVED).values_list("user_id", flat=True)
    )
    approved_ids = set(
        Registration.objects.filter(event=event, status=APPROVED).values_list("pk", flat=True)
    )
    rows = []
    for checkin_list in CheckinList.objects.filter(event=event).order_by("pk"):
        scans = Checkin.objects.filter(
            checkin_list=checkin_list, result="valid", direction="entry"
        ).values_list("registration_id", flat=True)
        came = len(set(scans) & approved_ids)
        if checkin_list.session_id is None:
            wanted = len(approved)
        else:
            seats = Signup.objects.filter(session_id=checkin_list.session_id, status="signed_up")
            billed = SessionPerson.objects.filter(session_id=checkin_list.session_id)
            people = {*seats.values_list("user_id", flat=True)}
            people |= {*billed.values_list("user_id", flat=True)}
            wanted = len(people & approved)
        rows.append((checkin_list.name, came, wanted, max(wanted - came, 0)))
    return rows


def summit_day(event: Event, organizer: User, sessions: int = 2) -> None:
    """Six approved people and a pending one; each session seats three approved, the pending
    one and a waiting list place, bills a fourth approved person; some come."""
    people = [RegistrationFactory.create(event=event, status=APPROVED) for _ in range(6)]
    pending = RegistrationFactory.create(event=event, status=Registration.Status.PENDING_APPROVAL)
    CheckinList.objects.create(event=event, session=None)
    for n in range(sessions):
        session = SessionFactory.create(event=event, slug=f"s-{n}", status=Session.Status.PUBLISHED)
        checkin_list = CheckinList.objects.create(event=event, session=session)
        seated = [people[(n + k) % 6] for k in range(3)]
        for registration in [*seated, pending]:
            SignupFactory.create(session=session, user=registration.user)
        waiting = people[(n + 4) % 6].user
        SignupFactory.create(session=session, user=waiting, status=Signup.Status.WAITLISTED)
        speaker = people[(n + 3) % 6]
        SessionPerson.objects.create(session=session, user=speaker.user, name="A speaker")
        for k, registration in enumerate([seated[0], speaker, pending][: 1 + n % 3]):
            check_in(
                checkin_list=checkin_list,
                staff=organizer,
                nonce=f"s{n}-{k}",
                registration=registration,
            )
    entrance = CheckinList.objects.get(event=event, session=None)
    for k, registration in enumerate(people[:4]):
        check_in(checkin_list=entrance, staff=organizer, nonce=f"e-{k}", registration=registration)


def test_the_check_in_figure_shows_no_shows_per_session_and_at_the_entrance(
    organizer_client: Client, event: Event, organizer: User
) -> None:
    summit_day(event, organizer, sessions=3)

    shown = attendance_rows(organizer_client, event)

    assert sorted(shown) == sorted(independent_rows(event))
    assert len(shown) == 4
    assert sum(no_shows for *_rest, no_shows in shown) > 0


@pytest.mark.parametrize("sessions", [2, 8])
def test_the_dashboard_with_check_in_lists_costs_the_same_queries_at_any_size(
    organizer_client: Client,
    event: Event,
    organizer: User,
    sessions: int,
    django_assert_num_queries: Any,
) -> None:
    summit_day(event, organizer, sessions=sessions)
    url = reverse("reports:dashboard", kwargs={"slug": event.slug})
    organizer_client.get(url)  # the session and permissions, as on any page

    # The 15 of tests/reports/test_dashboard.py and checkin.counts' four (reports/figures.py).
    with django_assert_num_queries(18):
        assert organizer_client.get(url).status_code == 200
