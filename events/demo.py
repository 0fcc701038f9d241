"""The demo summit: Nordic Safe Cities and the Strong Cities Network, from the 2022 seed.

Loading is idempotent: every row is found by its natural key (slugs, (name, country), (venue,
name), email) and updated, so a second run adds nothing. The data sit in small module-level
tuples and each kind of row has its own `load_*` function; a later feature (sessions,
delegates) adds its tuples and one more `load_*` call in `load_demo`, reading what it needs
from the `Demo` it is passed (`demo.events["nsc-annual-summit-next"]`).

Two editions of each event: the 2022 one on its real dates, and the next one, dated relative
to the day of loading. The next edition's slug ends in "-next" and never carries a year, so a
reload on a later day moves that same row to new dates instead of adding another event.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import ensure_organizers_group
from events.models import City, CityMembership, Event, Network, Room, Venue
from events.templatetags.summit import date_range, format_local
from outbox.services import mail_suppressed
from registrations.demo import delegate_login, load_delegates, summarize_delegates
from sessions_app.demo import load_programme, load_signups, summarize_programme

ORGANIZER_EMAIL = "organizer@summit.example"
# Known on purpose, so the command can print it; the command refuses to run unless DEBUG.
ORGANIZER_PASSWORD = "nordic-safe-cities-demo"

REGISTRATION_OPENS_AT = dt.time(9, 0)  # local time of the main venue
REGISTRATION_CLOSES_AT = dt.time(23, 59)


class NetworkRow(NamedTuple):
    short_name: str
    name: str
    slug: str
    website: str


class MembershipRow(NamedTuple):
    city: str
    network: str
    status: CityMembership.Status
    since: dt.date


class VenueRow(NamedTuple):
    name: str
    address: str
    city: str
    time_zone: str
    rooms: tuple[tuple[str, int], ...]  # (name, capacity)


class Series(NamedTuple):
    """What the editions of one event share; each edition's name adds its year."""

    name: str
    kind: Event.Kind
    network: str
    venue: str
    other_venues: tuple[str, ...] = ()


class Edition(NamedTuple):
    slug: str
    series: Series
    summary: str
    description: str


class Schedule(NamedTuple):
    start: dt.date
    end: dt.date
    registration_opens: dt.date  # at REGISTRATION_OPENS_AT, venue time
    registration_closes: dt.date  # at REGISTRATION_CLOSES_AT, venue time


NETWORKS: tuple[NetworkRow, ...] = (
    NetworkRow("NSC", "Nordic Safe Cities", "nordic-safe-cities", "https://nordicsafecities.org/"),
    NetworkRow(
        "SCN", "Strong Cities Network", "strong-cities-network", "https://strongcitiesnetwork.org/"
    ),
)

