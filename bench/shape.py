"""What the benchmark's summit is made of: its shape (how much), the names the runner finds
its subjects by, and the people's addresses. bench/data.py writes it; bench/agenda_data.py its
agenda and sign-ups."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from bench.vocabulary import COUNTRIES, DAYS, HOURS, VENUES
from events.models import City
from registrations.models import Registration

DOMAIN = "bench.example"
ORGANIZER_EMAIL = f"organizer@{DOMAIN}"
SUMMIT_SLUG = "bench-summit"  # 300 sessions, 5,000 registrations
PAST_SLUG = "bench-dialogue-past"  # last year's, for the home page's past events
CONTENTION_SLUG = "bench-forum"  # registration open, limits smaller than the demand
NETWORK_SLUG = "bench-cities"
FANOUT_SLUG = "s000-opening-plenary"
SAMPLE_SLUG_PREFIX = "s007-"  # the session page and .ics the benchmark reads

OFFICES = [value for value, _label in Registration.Office.choices]


@dataclass(frozen=True)
class Shape:
    """How much to make. The venues (3) and events (3) are fixed; each venue's rooms (12 in all)
    come `room_sets` times (Room A, Room A 2, ...), so 10 times the sessions fit in 10 times
    the rooms at the same hours (the scale run, issue #19)."""

    countries: int = 40
    cities: int = 400
    delegates: int = 5000
    sessions: int = 300
    signups: int = 30000
    fanout: int = 1000  # attendees of the opening plenary, the session the fan-out moves
    feed: int = 25  # sessions of delegate 0, whose calendar feed is measured
    registrants: int = 1280  # users without a registration: the contention clients' people
    room_sets: int = 1

    @classmethod
    def scaled(cls, scale: float) -> Shape:
        """Every count times `scale`, with the least that still makes a usable summit."""
        full = cls()
        least = {"countries": 3, "cities": 3, "delegates": 10, "sessions": 12, "fanout": 1}
        counts = {
            f.name: max(least.get(f.name, 1), round(getattr(full, f.name) * scale))
            for f in fields(cls)
        }
        counts["feed"] = min(full.feed, max(1, counts["sessions"] // 2))
        # Countries stop at those the vocabulary names (10x has ten times the cities in them),
        # and the opening plenary's attendees at the seats of its hall.
        counts["countries"] = min(counts["countries"], len(COUNTRIES))
        counts["fanout"] = min(counts["fanout"], VENUES[0][4][0][1])
        return replace(full, **counts)


@dataclass
class Made:
    """What generate() wrote, for the command's summary."""

    counts: dict[str, int]


class ShapeError(ValueError):
    """The asked shape cannot be made valid (e.g. more sign-ups than seats and hours)."""


def check_shape(shape: Shape) -> None:
    if not 3 <= shape.countries <= len(COUNTRIES):
        raise ShapeError(f"Countries must be between 3 and {len(COUNTRIES)}.")
    if shape.cities < shape.countries:
        raise ShapeError("Every country needs a city: cities must be at least countries.")
    if shape.fanout > min(shape.delegates, VENUES[0][4][0][1]):
        raise ShapeError("The fan-out session cannot have more attendees than delegates or seats.")
    rooms = shape.room_sets * sum(len(room_rows) for *_venue, room_rows in VENUES)
    if shape.sessions > rooms * DAYS * HOURS:
        raise ShapeError(
            f"{rooms} rooms hold at most {rooms * DAYS * HOURS} sessions: ask for more room_sets."
        )
    if shape.feed > shape.sessions:
        raise ShapeError("The feed delegate cannot have more sessions than there are.")


def delegate_email(n: int) -> str:
    return f"delegate{n:04d}@{DOMAIN}"


def registrant_email(n: int) -> str:
    return f"registrant{n:04d}@{DOMAIN}"


def registrant_city(n: int, cities: list[City]) -> City:
    """The city a registrant registers for (contention benchmark): round robin, so some
    cities and countries get more people than their quota."""
    return cities[n % len(cities)]
