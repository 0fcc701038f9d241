"""The organizers' cached registrations list and the registration form's cached cities
(summit/cache.py, issue #6): a change is visible on the next request, and the cached page's
form still posts with the viewer's own CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration
from registrations.services import approve_registration
from tests.factories import CityFactory, UserFactory
from tests.registrations.factories import RegistrationFactory


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def organizer_client(organizer: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)
    return client


def test_a_decision_shows_on_the_next_list_request_and_the_cached_form_posts(
    organizer_client: Client, organizer: User, event: Event, copenhagen: City
) -> None:
    registration = RegistrationFactory.create(
        event=event, city=copenhagen, status=Registration.Status.PENDING_APPROVAL
    )
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    assert "Pending approval" in text(organizer_client.get(url))

    approve_registration(registration=registration, by=organizer)
    page = organizer_client.get(url).content.decode()

    assert "Approved" in page
    assert "csrf-token" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    decide = reverse("registrations:decide_registrations", kwargs={"slug": event.slug})
    response = organizer_client.post(
        decide,
        {"csrfmiddlewaretoken": token[1], "action": "decline", "registrations": [registration.pk]},
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.DECLINED


def test_a_new_city_is_offered_on_the_next_registration_form(
    client: Client, event: Event, copenhagen: City
) -> None:
    client.force_login(UserFactory.create())
    url = reverse("registrations:register", kwargs={"slug": event.slug})
    assert "Aarhus" not in text(client.get(url))

    CityFactory.create(name="Aarhus", country="DK")

    assert "Aarhus" in text(client.get(url))


def test_each_organizer_gets_their_own_frozen_list_and_sees_the_message_after_a_decision(
    organizer_client: Client, organizer: User, event: Event, copenhagen: City
) -> None:
    registration = RegistrationFactory.create(
        event=event, city=copenhagen, status=Registration.Status.PENDING_APPROVAL
    )
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    colleague: User = UserFactory.create(email="colleague@example.org", is_staff=True)
    colleague.groups.set(organizer.groups.all())
    colleague_client = Client(enforce_csrf_checks=True)
    colleague_client.force_login(colleague)
    first = organizer_client.get(url).content.decode()
    second = organizer_client.get(url).content.decode()  # the frozen page
    colleague_page = colleague_client.get(url).content.decode()

    tokens = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert tokens.sub("", first) == tokens.sub("", second) == tokens.sub("", colleague_page)
    assert "summitFrozen" not in second
    response = colleague_client.post(
        reverse("registrations:decide_registrations", kwargs={"slug": event.slug}),
        {
            "csrfmiddlewaretoken": tokens.findall(colleague_page)[0],
            "action": "approve",
            "registrations": [registration.pk],
        },
        follow=True,
    )

    assert "1 registration approved." in text(response)
    assert "1 registration approved." not in text(colleague_client.get(url))
    pending = text(organizer_client.get(url)).count("Pending approval")
    assert pending == re.sub(r"\s+", " ", first).count("Pending approval") - 1  # its row only


def test_a_frozen_list_is_not_served_to_someone_no_longer_an_organizer(
    organizer_client: Client, organizer: User, event: Event
) -> None:
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    assert organizer_client.get(url).status_code == 200
    assert organizer_client.get(url).status_code == 200  # frozen by now

    organizer.groups.clear()

    assert organizer_client.get(url).status_code == 403
