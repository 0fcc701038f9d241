from __future__ import annotations

import datetime as dt
import importlib
import zoneinfo
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import ORGANIZERS
from demo.load import load_demo
from demo.places import ORGANIZER_EMAIL, ORGANIZER_PASSWORD
from events.models import City, CityMembership, Event, Network, Room, Venue
from sessions_app.models import Theme

MIGRATED_THEMES = importlib.import_module("sessions_app.migrations.0002_themes").THEMES

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
NORDIC = ("DK", "FI", "IS", "NO", "SE")


def counts() -> dict[str, int]:
    return {
        "networks": Network.objects.count(),
        "cities": City.objects.count(),
        "memberships": CityMembership.objects.count(),
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
        "events": Event.objects.count(),
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
    }


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def test_load_demo_creates_the_networks_cities_venues_and_events(db: None) -> None:
    run_load_demo()

    assert counts() == {
        "networks": 2,
        "cities": 23,
        "memberships": 32,
        "venues": 4,
        "rooms": 13,
        "events": 6,
        "users": 34,  # with the check-in staff member
        "email addresses": 34,
    }
    assert list(Network.objects.values_list("short_name", "slug")) == [
        ("NSC", "nordic-safe-cities"),
        ("SCN", "strong-cities-network"),
    ]
    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        "nsc-annual-summit-2022",
        "nsc-annual-summit-next",
        "scn-dialogue-helsinki-2022",
        "scn-dialogue-helsinki-next",
        "scn-dialogue-london-2022",
        "scn-dialogue-london-next",
    ]
    assert sorted(set(City.objects.values_list("country", flat=True))) == [
        "CA",
        "DK",
        "FI",
        "GB",
        "IS",
        "NO",
        "SE",
        "US",
    ]


def test_load_demo_makes_every_nordic_city_a_member_of_nordic_safe_cities(db: None) -> None:
    run_load_demo()

    outside_nsc = City.objects.filter(country__in=NORDIC).exclude(networks__short_name="NSC")
    assert list(outside_nsc) == []
    assert City.objects.filter(country__in=NORDIC).count() == 17
    for name in ("Kristiansand", "Malmö", "Oslo"):
        city = City.objects.get(name=name)
        assert sorted(n.short_name for n in city.networks.all()) == ["NSC", "SCN"]


def test_load_demo_twice_changes_no_counts_and_keeps_the_same_rows(db: None) -> None:
    # The themes a data migration puts in every database: a transactional test run earlier
    # (a browser test) flushes them, and the demo would then count them as its own new rows.
    for slug, name in MIGRATED_THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    first_output = run_load_demo()
    before = counts()
    event_ids = dict(Event.objects.values_list("slug", "pk"))

    second_output = run_load_demo()

    assert counts() == before
    assert dict(Event.objects.values_list("slug", "pk")) == event_ids
    new_rows = [line for line in first_output.splitlines() if "new rows" in line]
    # 419, and the meetings' 12 slots, 3 tables and 7 requests (demo/meetings.py).
    assert new_rows == ["  441 new rows (a second run adds none)"], first_output
    assert "  0 new rows (a second run adds none)" in second_output.splitlines()


def test_load_demo_on_a_later_day_moves_the_next_editions_instead_of_adding_events(
    db: None,
) -> None:
    load_demo(today=dt.date(2026, 11, 23))

    load_demo(today=dt.date(2026, 12, 21))

    assert Event.objects.count() == 6
    summit = Event.objects.get(slug="nsc-annual-summit-next")
    assert (summit.name, summit.start_date, summit.end_date) == (
        "Nordic Safe Cities Annual Summit 2027",
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 2),
    )


def test_next_editions_are_dated_from_the_load_day(db: None) -> None:
    demo = load_demo(today=dt.date(2026, 11, 23))  # a Monday

    dates = {
        slug: (demo.events[slug].start_date, demo.events[slug].end_date)
        for slug in (
            "nsc-annual-summit-next",
            "scn-dialogue-london-next",
            "scn-dialogue-helsinki-next",
        )
    }
    assert dates == {
        "nsc-annual-summit-next": (dt.date(2027, 2, 1), dt.date(2027, 2, 2)),
        "scn-dialogue-london-next": (dt.date(2027, 2, 22), dt.date(2027, 2, 23)),
        "scn-dialogue-helsinki-next": (dt.date(2027, 3, 15), dt.date(2027, 3, 16)),
    }
    summit = demo.events["nsc-annual-summit-next"]
    assert summit.registration_opens_at == dt.datetime(2026, 11, 16, 8, 0, tzinfo=dt.UTC)
    # 23:59 in Copenhagen (CET, UTC+1) a week before the start.
    assert summit.registration_closes_at == dt.datetime(2027, 1, 25, 22, 59, tzinfo=dt.UTC)
    london = demo.events["scn-dialogue-london-next"]
    assert london.registration_closes_at == dt.datetime(2027, 2, 15, 23, 59, tzinfo=dt.UTC)
    helsinki = demo.events["scn-dialogue-helsinki-next"]
    assert helsinki.registration_closes_at == dt.datetime(2027, 3, 8, 21, 59, tzinfo=dt.UTC)


