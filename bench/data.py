"""The benchmark's summit: a large, valid, deterministic data set, written with bulk inserts.

Full scale (issue #6): 3 events in 3 cities, 40 countries, 400 cities, 5,000 delegates in
delegations, 300 sessions across 12 rooms in 3 venues, 30,000 session sign-ups. The same seed
on the same day gives the same rows (dates are relative to the day of the run; ids, UIDs and
timestamps aside, which the database assigns).

Valid means what the services would have produced: every registration within its event's,
city's and country's limits and in the delegation of its city, every session within its
capacity, nobody in two sessions at the same time, one history line per registration and one
"added" changelog line per published session. Mail is not involved: nothing is queued.

The runner (bench/run.py) finds its subjects by the names below: the 300-session summit
(SUMMIT_SLUG), its opening plenary with FANOUT attendees, delegate 0 with a FEED-session
calendar, and the registrants (users with no registration) of the contention benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.roles import ensure_organizers_group
from bench.vocabulary import (
    ANGLES,
    COUNTRIES,
    DAYS,
    FIRST_HOUR,
    FIRST_NAMES,
    HOURS,
    LANGUAGES,
    LAST_NAMES,
    THEMES,
    TOPICS,
    VENUES,
    WORDS,
)
from events.models import City, CityMembership, Event, Network, Room, Venue
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy
from sessions_app.models import (
    AgendaPublication,
    Session,
    SessionChange,
    SessionPerson,
    SessionPolicy,
    Signup,
    Theme,
)

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
    """How much to make. The rooms (12), venues (3) and events (3) are fixed."""

    countries: int = 40
    cities: int = 400
    delegates: int = 5000
    sessions: int = 300
    signups: int = 30000
    fanout: int = 1000  # attendees of the opening plenary, the session the fan-out moves
    feed: int = 25  # sessions of delegate 0, whose calendar feed is measured
    registrants: int = 1280  # users without a registration: the contention clients' people

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
        return replace(full, **counts)


@dataclass
class Made:
    """What generate() wrote, for the command's summary."""

    counts: dict[str, int]


class ShapeError(ValueError):
    """The asked shape cannot be made valid (e.g. more sign-ups than seats and hours)."""


def generate(shape: Shape, *, seed: int = 2027) -> Made:
    """Write the whole data set in one transaction; refuses if bench data exists already."""
    _check(shape)
    if Network.objects.filter(slug=NETWORK_SLUG).exists():
        raise ShapeError("Bench data exists already: run on a fresh database.")
    with transaction.atomic():
        return _Generator(shape, random.Random(seed)).run()


def _check(shape: Shape) -> None:
    if not 3 <= shape.countries <= len(COUNTRIES):
        raise ShapeError(f"Countries must be between 3 and {len(COUNTRIES)}.")
    if shape.cities < shape.countries:
        raise ShapeError("Every country needs a city: cities must be at least countries.")
    if shape.fanout > min(shape.delegates, VENUES[0][4][0][1]):
        raise ShapeError("The fan-out session cannot have more attendees than delegates or seats.")
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


