"""The organizers' registrations page: filters, search, counts, bulk decisions, detail, queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationPolicy
from tests.factories import CityMembershipFactory, EventFactory, NetworkFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import DelegationFactory, RegistrationFactory

Status = Registration.Status
# The user (the session comes from the cache), the user's and their groups' permissions
# (is_organizer), event, the cities and networks of the filters, the page's count and rows,
# the counts per country and per city.
LIST_QUERIES = 10


def bulk_registrations(event: Event, size: int, cities: list[City]) -> None:
    """`size` registrations of mixed statuses, offices and cities, in two bulk inserts."""
    delegations = {city.pk: DelegationFactory.create(event=event, city=city) for city in cities}
    User.objects.bulk_create([User(email=f"bulk{i}@example.org") for i in range(size)])
    users = User.objects.filter(email__startswith="bulk").order_by("pk")
    statuses = [Status.APPROVED, Status.PENDING_APPROVAL, Status.WAITLISTED, Status.DECLINED]
    offices = Registration.Office.values
    rows = []
    for i, user in enumerate(users):
        city, status = cities[i % len(cities)], statuses[i % len(statuses)]
        rows.append(
            Registration(
                event=event,
                user=user,
                city=city,
                country=city.country.code,
                delegation=delegations[city.pk],
                badge_name=f"Bulk Delegate {i}",
                office=offices[i % len(offices)],
                organization='=HYPERLINK("http://evil.example","x")' if i == 0 else "City Hall",
                status=status,
                waitlisted_at=timezone.now() if status == Status.WAITLISTED else None,
                privacy_accepted_at=timezone.now(),
            )
        )
    Registration.objects.bulk_create(rows)


@pytest.fixture
def organizer_client(client: Client, organizer: User) -> Client:
    client.force_login(organizer)
    return client


def list_url(event: Event) -> str:
    return reverse("registrations:event_registrations", kwargs={"slug": event.slug})


def decide_url(event: Event) -> str:
    return reverse("registrations:decide_registrations", kwargs={"slug": event.slug})


@pytest.fixture
def three(
    event: Event, policy: RegistrationPolicy, copenhagen: City, aarhus: City, malmo: City
) -> dict[str, Registration]:
    """Copenhagen (in the network) approved, Aarhus pending, Malmö waitlisted."""
    CityMembershipFactory.create(city=copenhagen, network=NetworkFactory.create())
    return {
        "copenhagen": RegistrationFactory.create(
            event=event, city=copenhagen, office="mayor", badge_name="Sophie Andersen"
        ),
        "aarhus": RegistrationFactory.create(
            event=event,
            city=aarhus,
            office="councillor",
            badge_name="Jacob Bundsgaard",
            status=Status.PENDING_APPROVAL,
            organization="Aarhus Kommune",
        ),
        "malmo": RegistrationFactory.create(
            event=event,
            city=malmo,
            office="police",
            badge_name="Katrin Stjernfeldt",
            status=Status.WAITLISTED,
        ),
    }


@pytest.mark.parametrize(
    ("filters", "shown"),
    [
        ({}, {"copenhagen", "aarhus", "malmo"}),
        ({"status": "pending_approval"}, {"aarhus"}),
        ({"country": "SE"}, {"malmo"}),
        ({"city": "CITY:aarhus"}, {"aarhus"}),
        ({"network": "NETWORK"}, {"copenhagen"}),
        ({"office": "police"}, {"malmo"}),
        ({"country": "DK", "office": "mayor"}, {"copenhagen"}),
        ({"q": "  BUNDSGAARD "}, {"aarhus"}),
        ({"q": "aarhus kommune"}, {"aarhus"}),
        ({"q": "malm"}, {"malmo"}),
        ({"status": "bogus", "city": "abc", "network": "999999", "q": "a\x00"}, set()),
    ],
)
def test_registrations_page_filters_and_searches(
    organizer_client: Client,
    event: Event,
    three: dict[str, Registration],
    filters: dict[str, str],
    shown: set[str],
) -> None:
    names = {r.pk: key for key, r in three.items()}
    params = dict(filters)
    if params.get("city", "").startswith("CITY:"):
        params["city"] = str(three[params["city"][5:]].city_id)
    if params.get("network") == "NETWORK":
        params["network"] = str(three["copenhagen"].city.networks.get().pk)

    response = organizer_client.get(list_url(event), params)

    assert response.status_code == 200
    found = {names[r.pk] for r in response.context["page"].object_list}
    if filters.get("status") == "bogus":
        # Invalid values are ignored; the search "a" (NUL dropped) still applies.
        assert found == {"copenhagen", "aarhus", "malmo"}
    else:
        assert found == shown


def test_registrations_page_counts_active_registrations_per_country_and_city(
    organizer_client: Client, event: Event, three: dict[str, Registration], copenhagen: City
) -> None:
    RegistrationFactory.create(event=event, city=copenhagen, status=Status.CANCELLED)

    response = organizer_client.get(list_url(event))

    assert response.context["per_country"] == [("Denmark", 2, 1), ("Sweden", 1, 0)]
    assert response.context["per_city"] == [
        ("Aarhus, Denmark", 1, 0),
        ("Copenhagen, Denmark", 1, 1),
        ("Malmö, Sweden", 1, 0),
    ]
    assert '<th scope="row">Denmark</th><td>2</td><td>1</td>' in response.content.decode()


def test_bulk_approve_approves_the_pending_and_reports_each_refusal(
    organizer_client: Client,
    organizer: User,
    event: Event,
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
) -> None:
    set_limits(policy, requires_approval=True)
    first, second = register(copenhagen, badge_name="First"), register(copenhagen)
    approved = RegistrationFactory.create(event=event, city=copenhagen, badge_name="Already")
    data = {"action": "approve", "registrations": [first.pk, second.pk, approved.pk]}

    response = organizer_client.post(decide_url(event), data, follow=True)

    assert response.redirect_chain == [(list_url(event), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Already: Only a registration pending approval can be approved; this one is approved.",
        "2 registrations approved.",
    ]
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", approved.pk: "approved"}
    assert first.changes.last().changed_by == organizer  # type: ignore[union-attr]


def test_bulk_decline_declines_and_keeps_the_filters(
    organizer_client: Client, event: Event, three: dict[str, Registration]
) -> None:
    aarhus = three["aarhus"]
    data = {
        "action": "decline",
        "registrations": [aarhus.pk],
        "query": "status=pending_approval&evil=1&q=Jacob",
    }

    response = organizer_client.post(decide_url(event), data)

    assert response["Location"] == f"{list_url(event)}?q=Jacob&status=pending_approval"
    aarhus.refresh_from_db()
    assert aarhus.status == Status.DECLINED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "approve"}, "Select at least one registration."),
        ({"registrations": ["ID"]}, "Choose approve or decline."),
        (
            {"action": "delete", "registrations": ["ID"]},
            "Select a valid choice. delete is not one of the available choices.",
        ),
        (
            {"action": "approve", "registrations": ["ID", "OTHER"]},
            "A selected registration is not one of this event's.",
        ),
        (
            {"action": "approve", "registrations": ["ID", "abc"]},
            "A selected registration is not one of this event's.",
        ),
        (
            {"action": "approve", "registrations": ["ID", str(2**70)]},
            "A selected registration is not one of this event's.",
        ),
    ],
)
def test_bulk_decision_with_tampered_data_changes_nothing(
    organizer_client: Client,
    event: Event,
    three: dict[str, Registration],
    data: dict[str, Any],
    message: str,
) -> None:
    other = RegistrationFactory.create(
        event=EventFactory.create(), status=Status.PENDING_APPROVAL, badge_name="Elsewhere"
    )
    ids = {"ID": str(three["aarhus"].pk), "OTHER": str(other.pk)}
    posted = {
        key: [ids.get(v, v) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }

    response = organizer_client.post(decide_url(event), posted, follow=True)

    assert response.redirect_chain == [(list_url(event), 302)]
    assert [str(m) for m in response.context["messages"]] == [message]
    assert Registration.objects.filter(status=Status.PENDING_APPROVAL).count() == 2


def test_detail_page_shows_the_registration_and_its_history(
    organizer_client: Client,
    organizer: User,
    delegate: User,
    event: Event,
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
) -> None:
    set_limits(policy, requires_approval=True)
    registration = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    organizer_client.post(
        decide_url(event), {"action": "approve", "registrations": [registration.pk]}
    )
    url = reverse(
        "registrations:registration_detail", kwargs={"slug": event.slug, "pk": registration.pk}
    )

    response = organizer_client.get(url)

    html = response.content.decode()
    assert [(c.changed_by, c.description) for c in response.context["changes"]] == [
        (delegate, "Registered"),
        (organizer, "Approved"),
    ]
    assert "<td>– → Pending approval</td>" in html
    assert "<td>Pending approval → Approved</td>" in html
    assert "<td>olga.organizer@example.org</td>" in html


def test_detail_of_another_events_registration_is_not_found(
    organizer_client: Client, event: Event
) -> None:
    other = RegistrationFactory.create(event=EventFactory.create())
    url = reverse("registrations:registration_detail", kwargs={"slug": event.slug, "pk": other.pk})

    assert organizer_client.get(url).status_code == 404


def test_registrations_page_of_an_unknown_event_is_not_found(organizer_client: Client) -> None:
    url = reverse("registrations:event_registrations", kwargs={"slug": "no-such-event"})

    assert organizer_client.get(url).status_code == 404


@pytest.mark.parametrize("size", [10, 1000])
def test_registrations_page_issues_the_same_queries_at_any_size(
    organizer_client: Client,
    event: Event,
    copenhagen: City,
    aarhus: City,
    malmo: City,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    bulk_registrations(event, size, [copenhagen, aarhus, malmo])

    with django_assert_num_queries(LIST_QUERIES):
        response = organizer_client.get(list_url(event), {"country": "DK", "q": "bulk"})

    assert response.context["page"].paginator.count == len(range(0, size, 3)) + len(
        range(1, size, 3)
    )