def test_next_summit_loaded_today_is_about_ten_weeks_ahead_with_registration_open(
    db: None,
) -> None:
    today = timezone.localdate()

    run_load_demo()

    summit = Event.objects.select_related("venue").get(slug="nsc-annual-summit-next")
    assert summit.name == f"Nordic Safe Cities Annual Summit {summit.start_date.year}"
    assert summit.start_date.weekday() == 0
    assert 70 <= (summit.start_date - today).days < 77
    assert summit.registration_is_open() is True
    closes_local = summit.registration_closes_at.astimezone(COPENHAGEN)  # type: ignore[union-attr]
    assert (closes_local.date(), closes_local.time()) == (
        summit.start_date - dt.timedelta(weeks=1),
        dt.time(23, 59),
    )
    dialogues = Event.objects.filter(slug__endswith="-next", kind=Event.Kind.DIALOGUE)
    assert [e.registration_is_open() for e in dialogues] == [True, True]
    assert all(e.start_date > summit.end_date for e in dialogues)


def test_2022_editions_keep_their_real_dates_and_closed_registration(db: None) -> None:
    run_load_demo()

    summit = Event.objects.get(slug="nsc-annual-summit-2022")
    assert (summit.name, summit.start_date, summit.end_date) == (
        "Nordic Safe Cities Annual Summit 2022",
        dt.date(2022, 10, 24),
        dt.date(2022, 10, 25),
    )
    # 23:59 in Copenhagen, still on summer time (CEST, UTC+2) in mid-October.
    assert summit.registration_closes_at == dt.datetime(2022, 10, 17, 21, 59, tzinfo=dt.UTC)
    assert summit.registration_is_open() is False
    assert (summit.venue.name, summit.venue.time_zone, summit.host_city.name) == (
        "Copenhagen City Hall (Københavns Rådhus)",
        "Europe/Copenhagen",
        "Copenhagen",
    )
    assert [v.name for v in summit.other_venues.all()] == ["Industriens Hus"]
    dialogues = Event.objects.filter(kind=Event.Kind.DIALOGUE, start_date__year=2022)
    assert [(e.host_city.name, e.venue.time_zone, e.network.short_name) for e in dialogues] == [
        ("London", "Europe/London", "SCN"),
        ("Helsinki", "Europe/Helsinki", "SCN"),
    ]


def test_load_demo_gives_each_venue_a_plenary_hall_and_workshop_rooms(db: None) -> None:
    run_load_demo()

    rooms = list(
        Room.objects.filter(venue__name="Copenhagen City Hall (Københavns Rådhus)")
        .order_by("-capacity", "name")
        .values_list("name", "capacity")
    )
    assert rooms == [
        ("Festsalen – plenary hall", 300),
        ("Workshop room 1", 40),
        ("Workshop room 2", 40),
        ("Workshop room 3", 24),
    ]


def test_demo_organizer_is_verified_staff_in_the_organizers_group(db: None) -> None:
    output = run_load_demo()

    user = User.objects.get(email=ORGANIZER_EMAIL)
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == [ORGANIZERS]
    assert list(EmailAddress.objects.filter(user=user).values_list("verified", "primary")) == [
        (True, True)
    ]
    assert output.splitlines()[-1] == f"Organizer login: {ORGANIZER_EMAIL} / {ORGANIZER_PASSWORD}"


def test_demo_organizer_logs_in_with_the_printed_password(client: Client, db: None) -> None:
    run_load_demo()

    response = client.post(
        reverse("account_login"), {"login": ORGANIZER_EMAIL, "password": ORGANIZER_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("events:home")
    assert client.get(reverse("admin:index")).status_code == 200


def test_load_demo_refuses_to_run_without_debug_unless_forced(db: None, settings: Any) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off: this creates an organizer"):
        call_command("load_demo", stdout=StringIO())

    assert counts()["events"] == 0


def test_load_demo_runs_without_force_when_debug_is_on(db: None, settings: Any) -> None:
    settings.DEBUG = True

    call_command("load_demo", stdout=StringIO())

    assert counts()["events"] == 6