class _Generator:
    def __init__(self, shape: Shape, rng: random.Random) -> None:
        self.shape = shape
        self.rng = rng
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts: Counter[str] = Counter()

    def run(self) -> Made:
        self.network = Network.objects.create(
            name="Bench Cities", short_name="BC", slug=NETWORK_SLUG
        )
        self.cities = self._cities()
        self.rooms = self._venues_and_rooms()
        self.organizer = self._organizer()
        summit, past, forum = self._events()
        delegates = self._users(delegate_email, self.shape.delegates, "Delegate")
        self._users(registrant_email, self.shape.registrants, "Registrant")
        self._register(summit, delegates)
        self._register(past, delegates[: len(delegates) // 5])
        RegistrationPolicy.objects.create(
            event=forum,
            capacity=max(1, self.shape.registrants * 5 // 8),
            city_quota=3,
            country_quota=max(1, self.shape.registrants * 3 // (4 * self.shape.countries)),
            requires_approval=True,
        )
        sessions = self._sessions(summit)
        self._signups(sessions, delegates)
        return Made(counts=dict(self.counts))

    # --- places ---------------------------------------------------------------------------------
    def _cities(self) -> list[City]:
        codes = COUNTRIES[: self.shape.countries]
        hosts = {country: name for name, country, *_rest in VENUES}
        cities = []
        for n in range(self.shape.cities):
            code = codes[n % len(codes)]
            number = n // len(codes)
            name = hosts[code] if number == 0 and code in hosts else f"{code} City {number + 1:02d}"
            cities.append(City(name=name, country=code))
        cities = City.objects.bulk_create(cities)
        CityMembership.objects.bulk_create(
            CityMembership(city=city, network=self.network, since=dt.date(2020, 1, 1))
            for city in cities
        )
        self.counts.update(countries=len(codes), cities=len(cities))
        return cities

    def _venues_and_rooms(self) -> list[Room]:
        by_name = {(c.name, c.country.code): c for c in self.cities}
        rooms = []
        self.venues = []
        for city_name, country, zone, venue_name, room_rows in VENUES:
            venue = Venue.objects.create(
                name=venue_name,
                address=f"Main square 1, {city_name}",
                city=by_name[(city_name, country)],
                time_zone=zone,
            )
            self.venues.append(venue)
            rooms += [Room(venue=venue, name=name, capacity=cap) for name, cap in room_rows]
        self.counts.update(venues=len(self.venues), rooms=len(rooms))
        return Room.objects.bulk_create(rooms)

    def _organizer(self) -> User:
        organizer = User.objects.create(
            email=ORGANIZER_EMAIL, first_name="Olga", last_name="Organizer", is_staff=True
        )
        organizer.groups.add(ensure_organizers_group())
        return organizer

    def _events(self) -> tuple[Event, Event, Event]:
        start = self.today + dt.timedelta(days=60)
        opens, closes = self.now - dt.timedelta(days=10), self.now + dt.timedelta(days=40)
        common = {"network": self.network, "is_published": True, "description": "Bench data."}
        cph, london, helsinki = self.venues
        summit = Event.objects.create(
            name="Bench Summit",
            slug=SUMMIT_SLUG,
            host_city=cph.city,
            venue=cph,
            start_date=start,
            end_date=start + dt.timedelta(days=DAYS - 1),
            registration_opens_at=opens,
            registration_closes_at=closes,
            summary="Three days, three cities, 300 sessions.",
            **common,
        )
        summit.other_venues.set([london, helsinki])
        past = Event.objects.create(
            name="Bench Dialogue",
            slug=PAST_SLUG,
            kind=Event.Kind.DIALOGUE,
            host_city=london.city,
            venue=london,
            start_date=start - dt.timedelta(days=365),
            end_date=start - dt.timedelta(days=364),
            **common,
        )
        forum = Event.objects.create(
            name="Bench Forum",
            slug=CONTENTION_SLUG,
            kind=Event.Kind.CONFERENCE,
            host_city=helsinki.city,
            venue=helsinki,
            start_date=start + dt.timedelta(days=30),
            end_date=start + dt.timedelta(days=31),
            registration_opens_at=opens,
            registration_closes_at=closes,
            **common,
        )
        self.counts.update(events=3)
        return summit, past, forum

    # --- people ---------------------------------------------------------------------------------
    def _users(self, email: Callable[[int], str], count: int, last_name: str) -> list[User]:
        users = User.objects.bulk_create(
            User(
                email=email(n),
                first_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]}",
                last_name=f"{last_name} {n:04d}",
                password="!bench",  # unusable: the runner signs people in with sessions
            )
            for n in range(count)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        self.counts[f"{last_name.lower()}s"] = len(users)
        return users

    def _register(self, event: Event, people: list[User]) -> None:
        """Everyone approved, in the delegation of their city (city n % cities); the first
        registrant of a city coordinates its delegation. Limits set to fit, then checked."""
        per_city = Counter(n % len(self.cities) for n in range(len(people)))
        per_country: Counter[str] = Counter()
        for index, n in per_city.items():
            per_country[self.cities[index].country.code] += n
        RegistrationPolicy.objects.create(
            event=event,
            capacity=len(people) + len(people) // 10,
            city_quota=max(per_city.values()) + 5,
            country_quota=max(per_country.values()) + 20,
            requires_approval=False,
        )
        delegations = Delegation.objects.bulk_create(
            Delegation(event=event, city=self.cities[index], coordinator=people[index])
            for index in sorted(per_city)
        )
        by_city = {d.city_id: d for d in delegations}
        registrations = []
        for n, user in enumerate(people):
            city = self.cities[n % len(self.cities)]
            registrations.append(
                Registration(
                    event=event,
                    user=user,
                    delegation=by_city[city.pk],
                    city=city,
                    country=city.country,
                    badge_name=f"{user.first_name} {user.last_name}",
                    office=self.rng.choice(OFFICES),
                    organization=f"City of {city.name}",
                    languages=self.rng.choice(LANGUAGES),
                    privacy_accepted_at=self.now,
                    status=Registration.Status.APPROVED,
                )
            )
        registrations = Registration.objects.bulk_create(registrations, batch_size=2000)
        RegistrationChange.objects.bulk_create(
            (
                RegistrationChange(
                    registration=r,
                    changed_by_id=r.user_id,
                    old_status="",
                    new_status=r.status,
                    description="Registered",
                )
                for r in registrations
            ),
            batch_size=2000,
        )
        self.counts["registrations"] += len(registrations)
        self.counts["delegations"] += len(delegations)

    # --- the agenda -----------------------------------------------------------------------------
    def _sessions(self, event: Event) -> list[Session]:
        """Sessions spread over rooms and hours so that no room is used twice at once: session n
        is in room n % 12, at the room's (n // 12)-th slot shifted by 5 slots per room."""
        themes = Theme.objects.bulk_create(Theme(name=name, slug=slugify(name)) for name in THEMES)
        host = settings.SITE_URL.split("://", 1)[-1].split(":")[0].split("/")[0] or "bench"
        sessions = []
        for n in range(self.shape.sessions):
            room = self.rooms[n % len(self.rooms)]
            slot = (n // len(self.rooms) + (n % len(self.rooms)) * 5) % (DAYS * HOURS)
            starts_at = self._local(event, room, slot)
            title, slug = self._title(n, room)
            sessions.append(
                Session(
                    event=event,
                    title=title,
                    slug=slug,
                    description=self._description(),
                    format=Session.Format.PLENARY if room.capacity >= 300 else self._format(),
                    room=room,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=50),
                    languages=self.rng.choice(LANGUAGES),
                    status=Session.Status.PUBLISHED,
                    uid=f"session-bench-{n:04d}@{host}",
                    published_at=self.now,
                )
            )
        sessions = Session.objects.bulk_create(sessions)
        Session.themes.through.objects.bulk_create(
            Session.themes.through(session=s, theme=theme)
            for s in sessions
            for theme in self.rng.sample(themes, self.rng.choice((1, 1, 2)))
        )
        self._people(sessions)
        self._publication(event, sessions)
        self.counts.update(sessions=len(sessions), themes=len(themes))
        return sessions

    def _local(self, event: Event, room: Room, slot: int) -> dt.datetime:
        day, hour = divmod(slot, HOURS)
        zone = zoneinfo.ZoneInfo(next(v.time_zone for v in self.venues if v.pk == room.venue_id))
        local = dt.datetime.combine(
            event.start_date + dt.timedelta(days=day), dt.time(FIRST_HOUR + hour), tzinfo=zone
        )
        return local.astimezone(dt.UTC)

    def _title(self, n: int, room: Room) -> tuple[str, str]:
        if n == 0:
            return "Opening plenary", FANOUT_SLUG
        topic = TOPICS[n % len(TOPICS)]
        title = f"{topic}: {self.rng.choice(ANGLES)} {self.cities[n % len(self.cities)].name}"
        return title, f"s{n:03d}-{slugify(title)[:80]}"

    def _description(self) -> str:
        sentences = [
            " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(8, 16))).capitalize()
            + "."
            for _ in range(self.rng.randint(3, 6))
        ]
        points = "\n".join(
            f"- {self.rng.choice(WORDS)} and {self.rng.choice(WORDS)}" for _ in "abc"
        )
        return " ".join(sentences) + "\n\nWhat you take home:\n\n" + points

    def _format(self) -> str:
        choices = [Session.Format.WORKSHOP, Session.Format.PANEL, Session.Format.DIALOGUE]
        return str(self.rng.choice(choices))

    def _people(self, sessions: list[Session]) -> None:
        """One to three external guests per session, each billed once (no double booking)."""
        people: list[SessionPerson] = []
        for session in sessions:
            for position in range(self.rng.randint(1, 3)):
                n = len(people)
                first = FIRST_NAMES[n % len(FIRST_NAMES)]
                last = LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]
                people.append(
                    SessionPerson(
                        session=session,
                        role=SessionPerson.Role.MODERATOR if position == 0 else "speaker",
                        name=f"{first} {last} {n // (len(FIRST_NAMES) * len(LAST_NAMES)) + 1}",
                        office=self.rng.choice(OFFICES),
                        city=self.rng.choice(self.cities),
                        position=position,
                    )
                )
        SessionPerson.objects.bulk_create(people)
        self.counts["speakers"] = len(people)

    def _publication(self, event: Event, sessions: list[Session]) -> None:
        SessionPolicy.objects.create(event=event)
        publication = AgendaPublication.objects.create(
            event=event, number=1, published_by=self.organizer
        )
        SessionChange.objects.bulk_create(
            SessionChange(
                session=s,
                revision=0,
                kind=SessionChange.Kind.ADDED,
                after={"title": s.title, "starts_at": s.starts_at.isoformat()},
                changed_by=self.organizer,
                is_public=True,
                publication=publication,
            )
            for s in sessions
        )

    # --- sign-ups -------------------------------------------------------------------------------
    def _signups(self, sessions: list[Session], delegates: list[User]) -> None:
        """The opening plenary gets the first FANOUT delegates; delegate 0 gets FEED sessions;
        the rest are drawn at random, never over a session's capacity, never two at one time."""
        capacity = [s.room.capacity for s in sessions]
        seated = [0] * len(sessions)
        hours: list[set[dt.datetime]] = [set() for _ in delegates]
        pairs: list[tuple[int, int]] = []

        def take(d: int, s: int) -> bool:
            if seated[s] >= capacity[s] or sessions[s].starts_at in hours[d]:
                return False
            seated[s] += 1
            hours[d].add(sessions[s].starts_at)
            pairs.append((d, s))
            return True

        for d in range(self.shape.fanout):
            take(d, 0)
        for s in range(1, len(sessions)):
            if len(hours[0]) >= self.shape.feed:
                break
            take(0, s)
        if len(hours[0]) != self.shape.feed:
            raise ShapeError("Not enough sessions at distinct hours for the feed delegate.")
        self._fill(take, pairs, len(sessions), len(delegates))
        Signup.objects.bulk_create(
            (
                Signup(session=sessions[s], user=delegates[d], status=Signup.Status.SIGNED_UP)
                for d, s in pairs
            ),
            batch_size=5000,
        )
        self.counts["signups"] = len(pairs)

    def _fill(
        self,
        take: Callable[[int, int], bool],
        pairs: list[tuple[int, int]],
        sessions: int,
        people: int,
    ) -> None:
        attempts = 0
        # Delegate 0 and the opening plenary are complete; everyone else is drawn at random.
        while len(pairs) < self.shape.signups:
            attempts += 1
            if attempts > 50 * self.shape.signups or people < 2 or sessions < 2:
                raise ShapeError(
                    f"Cannot place {self.shape.signups} sign-ups: only {len(pairs)} fit the "
                    "seats and hours. Ask for fewer sign-ups or more sessions or delegates."
                )
            take(self.rng.randrange(1, people), self.rng.randrange(1, sessions))
