"""Agenda conflicts: pure functions over plain data, so the builder can check a grid as the
organizer drags, and tests need no database. event_conflicts() at the bottom is the one
function that reads the database (a constant number of queries) and feeds the rules.

Every comparison is between aware datetimes, so it holds across daylight-saving changes; dates
are the local dates of each session's own venue.

The travel rule: a person billed in two different cities needs at least `travel_time`
(default three hours) between the end of one session and the start of the next. It covers two
sessions on the same local day and also late-evening/early-morning pairs around midnight.
Overlapping sessions are reported as a double booking instead, not twice. Two venues in the
same city count as no travel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from events.models import Event, Room
from sessions_app.models import Session

DEFAULT_TRAVEL_TIME = dt.timedelta(hours=3)


class ConflictKind(enum.StrEnum):
    ROOM_DOUBLE_BOOKED = "room_double_booked"
    PERSON_DOUBLE_BOOKED = "person_double_booked"
    OUTSIDE_EVENT_DATES = "outside_event_dates"
    OVER_ROOM_CAPACITY = "over_room_capacity"
    NO_TIME_TO_TRAVEL = "no_time_to_travel"


@dataclass(frozen=True)
class Person:
    identity: str  # "user:<id>" or "name:<casefolded name>": see SessionPerson.identity
    name: str


@dataclass(frozen=True)
class Slot:
    """What the rules need to know about one session."""

    session_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int
    room_name: str
    room_capacity: int
    capacity: int | None
    city_id: int
    city_name: str
    time_zone: str
    people: tuple[Person, ...] = ()

    def __post_init__(self) -> None:
        # In UTC: Python compares and subtracts two datetimes of the same zone by their wall
        # clocks, which is wrong across a clock change (02:15 CET comes after 02:30 CEST).
        object.__setattr__(self, "starts_at", self.starts_at.astimezone(dt.UTC))
        object.__setattr__(self, "ends_at", self.ends_at.astimezone(dt.UTC))


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    session_ids: tuple[int, ...]
    message: str


def overlaps(a: Slot, b: Slot) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _pairs_within(slots: Iterable[Slot], margin: dt.timedelta) -> Iterator[tuple[Slot, Slot]]:
    """Pairs (a, b), a starting first, where b starts before a ends + margin. Sorted sweep:
    about n log n plus the pairs found, not n squared."""
    ordered = sorted(slots, key=lambda s: (s.starts_at, s.session_id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.starts_at >= a.ends_at + margin:
                break
            yield a, b


def room_double_bookings(slots: Iterable[Slot]) -> list[Conflict]:
    by_room: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_room[slot.room_id].append(slot)
    return [
        Conflict(
            ConflictKind.ROOM_DOUBLE_BOOKED,
            (a.session_id, b.session_id),
            _("%(room)s is booked twice: “%(a)s” and “%(b)s” overlap.")
            % {"room": a.room_name, "a": a.title, "b": b.title},
        )
        for room_slots in by_room.values()
        for a, b in _pairs_within(room_slots, dt.timedelta(0))
    ]


def _by_person(slots: Iterable[Slot]) -> dict[Person, list[Slot]]:
    by_identity: dict[str, list[Slot]] = defaultdict(list)
    people: dict[str, Person] = {}
    for slot in slots:
        for person in slot.people:
            people.setdefault(person.identity, person)
            if slot not in by_identity[person.identity]:  # speaker and moderator of one session
                by_identity[person.identity].append(slot)
    return {people[identity]: person_slots for identity, person_slots in by_identity.items()}


def person_double_bookings(slots: Iterable[Slot]) -> list[Conflict]:
    return [
        Conflict(
            ConflictKind.PERSON_DOUBLE_BOOKED,
            (a.session_id, b.session_id),
            _("%(person)s is in two sessions at once: “%(a)s” and “%(b)s”.")
            % {"person": person.name, "a": a.title, "b": b.title},
        )
        for person, person_slots in _by_person(slots).items()
        for a, b in _pairs_within(person_slots, dt.timedelta(0))
    ]


def no_time_to_travel(
    slots: Iterable[Slot], travel_time: dt.timedelta = DEFAULT_TRAVEL_TIME
) -> list[Conflict]:
    return [
        Conflict(
            ConflictKind.NO_TIME_TO_TRAVEL,
            (a.session_id, b.session_id),
            _(
                "%(person)s has no time to travel from %(from)s (“%(a)s”) to %(to)s (“%(b)s”): "
                "allow at least %(hours)s hours."
            )
            % {
                "person": person.name,
                "from": a.city_name,
                "a": a.title,
                "to": b.city_name,
                "b": b.title,
                "hours": f"{travel_time.total_seconds() / 3600:g}",
            },
        )
        for person, person_slots in _by_person(slots).items()
        for a, b in _pairs_within(person_slots, travel_time)
        if a.city_id != b.city_id and not overlaps(a, b)
    ]


def local_day_bounds(
    first_day: dt.date, last_day: dt.date, time_zone: str
) -> tuple[dt.datetime, dt.datetime]:
    """From local midnight of the first day to local midnight after the last, as aware
    datetimes. Built from dates, not by adding 24 hours: a day can be 23 or 25 hours long."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def outside_event_dates(
    slots: Iterable[Slot], first_day: dt.date, last_day: dt.date
) -> list[Conflict]:
    conflicts = []
    for slot in slots:
        start, end = local_day_bounds(first_day, last_day, slot.time_zone)
        if slot.starts_at < start or slot.ends_at > end:
            conflicts.append(
                Conflict(
                    ConflictKind.OUTSIDE_EVENT_DATES,
                    (slot.session_id,),
                    _("“%(title)s” is outside the event's dates (local time, %(zone)s).")
                    % {"title": slot.title, "zone": slot.time_zone},
                )
            )
    return conflicts


