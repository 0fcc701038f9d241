"""The organizers' proposed cities page: list the proposals with their registrations, confirm."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationPolicy
from registrations.services import cancel_registration
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import RegistrationFactory

Status = Registration.Status
# The user (the session comes from the cache), the user's and their groups' permissions
# (is_organizer), event, the cities, their registrations.
CITIES_QUERIES = 6


@pytest.fixture
def organizer_client(client: Client, organizer: User) -> Client:
    client.force_login(organizer)
    return client


def cities_url(event: Event) -> str:
    return reverse("registrations:proposed_cities", kwargs={"slug": event.slug})


def confirm_url(event: Event, city: City) -> str:
    return reverse("registrations:confirm_city", kwargs={"slug": event.slug, "city_pk": city.pk})


def propose(register: Register, name: str, badge_name: str, **overrides: Any) -> Registration:
    return register(None, country="DK", proposed_city_name=name, badge_name=badge_name, **overrides)


def shown(response: Any) -> list[tuple[str, list[str]]]:
    cities = response.context["cities"]
    return [(c.name, [r.badge_name for r in c.event_registrations]) for c in cities]


def texts(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_proposed_cities_page_lists_each_proposal_with_its_active_registrations_here(
    organizer_client: Client, register: Register, event: Event, copenhagen: City
) -> None:
    register(copenhagen, badge_name="Dan Delegate")
    propose(register, "Odense", "Pia Proposer")
    propose(register, "odense", "Per Second")  # the same proposal, another letter case
    cancel_registration(registration=propose(register, "Vejle", "Vera Gone"), by=None)
    other_event = EventFactory.create(name="Another Summit")
    RegistrationFactory.create(
        event=other_event, city=CityFactory.create(name="Esbjerg", is_confirmed=False)
    )

    response = organizer_client.get(cities_url(event))

    assert response.status_code == 200
    assert shown(response) == [("Odense", ["Pia Proposer", "Per Second"])]
    odense = City.objects.get(name="Odense")
    assert f'action="{confirm_url(event, odense)}"' in response.content.decode()


def test_proposed_cities_page_says_so_when_nothing_waits(
    organizer_client: Client, register: Register, event: Event, copenhagen: City
) -> None:
    register(copenhagen)

    response = organizer_client.get(cities_url(event))

    assert response.status_code == 200
    assert shown(response) == []
    assert "No proposed city is waiting for confirmation." in response.content.decode()


def test_proposed_cities_page_shows_a_hostile_city_name_escaped(
    organizer_client: Client, register: Register, event: Event
) -> None:
    propose(register, "<script>alert(1)</script>ville", "Pia Proposer")

    response = organizer_client.get(cities_url(event))

    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;ville" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("size", [2, 40])
def test_proposed_cities_page_queries_do_not_grow_with_the_proposals(
    organizer_client: Client,
    register: Register,
    event: Event,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(size):
        propose(register, f"Town {n}", f"Delegate {n}")

    with django_assert_num_queries(CITIES_QUERIES):
        response = organizer_client.get(cities_url(event))

    assert len(shown(response)) == size


def test_confirming_a_city_moves_its_registrations_on_to_pending_approval(
    organizer_client: Client, register: Register, event: Event, policy: RegistrationPolicy
) -> None:
    set_limits(policy, requires_approval=True)
    first = propose(register, "Odense", "Pia Proposer")
    second = propose(register, "Odense", "Per Second")

    response = organizer_client.post(confirm_url(event, first.city))

    assert (response.status_code, response["Location"]) == (302, cities_url(event))
    assert texts(response) == ["Odense is confirmed; 2 registrations moved on."]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.city.is_confirmed, first.status, second.status) == (
        True,
        Status.PENDING_APPROVAL,
        Status.PENDING_APPROVAL,
    )
    assert first.changes.latest("pk").description == "City confirmed"


def test_confirmed_city_leaves_the_proposed_cities_page(
    organizer_client: Client, register: Register, event: Event
) -> None:
    proposal = propose(register, "Odense", "Pia Proposer")
    organizer_client.post(confirm_url(event, proposal.city))

    response = organizer_client.get(cities_url(event))

    assert shown(response) == []


def test_confirming_a_city_twice_is_harmless(
    organizer_client: Client, register: Register, event: Event
) -> None:
    proposal = propose(register, "Odense", "Pia Proposer")
    organizer_client.post(confirm_url(event, proposal.city))

    response = organizer_client.post(confirm_url(event, proposal.city))

    assert (response.status_code, response["Location"]) == (302, cities_url(event))
    assert texts(response) == [
        "Odense is confirmed; 1 registration moved on.",
        "Odense is confirmed; 0 registrations moved on.",
    ]
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED


def test_confirming_a_city_without_registrations_at_the_event_is_404(
    organizer_client: Client, register: Register, event: Event
) -> None:
    propose(register, "Odense", "Pia Proposer")
    elsewhere = CityFactory.create(name="Esbjerg", country="DK", is_confirmed=False)

    response = organizer_client.post(confirm_url(event, elsewhere))

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_confirmed is False


def test_confirming_a_city_with_an_overlong_id_is_404_not_500(
    organizer_client: Client, event: Event
) -> None:
    url = confirm_url(event, City(pk=1)).replace("/1/", f"/{2**70}/")

    response = organizer_client.post(url)

    assert response.status_code == 404


def test_registrations_page_and_a_proposals_detail_link_to_the_proposed_cities(
    organizer_client: Client, register: Register, event: Event
) -> None:
    proposal = propose(register, "Odense", "Pia Proposer")
    detail = reverse("registrations:registration_detail", args=[event.slug, proposal.pk])

    pages = [
        organizer_client.get(reverse("registrations:event_registrations", args=[event.slug])),
        organizer_client.get(detail),
    ]

    assert [f'href="{cities_url(event)}"' in p.content.decode() for p in pages] == [True, True]


def test_delegate_cannot_confirm_their_own_proposed_city(
    client: Client, register: Register, event: Event
) -> None:
    pia = UserFactory.create(email="pia.proposer@example.org")
    proposal = propose(register, "Odense", "Pia Proposer", user=pia)
    client.force_login(pia)

    response = client.post(confirm_url(event, proposal.city))

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.city.is_confirmed, proposal.status) == (False, Status.SUBMITTED)
