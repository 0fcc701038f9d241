"""The conflict rules on plain data (no database), then the one query that feeds them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace
from typing import Any

import pytest

from events.models import Event, Room
from sessions_app.conflicts import (
    ConflictKind,
    Person,
    Slot,
    event_conflicts,
    find_conflicts,
    no_time_to_travel,
    outside_event_dates,
    over_room_capacity,
    person_double_bookings,
    room_double_bookings,
)
from sessions_app.models import Session
from tests.factories import CityFactory, RoomFactory, VenueFactory
from tests.sessions_app.factories import SessionFactory, SessionPersonFactory, local

UTC = dt.UTC
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
DAY = dt.date(2049, 4, 20)
MAYOR = Person("user:7", "Mette Jensen")


def slot(n: int, start: dt.datetime, minutes: int = 60, **fields: object) -> Slot:
    base = Slot(
        session_id=n,
        title=f"Session {n}",
        starts_at=start,
        # Added in UTC: one zone's datetimes add by the wall clock (wrong at a clock change).
        ends_at=start.astimezone(UTC) + dt.timedelta(minutes=minutes),
        room_id=1,
        room_name="Festsalen",
        room_capacity=40,
        capacity=None,
        city_id=1,
        city_name="Copenhagen",
        time_zone="Europe/Copenhagen",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return local(day, hour, minute)


def kinds_and_ids(conflicts: list) -> list[tuple[str, tuple[int, ...]]]:
    return [(c.kind.value, c.session_ids) for c in conflicts]


# --- a room used twice at once --------------------------------------------------------------
def test_overlapping_sessions_in_one_room_conflict() -> None:
    slots = [slot(1, at(10), 90), slot(2, at(11), 60)]

    assert kinds_and_ids(room_double_bookings(slots)) == [("room_double_booked", (1, 2))]
    assert room_double_bookings(slots)[0].message == (
        "Festsalen is booked twice: “Session 1” and “Session 2” overlap."
    )


def test_back_to_back_sessions_and_other_rooms_do_not_conflict() -> None:
    slots = [slot(1, at(10)), slot(2, at(11)), slot(3, at(10, 30), room_id=2)]

    assert room_double_bookings(slots) == []


def test_a_long_session_conflicts_with_every_session_inside_it() -> None:
    slots = [slot(1, at(9), 240), slot(2, at(10)), slot(3, at(11)), slot(4, at(14))]

    assert kinds_and_ids(room_double_bookings(slots)) == [
        ("room_double_booked", (1, 2)),
        ("room_double_booked", (1, 3)),
    ]


def test_room_conflicts_compare_real_time_across_the_autumn_clock_change() -> None:
    # 30 October 2022 in Copenhagen: 03:00 CEST becomes 02:00 CET, so 02:00-03:00 happens twice.
    day = dt.date(2022, 10, 30)
    first = dt.datetime(2022, 10, 30, 2, 30, tzinfo=CPH, fold=0)  # 02:30 CEST = 00:30 UTC
    second = dt.datetime(2022, 10, 30, 2, 15, tzinfo=CPH, fold=1)  # 02:15 CET = 01:15 UTC
    third = dt.datetime(2022, 10, 30, 2, 40, tzinfo=CPH, fold=0)  # 02:40 CEST = 00:40 UTC
    slots = [slot(1, first, 20), slot(2, second, 30), slot(3, third, 20)]

    # By the wall clock 02:15-02:45 overlaps 02:30-02:50; in real time it is 45 minutes later.
    assert kinds_and_ids(room_double_bookings(slots)) == [("room_double_booked", (1, 3))]
    assert outside_event_dates(slots, day, day) == []


# --- a person in two sessions at once -------------------------------------------------------
def test_a_speaker_in_two_overlapping_sessions_conflicts() -> None:
    slots = [slot(1, at(10), people=(MAYOR,)), slot(2, at(10, 30), room_id=2, people=(MAYOR,))]

    conflicts = person_double_bookings(slots)

    assert kinds_and_ids(conflicts) == [("person_double_booked", (1, 2))]
    assert conflicts[0].message == (
        "Mette Jensen is in two sessions at once: “Session 1” and “Session 2”."
    )


def test_guests_are_recognised_by_name_and_one_role_per_session_is_no_conflict() -> None:
    guest = Person("name:jane doe", "Jane Doe")
    moderator_too = Person("name:jane doe", "Jane Doe")
    slots = [
        slot(1, at(10), people=(guest, moderator_too)),
        slot(2, at(12), people=(guest,)),
        slot(3, at(12, 30), room_id=2, people=(Person("name:jane doe", "Jane Doe"),)),
    ]

    assert kinds_and_ids(person_double_bookings(slots)) == [("person_double_booked", (2, 3))]


# --- travel between cities --------------------------------------------------------------------
MALMO: dict[str, Any] = {"city_id": 2, "city_name": "Malmö", "room_id": 9}


def test_two_cities_with_less_than_three_hours_between_conflict() -> None:
    slots = [slot(1, at(9), people=(MAYOR,)), slot(2, at(12), people=(MAYOR,), **MALMO)]

    conflicts = no_time_to_travel(slots)

    assert kinds_and_ids(conflicts) == [("no_time_to_travel", (1, 2))]
    assert conflicts[0].message == (
        "Mette Jensen has no time to travel from Copenhagen (“Session 1”) to Malmö "
        "(“Session 2”): allow at least 3 hours."
    )


def test_three_hours_between_cities_or_one_city_is_enough() -> None:
    two_cities = [slot(1, at(9), people=(MAYOR,)), slot(2, at(13), people=(MAYOR,), **MALMO)]
    one_city = [slot(1, at(9), people=(MAYOR,)), slot(2, at(10), room_id=2, people=(MAYOR,))]

    assert no_time_to_travel(two_cities) == []
    assert no_time_to_travel(one_city) == []


def test_travel_rule_spans_midnight_and_takes_a_custom_travel_time() -> None:
    late = slot(1, at(22), people=(MAYOR,))
    early = slot(2, at(0, 30, DAY + dt.timedelta(days=1)), people=(MAYOR,), **MALMO)

    assert kinds_and_ids(no_time_to_travel([late, early])) == [("no_time_to_travel", (1, 2))]
    assert no_time_to_travel([late, early], travel_time=dt.timedelta(hours=1)) == []


def test_overlap_in_two_cities_is_reported_once_as_a_double_booking() -> None:
    slots = [slot(1, at(10), people=(MAYOR,)), slot(2, at(10, 30), people=(MAYOR,), **MALMO)]

    assert kinds_and_ids(find_conflicts(slots, first_day=DAY, last_day=DAY)) == [
        ("person_double_booked", (1, 2))
    ]


# --- the event's dates, in the venue's local dates --------------------------------------------
def test_sessions_must_fall_within_the_local_event_days() -> None:
    slots = [
        slot(1, at(0)),  # starts at local midnight of the first day: inside
        slot(2, at(23)),  # ends at local midnight after the last day: inside
        slot(3, at(23, 30, DAY - dt.timedelta(days=1))),  # starts the evening before
        slot(4, at(23, 30)),  # runs past midnight
    ]

    assert kinds_and_ids(outside_event_dates(slots, DAY, DAY)) == [
        ("outside_event_dates", (3,)),
        ("outside_event_dates", (4,)),
    ]


def test_the_25_hour_day_of_the_autumn_clock_change_is_inside_the_event() -> None:
    day = dt.date(2022, 10, 30)
    # 22:00 UTC on the 29th is local midnight (CEST); 23:00 UTC on the 30th is midnight (CET).
    first = slot(1, dt.datetime(2022, 10, 29, 22, 0, tzinfo=UTC), 60)
    last = slot(2, dt.datetime(2022, 10, 30, 22, 15, tzinfo=UTC), 45)  # 23:15-24:00 CET
    before = slot(3, dt.datetime(2022, 10, 29, 21, 30, tzinfo=UTC), 60)  # from 23:30 CEST on 29th
    after = slot(4, dt.datetime(2022, 10, 30, 22, 30, tzinfo=UTC), 60)  # until 00:30 CET on 31st

    conflicts = outside_event_dates([first, last, before, after], day, day)

    assert [c.session_ids for c in conflicts] == [(3,), (4,)]


def test_local_dates_are_each_venues_own() -> None:
    # 23:30 in London on the last day is 00:30 in Copenhagen: inside for a London venue.
    london = slot(1, dt.datetime(2049, 4, 20, 22, 30, tzinfo=UTC), 30, time_zone="Europe/London")

    assert outside_event_dates([london], DAY, DAY) == []
    assert len(outside_event_dates([replace(london, time_zone="Europe/Copenhagen")], DAY, DAY)) == 1


# --- capacity ----------------------------------------------------------------------------------
def test_capacity_above_the_rooms_conflicts() -> None:
    slots = [slot(1, at(9), capacity=41), slot(2, at(11), capacity=40), slot(3, at(13))]

    conflicts = over_room_capacity(slots)

    assert kinds_and_ids(conflicts) == [("over_room_capacity", (1,))]
    assert conflicts[0].message == "“Session 1” takes 41 people but Festsalen seats 40."


# --- the query function -----------------------------------------------------------------------
def test_event_conflicts_reads_every_rule_from_the_database(
    event: Event, workshop_room: Room
) -> None:
    malmo_room = RoomFactory.create(
        venue=VenueFactory.create(city=CityFactory.create(name="Malmö", country="SE"))
    )
    event.other_venues.add(malmo_room.venue)
    a = SessionFactory.create(event=event, room=workshop_room, capacity=31)
    b = SessionFactory.create(event=event, room=workshop_room, starts_at=a.starts_at)
    c = SessionFactory.create(event=event, room=malmo_room, starts_at=a.ends_at)
    SessionFactory.create(
        event=event, room=workshop_room, starts_at=a.starts_at, status="cancelled"
    )
    for session in (a, c):
        SessionPersonFactory.create(session=session, name="Mette Jensen")

    conflicts = event_conflicts(event)

    assert sorted((c.kind, c.session_ids) for c in conflicts) == [
        (ConflictKind.NO_TIME_TO_TRAVEL, (a.pk, c.pk)),
        (ConflictKind.OVER_ROOM_CAPACITY, (a.pk,)),
        (ConflictKind.ROOM_DOUBLE_BOOKED, (a.pk, b.pk)),
    ]


@pytest.mark.parametrize("size", [10, 100])
def test_event_conflicts_costs_two_queries_at_any_size(
    event: Event, workshop_room: Room, size: int, django_assert_num_queries: object
) -> None:
    for n in range(size):
        session = SessionFactory.create(
            event=event, room=workshop_room, starts_at=local(DAY, 8) + dt.timedelta(minutes=n)
        )
        SessionPersonFactory.create(session=session)

    with django_assert_num_queries(2):  # type: ignore[operator]
        conflicts = event_conflicts(event)

    assert len(conflicts) == size * (size - 1) // 2 - sum(
        1 for i in range(size) for j in range(i + 1, size) if j - i >= 90
    )
    assert Session.objects.filter(event=event).count() == size
