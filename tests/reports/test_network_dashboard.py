"""The dashboard across the events of a network in one year: the figures summed, computed again
here from the rows; each edition's first-time and returning cities; a flat query count; access."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_countries import countries

from accounts.models import User
from events.models import City, Event, Network
from registrations.models import Registration
from tests.factories import CityFactory, EventFactory, NetworkFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status
ACTIVE = {"submitted", "pending_approval", "approved", "waitlisted"}


@pytest.fixture
def network() -> Network:
    return NetworkFactory.create()


@pytest.fixture
def editions(network: Network) -> list[Event]:
    """Two events of 2049, one of 2048 before them, and one of 2049 of another network."""
    day = dt.date(2049, 3, 10)
    made = [
        EventFactory.create(network=network, name="Spring 2049", start_date=day),
        EventFactory.create(network=network, name="Autumn 2049", start_date=day.replace(month=9)),
        EventFactory.create(network=network, name="Summit 2048", start_date=day.replace(year=2048)),
    ]
    other = NetworkFactory.create(name="Baltic Cities", short_name="BC", slug="baltic")
    made.append(EventFactory.create(network=other, name="Baltic 2049", start_date=day))
    return made


@pytest.fixture
def cities() -> list[City]:
    return [
        CityFactory.create(name=n, country=c)
        for n, c in (("Aarhus", "DK"), ("Malmö", "SE"), ("Oslo", "NO"), ("Espoo", "FI"))
    ]


def populate(events: list[Event], cities: list[City], count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    offices = [value for value, _label in Registration.Office.choices]
    for _ in range(count):
        city = rng.choice(cities)
        RegistrationFactory.create(
            event=rng.choice(events),
            city=city,
            country=city.country.code,
            status=rng.choice(Status.values),
            office=rng.choice(offices),
        )


def url(network: Network, year: int = 2049) -> str:
    return reverse("reports:network_dashboard", kwargs={"slug": network.slug, "year": year})


def figure(client: Client, network: Network, key: str) -> Any:
    response = client.get(url(network))
    assert response.status_code == 200
    [item] = [c for c in response.context["charts"] if c["figure"].key == key]
    return item


def shown(item: Any) -> dict[str, int]:
    return {row.label: row.value for row, _link in item["rows"]}


def test_the_figures_are_the_sums_over_the_years_events_of_the_network(
    organizer_client: Client, network: Network, editions: list[Event], cities: list[City]
) -> None:
    populate(editions, cities, 80)
    this_year = [e for e in editions if e.network == network and e.start_date.year == 2049]
    rows = list(
        Registration.objects.filter(event__in=this_year).values(
            "status", "country", "office", "event__name"
        )
    )
    active = [r for r in rows if r["status"] in ACTIVE]

    statuses = shown(figure(organizer_client, network, "status"))
    assert statuses == {
        str(label): sum(r["status"] == v for r in rows) for v, label in Status.choices
    }
    assert shown(figure(organizer_client, network, "country")) == dict(
        Counter(countries.name(r["country"]) for r in active)
    )
    offices = dict(Registration.Office.choices)
    assert shown(figure(organizer_client, network, "office")) == dict(
        Counter(str(offices[r["office"]]) for r in active)
    )
    assert shown(figure(organizer_client, network, "events")) == {
        "Spring 2049": sum(r["event__name"] == "Spring 2049" for r in active),
        "Autumn 2049": sum(r["event__name"] == "Autumn 2049" for r in active),
    }
    weeks = figure(organizer_client, network, "weeks")
    assert sum(row.value for row, _link in weeks["rows"]) == len(rows)


def test_each_edition_counts_its_first_time_and_returning_cities(
    organizer_client: Client, network: Network, editions: list[Event], cities: list[City]
) -> None:
    spring, autumn, last_year, other = editions
    aarhus, malmo, oslo, espoo = cities
    RegistrationFactory.create(event=last_year, city=aarhus, status=Status.APPROVED)
    RegistrationFactory.create(event=last_year, city=malmo, status=Status.DECLINED)
    RegistrationFactory.create(event=other, city=oslo, status=Status.APPROVED)  # other network
    for city in (aarhus, malmo, oslo):
        RegistrationFactory.create(event=spring, city=city, status=Status.APPROVED)
    for city in (aarhus, oslo, espoo):
        RegistrationFactory.create(event=autumn, city=city, status=Status.PENDING_APPROVAL)

    item = figure(organizer_client, network, "editions")
    got = {row.label: {part.label: part.value for part in row.parts} for row, _l in item["rows"]}

    # Spring: Aarhus came in 2048. Autumn: Aarhus, and Oslo, approved in the spring, are back.
    assert got == {
        "Spring 2049": {"Returning cities": 1, "First-time cities": 2},
        "Autumn 2049": {"Returning cities": 2, "First-time cities": 1},
    }
    page = organizer_client.get(url(network)).content.decode()
    assert reverse("reports:dashboard", kwargs={"slug": spring.slug}) in page


def test_session_fill_is_summed_per_event(
    organizer_client: Client, network: Network, editions: list[Event]
) -> None:
    spring = editions[0]
    for n, capacity in enumerate((10, 6)):
        session = SessionFactory.create(event=spring, capacity=capacity, slug=f"s-{n}")
        for _ in range(n + 2):
            SignupFactory.create(session=session)

    item = figure(organizer_client, network, "sessions")

    assert [(r.label, r.value, r.total) for r, _l in item["rows"]] == [("Spring 2049", 5, 16)]


@pytest.mark.parametrize(("size", "extra_events"), [(10, 0), (300, 3)])
def test_the_dashboard_costs_the_same_queries_at_any_size(
    organizer_client: Client,
    network: Network,
    editions: list[Event],
    cities: list[City],
    size: int,
    extra_events: int,
    django_assert_num_queries: Any,
) -> None:
    more = [
        EventFactory.create(network=network, start_date=dt.date(2049, 5, 1 + n))
        for n in range(extra_events)
    ]
    populate([*editions, *more], cities, size)
    for n in range(size // 30):
        SignupFactory.create(session=SessionFactory.create(event=editions[n % 2], slug=f"s-{n}"))
    organizer_client.get(url(network))

    # The user (the session and the role are cached by the request before), the network, its
    # events, and
    # the figures' reads (the statuses are the weeks' counts summed, the countries the cities').
    with django_assert_num_queries(15):
        assert organizer_client.get(url(network)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "delegate", "coordinator"])
def test_only_organizers_see_the_network_dashboard(
    client: Client, delegate: User, network: Network, editions: list[Event], who: str
) -> None:
    if who == "delegate":
        client.force_login(delegate)
    elif who == "coordinator":
        registration = RegistrationFactory.create(event=editions[0], status=Status.APPROVED)
        registration.delegation.coordinator = registration.user
        registration.delegation.save()
        client.force_login(registration.user)

    response = client.get(url(network))

    assert response.status_code == (302 if who == "anonymous" else 403)


@pytest.mark.parametrize(
    "path",
    [
        "/organizers/networks/no-such-network/2049/dashboard/",
        "/organizers/networks/nordic-safe-cities/2031/dashboard/",  # no event that year
        "/organizers/networks/nordic-safe-cities/0/dashboard/",
        "/organizers/networks/nordic-safe-cities/99999999999999999999/dashboard/",
    ],
)
def test_an_unknown_network_or_year_is_404(
    organizer_client: Client, editions: list[Event], path: str
) -> None:
    assert organizer_client.get(path).status_code == 404


def test_the_report_list_links_each_network_year(
    organizer_client: Client, network: Network, editions: list[Event]
) -> None:
    page = organizer_client.get(reverse("reports:list")).content.decode()
    assert url(network, 2049) in page
    assert url(network, 2048) in page


def test_delegation_fill_and_entrance_check_in_are_summed_per_event(
    organizer_client: Client, network: Network, editions: list[Event], organizer: User
) -> None:
    from checkin.services import check_in, checkin_lists_for
    from registrations.models import Delegation, RegistrationPolicy

    spring, autumn, *_rest = editions
    RegistrationPolicy.objects.create(event=spring, city_quota=3)
    aarhus, oslo = CityFactory.create(name="Aarhus"), CityFactory.create(name="Oslo")
    approved = [
        RegistrationFactory.create(event=spring, city=city, status=Status.APPROVED)
        for city in (aarhus, aarhus, oslo)
    ]
    RegistrationFactory.create(event=spring, city=oslo, status=Status.WAITLISTED)
    Delegation.objects.filter(event=spring, city=oslo).update(quota_override=1)
    entrance = next(x for x in checkin_lists_for(event=spring) if x.is_entrance)
    check_in(checkin_list=entrance, staff=organizer, nonce="a", registration=approved[0])
    check_in(checkin_list=entrance, staff=organizer, nonce="b", registration=approved[0])
    check_in(checkin_list=entrance, staff=organizer, nonce="c", registration=approved[2])
    RegistrationFactory.create(event=autumn, city=oslo, status=Status.PENDING_APPROVAL)

    fill = figure(organizer_client, network, "delegations")
    came = figure(organizer_client, network, "attendance")

    # Spring: 3 approved of 3 + 1 seats. Autumn: no limit at all, so no total.
    assert [(r.label, r.value, r.total) for r, _l in fill["rows"]] == [
        ("Spring 2049", 3, 4),
        ("Autumn 2049", 0, None),
    ]
    assert [(r.label, r.value, r.total) for r, _l in came["rows"]] == [("Spring 2049", 2, 3)]