def over_room_capacity(slots: Iterable[Slot]) -> list[Conflict]:
    return [
        Conflict(
            ConflictKind.OVER_ROOM_CAPACITY,
            (slot.session_id,),
            _("“%(title)s” takes %(capacity)d people but %(room)s seats %(seats)d.")
            % {
                "title": slot.title,
                "capacity": slot.capacity,
                "room": slot.room_name,
                "seats": slot.room_capacity,
            },
        )
        for slot in slots
        if slot.capacity is not None and slot.capacity > slot.room_capacity
    ]


def find_conflicts(
    slots: list[Slot],
    *,
    first_day: dt.date,
    last_day: dt.date,
    travel_time: dt.timedelta = DEFAULT_TRAVEL_TIME,
) -> list[Conflict]:
    """Every conflict among the slots (pass the sessions that will happen: not cancelled)."""
    return [
        *room_double_bookings(slots),
        *person_double_bookings(slots),
        *no_time_to_travel(slots, travel_time),
        *outside_event_dates(slots, first_day, last_day),
        *over_room_capacity(slots),
    ]


# --- the one function that reads the database ---------------------------------------------------
def event_slots(event: Event) -> list[Slot]:
    """The event's sessions that will take place (drafts and published), as slots: two queries
    whatever the number of sessions."""
    sessions = (
        Session.objects.filter(event=event)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("room__venue__city")
        .prefetch_related("people")
    )
    return [slot_of(session) for session in sessions]


def slot_of(session: Session) -> Slot:
    """Use with select_related("room__venue__city") and prefetch_related("people")."""
    venue = session.room.venue
    return Slot(
        session_id=session.pk,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room_id=session.room_id,
        room_name=session.room.name,
        room_capacity=session.room.capacity,
        capacity=session.capacity,
        city_id=venue.city_id,
        city_name=venue.city.name,
        time_zone=venue.time_zone,
        people=tuple(Person(p.identity, p.name) for p in session.people.all()),
    )


def event_conflicts(event: Event) -> list[Conflict]:
    return find_conflicts(event_slots(event), first_day=event.start_date, last_day=event.end_date)


def conflicts_if_moved(
    slots: list[Slot],
    session_id: int,
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    first_day: dt.date,
    last_day: dt.date,
) -> list[Conflict]:
    """The conflicts the session would have in `room` from `starts_at` to `ends_at`, the other
    slots staying where they are: what the builder shows while a block is dragged. Pure, like
    the rules: the room must come with select_related("venue__city")."""
    [slot] = [s for s in slots if s.session_id == session_id]
    venue = room.venue
    moved = dataclasses.replace(
        slot,
        starts_at=starts_at,
        ends_at=ends_at,
        room_id=room.pk,
        room_name=room.name,
        room_capacity=room.capacity,
        city_id=venue.city_id,
        city_name=venue.city.name,
        time_zone=venue.time_zone,
    )
    others = [s for s in slots if s.session_id != session_id]
    return [
        conflict
        for conflict in find_conflicts([*others, moved], first_day=first_day, last_day=last_day)
        if session_id in conflict.session_ids
    ]