CITIES: tuple[tuple[str, str], ...] = (
    ("Copenhagen", "DK"),
    ("Aarhus", "DK"),
    ("Odense", "DK"),
    ("Aalborg", "DK"),
    ("Malmö", "SE"),
    ("Gothenburg", "SE"),
    ("Stockholm", "SE"),
    ("Uppsala", "SE"),
    ("Oslo", "NO"),
    ("Bergen", "NO"),
    ("Kristiansand", "NO"),
    ("Trondheim", "NO"),
    ("Helsinki", "FI"),
    ("Espoo", "FI"),
    ("Tampere", "FI"),
    ("Turku", "FI"),
    ("Reykjavík", "IS"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Montréal", "CA"),
    ("Minneapolis", "US"),
    ("Denver", "US"),
)

MEMBER, PARTNER = CityMembership.Status.MEMBER, CityMembership.Status.PARTNER
# The seed names Kristiansand, Malmö and Oslo as members of both networks and says many Nordic
# cities are; which others are, their status and every date here are illustrative.
MEMBERSHIPS: tuple[MembershipRow, ...] = (
    MembershipRow("Copenhagen", "NSC", MEMBER, dt.date(2017, 11, 1)),
    MembershipRow("Aarhus", "NSC", MEMBER, dt.date(2017, 11, 1)),
    MembershipRow("Odense", "NSC", MEMBER, dt.date(2018, 5, 1)),
    MembershipRow("Aalborg", "NSC", MEMBER, dt.date(2019, 3, 1)),
    MembershipRow("Malmö", "NSC", MEMBER, dt.date(2017, 11, 1)),
    MembershipRow("Gothenburg", "NSC", MEMBER, dt.date(2018, 2, 1)),
    MembershipRow("Stockholm", "NSC", MEMBER, dt.date(2018, 2, 1)),
    MembershipRow("Uppsala", "NSC", MEMBER, dt.date(2019, 9, 1)),
    MembershipRow("Oslo", "NSC", MEMBER, dt.date(2017, 11, 1)),
    MembershipRow("Bergen", "NSC", MEMBER, dt.date(2018, 6, 1)),
    MembershipRow("Kristiansand", "NSC", MEMBER, dt.date(2018, 6, 1)),
    MembershipRow("Trondheim", "NSC", MEMBER, dt.date(2020, 1, 15)),
    MembershipRow("Helsinki", "NSC", MEMBER, dt.date(2018, 2, 1)),
    MembershipRow("Espoo", "NSC", MEMBER, dt.date(2018, 9, 1)),
    MembershipRow("Tampere", "NSC", MEMBER, dt.date(2019, 1, 15)),
    MembershipRow("Turku", "NSC", MEMBER, dt.date(2019, 5, 1)),
    MembershipRow("Reykjavík", "NSC", MEMBER, dt.date(2019, 11, 1)),
    MembershipRow("Copenhagen", "SCN", MEMBER, dt.date(2016, 6, 1)),
    MembershipRow("Aarhus", "SCN", MEMBER, dt.date(2015, 9, 29)),
    MembershipRow("Malmö", "SCN", MEMBER, dt.date(2016, 3, 1)),
    MembershipRow("Gothenburg", "SCN", PARTNER, dt.date(2019, 10, 1)),
    MembershipRow("Stockholm", "SCN", MEMBER, dt.date(2017, 5, 1)),
    MembershipRow("Oslo", "SCN", MEMBER, dt.date(2015, 9, 29)),
    MembershipRow("Kristiansand", "SCN", MEMBER, dt.date(2016, 11, 1)),
    MembershipRow("Helsinki", "SCN", MEMBER, dt.date(2016, 9, 1)),
    MembershipRow("Turku", "SCN", PARTNER, dt.date(2021, 3, 1)),
    MembershipRow("Reykjavík", "SCN", PARTNER, dt.date(2021, 9, 1)),
    MembershipRow("London", "SCN", MEMBER, dt.date(2015, 9, 29)),
    MembershipRow("Manchester", "SCN", MEMBER, dt.date(2017, 9, 1)),
    MembershipRow("Montréal", "SCN", MEMBER, dt.date(2015, 9, 29)),
    MembershipRow("Minneapolis", "SCN", MEMBER, dt.date(2015, 9, 29)),
    MembershipRow("Denver", "SCN", MEMBER, dt.date(2016, 5, 1)),
)

CPH_CITY_HALL = "Copenhagen City Hall (Københavns Rådhus)"
INDUSTRIENS_HUS = "Industriens Hus"
GUILDHALL = "Guildhall"
HELSINKI_CITY_HALL = "Helsinki City Hall (Helsingin kaupungintalo)"

VENUES: tuple[VenueRow, ...] = (
    VenueRow(
        CPH_CITY_HALL,
        "Rådhuspladsen 1\n1599 København V",
        "Copenhagen",
        "Europe/Copenhagen",
        (
            ("Festsalen – plenary hall", 300),
            ("Workshop room 1", 40),
            ("Workshop room 2", 40),
            ("Workshop room 3", 24),
        ),
    ),
    VenueRow(
        INDUSTRIENS_HUS,
        "H.C. Andersens Boulevard 18\n1553 København V",
        "Copenhagen",
        "Europe/Copenhagen",
        (("Auditorium", 180), ("Workshop room A", 36), ("Workshop room B", 36)),
    ),
    VenueRow(
        GUILDHALL,
        "Gresham Street\nLondon EC2V 7HH",
        "London",
        "Europe/London",
        (("Great Hall – plenary hall", 250), ("Committee room 1", 30), ("Committee room 2", 30)),
    ),
    VenueRow(
        HELSINKI_CITY_HALL,
        "Pohjoisesplanadi 11–13\n00170 Helsinki",
        "Helsinki",
        "Europe/Helsinki",
        (("Banquet hall – plenary hall", 220), ("Workshop room 1", 30), ("Workshop room 2", 30)),
    ),
)

NSC_SUMMIT = Series(
    "Nordic Safe Cities Annual Summit",
    Event.Kind.SUMMIT,
    "NSC",
    CPH_CITY_HALL,
    (INDUSTRIENS_HUS,),
)
LONDON_DIALOGUE = Series(
    "Transatlantic Mayoral Dialogue: London", Event.Kind.DIALOGUE, "SCN", GUILDHALL
)
HELSINKI_DIALOGUE = Series(
    "Transatlantic Mayoral Dialogue: Helsinki", Event.Kind.DIALOGUE, "SCN", HELSINKI_CITY_HALL
)

THREATS = (
    "disinformation and misinformation, conspiracy narratives, and anti-government and "
    "anti-democratic sentiment, all dimensions of the broader challenges of extremism and hate"
)

EDITIONS_2022: tuple[tuple[Edition, Schedule], ...] = (
    (
        Edition(
            "nsc-annual-summit-2022",
            NSC_SUMMIT,
            "City governments from Denmark, Finland, Iceland, Norway and Sweden shared how they "
            "adapt to an evolving threat landscape, with the Strong Cities Network taking part.",
            "Over two days in Copenhagen, city-level governments and authorities from across "
            "the Nordic region compared how they are adapting their approaches to an evolving "
            f"threat landscape: {THREATS}.\n\n"
            "The City of Copenhagen shared best practices and lessons learned from its "
            "multiagency InfoHouse approach, and its street team was highlighted for excellent "
            "work.\n\n"
            "The Strong Cities Network Management Unit took part. Many participating cities, "
            "such as Kristiansand, Malmö and Oslo, belong to both networks; the summit "
            "identified where the two networks can strengthen their coordination in 2023.",
        ),
        Schedule(
            dt.date(2022, 10, 24),
            dt.date(2022, 10, 25),
            dt.date(2022, 8, 15),
            dt.date(2022, 10, 17),
        ),
    ),
    # The seed mentions the London and Helsinki workshops but not their dates: these are
    # plausible 2022 dates, not the real ones.
    (
        Edition(
            "scn-dialogue-london-2022",
            LONDON_DIALOGUE,
            "Mayors and local leaders from both sides of the Atlantic on safeguarding local "
            "democracy against disinformation, conspiracy and anti-democratic sentiment.",
            "A Strong Cities Network workshop in its series of transatlantic mayoral and local "
            "government dialogues. Local leaders from North America, the United Kingdom and the "
            "Nordic states compared how their cities meet a shared, complex threat landscape: "
            f"{THREATS}.\n\n"
            "The overall focus was safeguarding local democracy, and what mayors and local "
            "political leaders can do to protect it.",
        ),
        Schedule(
            dt.date(2022, 9, 27), dt.date(2022, 9, 28), dt.date(2022, 7, 18), dt.date(2022, 9, 20)
        ),
    ),
    (
        Edition(
            "scn-dialogue-helsinki-2022",
            HELSINKI_DIALOGUE,
            "The transatlantic dialogue continued in Helsinki: Nordic and North American local "
            "leaders on the threats facing cities on both sides of the Atlantic.",
            "The second 2022 workshop of the Strong Cities Network's transatlantic mayoral "
            "dialogue gave local leaders, including those of the Nordic states, a platform to "
            f"share experiences and learnings with their peers on {THREATS}.\n\n"
            "Held after the Nordic Safe Cities summit, it looked ahead to the two networks' "
            "continued partnership in 2023.",
        ),
        Schedule(
            dt.date(2022, 12, 1), dt.date(2022, 12, 2), dt.date(2022, 9, 26), dt.date(2022, 11, 24)
        ),
    ),
)

# The next editions, with how many weeks after the day of loading each one starts.
NEXT_EDITIONS: tuple[tuple[Edition, int], ...] = (
    (
        Edition(
            "nsc-annual-summit-next",
            NSC_SUMMIT,
            "The yearly meeting of Nordic mayors, local leaders and practitioners on keeping "
            "cities safe and local democracy strong, with the Strong Cities Network.",
            "The annual summit brings together city governments and authorities from Denmark, "
            "Finland, Iceland, Norway and Sweden to share how they prevent and respond to "
            f"{THREATS}.\n\n"
            "Plenary sessions take place in the Festsalen of Copenhagen City Hall; workshops run "
            "at City Hall and at Industriens Hus on the City Hall Square. Practitioners from "
            "multiagency set-ups such as Copenhagen's InfoHouse and its street team share what "
            "works in their neighbourhoods.\n\n"
            "Building on the partnership deepened since 2022, the Strong Cities Network joins "
            "again to connect Nordic cities with their peers across the Atlantic.",
        ),
        10,
    ),
    (
        Edition(
            "scn-dialogue-london-next",
            LONDON_DIALOGUE,
            "Mayors and local leaders from Europe and North America on safeguarding local "
            "democracy: what works against disinformation, conspiracy and hate.",
            "The Strong Cities Network's transatlantic mayoral dialogue returns to London. "
            "Mayors, local political leaders and their teams from North America, the United "
            "Kingdom and the Nordic states work through the challenges their cities share: "
            f"{THREATS}.\n\n"
            "Expect short inputs from cities, then workshops in small groups on what a city "
            "hall can do to safeguard local democracy.",
        ),
        13,
    ),
    (
        Edition(
            "scn-dialogue-helsinki-next",
            HELSINKI_DIALOGUE,
            "Nordic and North American local leaders meet in Helsinki to turn shared "
            "experience into practice against extremism and hate.",
            "The Helsinki workshop of the Strong Cities Network's transatlantic mayoral "
            "dialogue, run in partnership with Nordic Safe Cities. Cities compare how they "
            f"meet {THREATS}, and how regional practitioner networks and international "
            "political fora can support each other.",
        ),
        16,
    ),
)


@dataclass
class Demo:
    """What one load produced, keyed for the next `load_*` function to look up."""

    today: dt.date
    networks: dict[str, Network] = field(default_factory=dict)  # by short name
    cities: dict[str, City] = field(default_factory=dict)  # by name
    venues: dict[str, Venue] = field(default_factory=dict)  # by name
    events: dict[str, Event] = field(default_factory=dict)  # by slug
    organizer: User | None = None
    created: Counter[str] = field(default_factory=Counter)  # rows created, by model name

    def note(self, obj: models.Model, created: bool) -> None:
        if created:
            self.created[type(obj).__name__] += 1


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> Demo:
    """Create or update every demo row; the next editions are dated from `today`."""
    demo = Demo(today=today or timezone.localdate())
    load_networks(demo)
    load_cities(demo)
    load_memberships(demo)
    load_venues(demo)
    load_events(demo)
    load_organizer(demo)
    load_programme(demo)
    with mail_suppressed():
        load_delegates(demo)
        load_signups(demo)
    return demo


def load_networks(demo: Demo) -> None:
    for row in NETWORKS:
        network, created = Network.objects.update_or_create(
            slug=row.slug,
            defaults={"name": row.name, "short_name": row.short_name, "website": row.website},
        )
        demo.note(network, created)
        demo.networks[row.short_name] = network


def load_cities(demo: Demo) -> None:
    for name, country in CITIES:
        city, created = City.objects.get_or_create(name=name, country=country)
        demo.note(city, created)
        demo.cities[name] = city


def load_memberships(demo: Demo) -> None:
    for row in MEMBERSHIPS:
        membership, created = CityMembership.objects.update_or_create(
            city=demo.cities[row.city],
            network=demo.networks[row.network],
            defaults={"status": row.status, "since": row.since},
        )
        demo.note(membership, created)


def load_venues(demo: Demo) -> None:
    for row in VENUES:
        venue, created = Venue.objects.update_or_create(
            name=row.name,
            city=demo.cities[row.city],
            defaults={"address": row.address, "time_zone": row.time_zone},
        )
        demo.note(venue, created)
        demo.venues[row.name] = venue
        for room_name, capacity in row.rooms:
            room, created = Room.objects.update_or_create(
                venue=venue, name=room_name, defaults={"capacity": capacity}
            )
            demo.note(room, created)


def load_events(demo: Demo) -> None:
    for edition, schedule in EDITIONS_2022:
        load_event(demo, edition, schedule)
    for edition, weeks_ahead in NEXT_EDITIONS:
        load_event(demo, edition, schedule_next_edition(demo.today, weeks_ahead))


def schedule_next_edition(today: dt.date, weeks_ahead: int) -> Schedule:
    """Two days from the Monday on or after `weeks_ahead` weeks from today.

    Registration opened a week ago, so it is open today, and closes a week before the start.
    """
    day = today + dt.timedelta(weeks=weeks_ahead)
    start = day + dt.timedelta(days=-day.weekday() % 7)
    week = dt.timedelta(weeks=1)
    return Schedule(start, start + dt.timedelta(days=1), today - week, start - week)


def load_event(demo: Demo, edition: Edition, schedule: Schedule) -> Event:
    series = edition.series
    venue = demo.venues[series.venue]
    event, created = Event.objects.update_or_create(
        slug=edition.slug,
        defaults={
            "name": f"{series.name} {schedule.start.year}",
            "kind": series.kind,
            "network": demo.networks[series.network],
            "host_city": venue.city,
            "venue": venue,
            "start_date": schedule.start,
            "end_date": schedule.end,
            "registration_opens_at": _at(schedule.registration_opens, REGISTRATION_OPENS_AT, venue),
            "registration_closes_at": _at(
                schedule.registration_closes, REGISTRATION_CLOSES_AT, venue
            ),
            "summary": edition.summary,
            "description": edition.description,
            "is_published": True,
        },
    )
    event.other_venues.set([demo.venues[name] for name in series.other_venues])
    demo.note(event, created)
    demo.events[edition.slug] = event
    return event


def _at(day: dt.date, time: dt.time, venue: Venue) -> dt.datetime:
    """The aware moment the venue's clocks show `day` at `time`."""
    return dt.datetime.combine(day, time, tzinfo=venue.zone)


def load_organizer(demo: Demo) -> User:
    """The demo organizer: staff (the admin needs it), in the Organizers group, email verified.

    The password is reset on every load so the one printed is always the one that works.
    """
    user, created = User.objects.get_or_create(
        email=ORGANIZER_EMAIL, defaults={"first_name": "Demo", "last_name": "Organizer"}
    )
    user.is_staff = True
    user.set_password(ORGANIZER_PASSWORD)
    user.save()
    user.groups.add(ensure_organizers_group())
    address, address_created = EmailAddress.objects.update_or_create(
        user=user, email=ORGANIZER_EMAIL, defaults={"verified": True, "primary": True}
    )
    demo.note(user, created)
    demo.note(address, address_created)
    demo.organizer = user
    return user


def summarize_demo(demo: Demo) -> list[str]:
    """The lines the command prints: what is there, what is new, how to log in."""
    countries = {str(city.country) for city in demo.cities.values()}
    rooms = sum(len(row.rooms) for row in VENUES)
    events = sorted(demo.events.values(), key=lambda event: event.start_date)
    upcoming = [event for event in events if not event.is_past(demo.today)]
    lines = [
        f"Demo loaded for {demo.today.isoformat()}:",
        f"  {len(demo.networks)} networks, {len(demo.cities)} cities in {len(countries)} "
        f"countries, {len(MEMBERSHIPS)} network memberships",
        f"  {len(demo.venues)} venues with {rooms} rooms",
        f"  {len(events)} events ({len(upcoming)} upcoming):",
        *(f"    {_describe_event(event, demo.today)}" for event in events),
        *summarize_programme(),
        *summarize_delegates(),
        f"  {sum(demo.created.values())} new rows (a second run adds none)",
        delegate_login(),
    ]
    if demo.organizer:
        lines.append(f"Organizer login: {ORGANIZER_EMAIL} / {ORGANIZER_PASSWORD}")
    return lines


def _describe_event(event: Event, today: dt.date) -> str:
    when = date_range(event.start_date, event.end_date)
    text = f"{event.name}, {when}, {event.host_city.name} ({event.get_absolute_url()})"
    if event.is_past(today) or event.registration_closes_at is None:
        return text
    return (
        f"{text}, registration until {format_local(event.registration_closes_at, event.time_zone)}"
    )
