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
The shape and those names live in bench/shape.py, the agenda and sign-ups in bench/agenda_data.py.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import ensure_organizers_group
from bench.agenda_data import AgendaMaker
from bench.shape import (
    CONTENTION_SLUG,
    DOMAIN,
    FANOUT_SLUG,
    NETWORK_SLUG,
    OFFICES,
    ORGANIZER_EMAIL,
    PAST_SLUG,
    SAMPLE_SLUG_PREFIX,
    SUMMIT_SLUG,
    Made,
    Shape,
    ShapeError,
    check_shape,
    delegate_email,
    registrant_city,
    registrant_email,
)
from bench.vocabulary import COUNTRIES, DAYS, FIRST_NAMES, LANGUAGES, VENUES
from events.models import City, CityMembership, Event, Network, Room, Venue
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy

__all__ = [  # the runner and the tests read these names from bench.data
    "CONTENTION_SLUG",
    "DOMAIN",
    "FANOUT_SLUG",
    "NETWORK_SLUG",
    "ORGANIZER_EMAIL",
    "OFFICES",
    "PAST_SLUG",
    "SAMPLE_SLUG_PREFIX",
    "SUMMIT_SLUG",
    "Made",
    "Shape",
    "ShapeError",
    "delegate_email",
    "generate",
    "registrant_city",
    "registrant_email",
]


def generate(shape: Shape, *, seed: int = 2027) -> Made:
    """Write the whole data set in one transaction; refuses if bench data exists already."""
    check_shape(shape)
    if Network.objects.filter(slug=NETWORK_SLUG).exists():
        raise ShapeError("Bench data exists already: run on a fresh database.")
    with transaction.atomic():
        return _Generator(shape, random.Random(seed)).run()


class _Generator(AgendaMaker):
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
            rooms += [
                Room(venue=venue, name=name if copy == 1 else f"{name} {copy}", capacity=cap)
                for copy in range(1, self.shape.room_sets + 1)
                for name, cap in room_rows
            ]
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
