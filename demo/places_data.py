"""The demo summit's data: Nordic Safe Cities and the Strong Cities Network, from the 2022 seed.

Plain tuples, read by the loaders in demo.places; each row is found again by its natural key
(slugs, (name, country), (venue, name)), so editing a row here and reloading updates it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from events.models import CityMembership, Event


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
    registration_opens: dt.date  # at demo.places.REGISTRATION_OPENS_AT, venue time
    registration_closes: dt.date  # at demo.places.REGISTRATION_CLOSES_AT, venue time


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
