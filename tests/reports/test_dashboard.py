"""An event's dashboard: every figure computed again here from the rows and compared with the
page's tables; click-through to the matching registration list; a flat query count; access."""

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
from events.models import City, CityMembership, Event
from registrations.models import Registration
from reports.figures import ACTIVE, event_figures
from tests.factories import CityFactory, EventFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def cities(event: Event) -> list[City]:
    made = [
        CityFactory.create(name="Copenhagen", country="DK"),
        CityFactory.create(name="Malmö", country="SE"),
        CityFactory.create(name="Oslo", country="NO"),
        CityFactory.create(name="Kristiansand", country="NO"),
        CityFactory.create(name="Reykjavík", country="IS"),
    ]
    CityMembership.objects.create(city=made[0], network=event.network)
    CityMembership.objects.create(city=made[1], network=event.network)
    CityMembership.objects.create(
        city=made[2], network=event.network, status=CityMembership.Status.PARTNER
    )
    return made


def populate(event: Event, cities: list[City], count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    offices = [value for value, _label in Registration.Office.choices]
    for _ in range(count):
        city = rng.choice(cities)
        RegistrationFactory.create(
            event=event,
            city=city,
            country=city.country.code,
            status=rng.choice(Status.values),
            office=rng.choice(offices),
        )


def table(client: Client, event: Event, key: str) -> dict[str, str]:
    """The rows of one figure's table as the page shows them: label -> number."""
    response = client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    [item] = [c for c in response.context["charts"] if c["figure"].key == key]
    return {row.label: str(row.value) for row, _link in item["rows"]}


def test_status_country_office_and_cities_match_the_rows(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 60)
    rows = list(
        Registration.objects.filter(event=event).values("status", "country", "office", "city__name")
    )
    active = [r for r in rows if r["status"] in ACTIVE]

    statuses = table(organizer_client, event, "status")
    assert statuses == {
        str(label): str(sum(r["status"] == value for r in rows)) for value, label in Status.choices
    }
    expected_countries = Counter(countries.name(r["country"]) for r in active)
    assert table(organizer_client, event, "country") == {
        k: str(v) for k, v in expected_countries.items()
    }
    offices = dict(Registration.Office.choices)
    expected_offices = Counter(str(offices[r["office"]]) for r in active)
    assert table(organizer_client, event, "office") == {
        k: str(v) for k, v in expected_offices.items()
    }
    by_city = Counter(r["city__name"] for r in active)
    shown = table(organizer_client, event, "cities")
    assert {label.split(",")[0]: int(n) for label, n in shown.items()} == dict(by_city)


def test_network_membership_counts_registrations_by_their_citys_status(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 40)
    kind = {"Copenhagen": "member", "Malmö": "member", "Oslo": "partner"}
    active = Registration.objects.filter(event=event, status__in=ACTIVE).values_list(
        "city__name", flat=True
    )
    expected = Counter(kind.get(name, "none") for name in active)

    shown = table(organizer_client, event, "membership")

    assert shown == {
        "Member cities": str(expected["member"]),
        "Partner cities": str(expected["partner"]),
        "Other cities": str(expected["none"]),
    }


def test_returning_cities_had_a_delegate_approved_at_an_earlier_event_of_the_network(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    copenhagen, malmo, oslo, *_rest = cities
    earlier = EventFactory.create(
        network=event.network, start_date=event.start_date - dt.timedelta(days=365)
    )
    RegistrationFactory.create(event=earlier, city=copenhagen, status=Status.APPROVED)
    RegistrationFactory.create(event=earlier, city=malmo, status=Status.DECLINED)  # not approved
    for city in (copenhagen, malmo, oslo):
        RegistrationFactory.create(event=event, city=city, status=Status.PENDING_APPROVAL)

    assert table(organizer_client, event, "returning") == {
        "Returning cities": "1",
        "First-time cities": "2",
    }


def test_session_fill_shows_seats_taken_of_seats(organizer_client: Client, event: Event) -> None:
    session = SessionFactory.create(event=event, title="InfoHouse street team", capacity=12)
    for _ in range(5):
        SignupFactory.create(session=session)
    SessionFactory.create(event=event, title="Not yet public", published_at=None, status="draft")

    response = organizer_client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))

    [item] = [c for c in response.context["charts"] if c["figure"].key == "sessions"]
    assert [(row.label, row.value, row.total) for row, _link in item["rows"]] == [
        ("InfoHouse street team", 5, 12)
    ]
    assert "5 of 12" in response.content.decode()


def test_a_row_leads_to_the_registration_list_with_the_same_count(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 30)
    response = organizer_client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))

    checked = set()
    for item in response.context["charts"]:
        for row, link, cells in item["table"]:
            for each, each_link in [(row, link), *cells]:
                if not each_link or not each.value or each.unit != "registrations":
                    continue
                listed = organizer_client.get(each_link).content.decode()
                noun = "registration matches" if each.value == 1 else "registrations match"
                assert f"{each.value} {noun}." in listed, (item["figure"].key, each.label, link)
                checked.add(item["figure"].key)
    # Every figure of registrations leads to its list, the weeks' cells too.
    assert checked >= {"status", "weeks", "country", "office", "membership", "cities"}


def test_the_charts_are_svg_hidden_from_screen_readers_with_bars_out_of_the_tab_order(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 10)
    page = organizer_client.get(
        reverse("reports:dashboard", kwargs={"slug": event.slug})
    ).content.decode()

    # Twelve figures: the meeting requests by status (none here: nothing to count), then the
    # languages and needs.
    assert page.count('<svg class="chart"') == 12 - page.count("Nothing to count yet.")
    assert 'aria-hidden="true"' in page
    assert 'tabindex="-1"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]


def test_a_script_in_a_city_name_is_shown_escaped(organizer_client: Client, event: Event) -> None:
    city = CityFactory.create(name="<script>alert(1)</script>", country="DK")
    RegistrationFactory.create(event=event, city=city)

    page = organizer_client.get(
        reverse("reports:dashboard", kwargs={"slug": event.slug})
    ).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("size", [10, 200])
def test_the_dashboard_costs_the_same_queries_at_any_size(
    organizer_client: Client,
    event: Event,
    cities: list[City],
    size: int,
    django_assert_num_queries: Any,
) -> None:
    populate(event, cities, size)
    for n in range(size // 10):
        SignupFactory.create(session=SessionFactory.create(event=event, slug=f"s-{n}"))
    url = reverse("reports:dashboard", kwargs={"slug": event.slug})
    organizer_client.get(url)  # the session and permissions, as on any page

    # The user (the session and the role are cached by the request before), the event, its
    # network (named
    # in a note), and the figures' reads (no check-in list exists here: their counts would add
    # five; the statuses are the weeks' counts summed, the countries the cities'), the last
    # the meeting requests by status, then the languages and needs (one LEFT JOIN).
    with django_assert_num_queries(14):
        assert organizer_client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "delegate"])
def test_only_organizers_see_reports(
    client: Client, delegate: User, event: Event, who: str
) -> None:
    if who == "delegate":
        client.force_login(delegate)
    for url in (reverse("reports:list"), reverse("reports:dashboard", kwargs={"slug": event.slug})):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403), url


def test_an_unknown_event_is_404_and_the_list_names_every_event(
    organizer_client: Client, event: Event
) -> None:
    assert organizer_client.get("/organizers/events/no-such-event/dashboard/").status_code == 404
    page = organizer_client.get(reverse("reports:list")).content.decode()
    assert event.name in page


def test_the_figures_of_an_empty_event_are_zeros_not_errors(event: Event) -> None:
    figures = {figure.key: figure for figure in event_figures(event)}
    assert all(row.value == 0 for row in figures["status"].rows)
    assert figures["country"].rows == figures["cities"].rows == figures["sessions"].rows == []


def test_registrations_per_week_add_up_to_every_registration(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 20)
    monday = dt.datetime(2049, 3, 1, 9, tzinfo=dt.UTC)  # a Monday
    rows = list(Registration.objects.filter(event=event).order_by("pk"))
    for n, registration in enumerate(rows):
        when = monday + dt.timedelta(days=3 * n)  # a registration every three days
        Registration.objects.filter(pk=registration.pk).update(created_at=when)
    expected_by_week: Counter[dt.date] = Counter()
    for n in range(20):
        day = (monday + dt.timedelta(days=3 * n)).date()
        expected_by_week[day - dt.timedelta(days=day.weekday())] += 1

    shown = table(organizer_client, event, "weeks")

    assert sum(int(v) for v in shown.values()) == 20
    assert list(map(int, shown.values())) == [expected_by_week[w] for w in sorted(expected_by_week)]


def test_delegation_fill_counts_approved_members_against_the_citys_seats(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    from registrations.models import Delegation, RegistrationPolicy

    RegistrationPolicy.objects.create(event=event, city_quota=4)
    copenhagen, malmo, *_rest = cities
    for status in (Status.APPROVED, Status.APPROVED, Status.WAITLISTED):
        RegistrationFactory.create(event=event, city=copenhagen, status=status)
    RegistrationFactory.create(event=event, city=malmo, status=Status.APPROVED)
    Delegation.objects.filter(event=event, city=malmo).update(quota_override=1)

    response = organizer_client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))

    [item] = [c for c in response.context["charts"] if c["figure"].key == "delegations"]
    assert [(r.label, r.value, r.total) for r, _link in item["rows"]] == [
        ("Malmö", 1, 1),
        ("Copenhagen", 2, 4),
    ]


def test_check_in_shows_arrived_of_expected_per_list(
    organizer_client: Client, event: Event, cities: list[City], organizer: User
) -> None:
    from checkin.services import check_in, checkin_lists_for

    came = RegistrationFactory.create(event=event, city=cities[0], status=Status.APPROVED)
    RegistrationFactory.create(event=event, city=cities[1], status=Status.APPROVED)
    entrance = next(x for x in checkin_lists_for(event=event) if x.is_entrance)
    check_in(checkin_list=entrance, staff=organizer, nonce="n-1", registration=came)

    response = organizer_client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))

    [item] = [c for c in response.context["charts"] if c["figure"].key == "attendance"]
    assert [(r.value, r.total) for r, _link in item["rows"] if r.label.startswith("Entrance")] == [
        (1, 2)
    ]
