"""The demo agenda's data: themes, room names, the people billed by role, and each event's
programme as rows in the venue's local wall-clock time; read by demo.programme."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.text import slugify

from registrations.models import Registration
from sessions_app.models import Session

Format = Session.Format
Office = Registration.Office
SPEAKER, MODERATOR = "speaker", "moderator"

THEMES = (
    "Disinformation and misinformation",
    "Conspiracy",
    "Anti-government and anti-democratic sentiment",
    "Extremism and hate",
    "Safeguarding local democracy",
)
DIS, CON, ANTI, HATE, DEM = (slugify(name) for name in THEMES)

# Venue and room names of demo.places_data.VENUES.
FESTSAL, CPH1, CPH2, CPH3 = (
    "Festsalen – plenary hall",
    "Workshop room 1",
    "Workshop room 2",
    "Workshop room 3",
)
AUDITORIUM, IH_A, IH_B = "Auditorium", "Workshop room A", "Workshop room B"
CITY_HALL, INDUSTRIENS_HUS = "Copenhagen City Hall (Københavns Rådhus)", "Industriens Hus"


class Person(NamedTuple):
    """A speaker or moderator billed by role: name, office, city (illustrative)."""

    role: str
    name: str
    office: str
    city: str


class SessionRow(NamedTuple):
    slug: str
    title: str
    day: int  # 0 for the event's first day
    start: str  # "HH:MM", the venue's local time
    end: str
    venue: str
    room: str
    format: Session.Format
    themes: tuple[str, ...]
    description: str
    people: tuple[Person, ...] = ()
    capacity: int | None = None
    audience_offices: tuple[str, ...] = ()


def _p(name: str, office: str, city: str, role: str = SPEAKER) -> Person:
    return Person(role, name, office, city)


CHAIR_NSC = _p("Head of the Nordic Safe Cities Secretariat", Office.NGO, "Copenhagen", MODERATOR)
SCN_UNIT = _p("Strong Cities Network Management Unit lead", Office.NGO, "London")
CPH_DEPUTY = _p("Deputy Mayor of Copenhagen", Office.DEPUTY_MAYOR, "Copenhagen")
INFOHOUSE = _p("Head of the Copenhagen InfoHouse", Office.PRACTITIONER, "Copenhagen")
STREET_TEAM = _p("Copenhagen street team coordinator", Office.PRACTITIONER, "Copenhagen")
CPH_POLICE = _p("Copenhagen Police prevention officer", Office.POLICE, "Copenhagen")
OSLO_POLICE = _p("Oslo Police hate crime unit officer", Office.POLICE, "Oslo")
MALMO_COMMS = _p("Malmö City communications director", Office.CITY_OFFICIAL, "Malmö")
OSLO_MAYOR = _p("Mayor of an Oslo borough", Office.MAYOR, "Oslo")
KRS_PREVENT = _p("Kristiansand prevention coordinator", Office.PRACTITIONER, "Kristiansand")
HEL_RESEARCH = _p("University of Helsinki researcher", Office.RESEARCHER, "Helsinki")
STHLM_YOUTH = _p("Stockholm youth services manager", Office.PRACTITIONER, "Stockholm")
AARHUS_MODEL = _p("Aarhus model exit programme lead", Office.PRACTITIONER, "Aarhus")
REYK_COUNCIL = _p("Reykjavík city councillor", Office.COUNCILLOR, "Reykjavík")
LONDON_OFFICIAL = _p("London deputy mayor's policy adviser", Office.CITY_OFFICIAL, "London")
MANCHESTER = _p("Manchester community cohesion lead", Office.CITY_OFFICIAL, "Manchester")
MONTREAL = _p("Montréal prevention centre director", Office.PRACTITIONER, "Montréal")
MINNEAPOLIS = _p("Minneapolis council member", Office.COUNCILLOR, "Minneapolis")
DENVER = _p("Denver election security officer", Office.CITY_OFFICIAL, "Denver")
HEL_DEPUTY = _p("Deputy Mayor of Helsinki", Office.DEPUTY_MAYOR, "Helsinki")
ESPOO = _p("Espoo safety and security manager", Office.CITY_OFFICIAL, "Espoo")
SCN_MODERATOR = _p("Strong Cities Network regional manager", Office.NGO, "London", MODERATOR)

SITE_VISIT = "site-visit-street-team"
NSC_SUMMIT: tuple[SessionRow, ...] = (
    # Day 1
    SessionRow("opening-plenary", "Opening plenary: Nordic cities in an evolving threat landscape",
               0, "09:00", "09:45", CITY_HALL, FESTSAL, Format.PLENARY, (HATE, DEM),
               "Welcome by the host city, and what has changed for Nordic cities since last year.",
               (CPH_DEPUTY, CHAIR_NSC)),
    SessionRow("disinformation-and-trust", "Panel: Disinformation and trust in the city hall",
               0, "09:45", "10:45", CITY_HALL, FESTSAL, Format.PANEL, (DIS, ANTI),
               "How false stories about municipal decisions spread, and what restores trust.",
               (MALMO_COMMS, HEL_RESEARCH, OSLO_MAYOR, CHAIR_NSC)),
    SessionRow("infohouse", "InfoHouse: Copenhagen's multiagency approach", 0, "11:15",
               "12:30", CITY_HALL, CPH1, Format.WORKSHOP, (HATE, DEM),
               "How the municipality, police and social services share concerns about "
               "radicalisation in one place, and the lessons learned.",
               (INFOHOUSE, CPH_POLICE)),
    SessionRow("conspiracy-narratives", "Countering conspiracy narratives locally", 0, "11:15",
               "12:30", CITY_HALL, CPH2, Format.WORKSHOP, (CON, DIS),
               "Case work from frontline staff meeting residents drawn into conspiracy "
               "movements.", (KRS_PREVENT, HEL_RESEARCH)),
    SessionRow("online-hate-local-politicians", "Online hate against local politicians", 0,
               "11:15", "12:30", INDUSTRIENS_HUS, IH_A, Format.WORKSHOP, (HATE, ANTI),
               "Protecting councillors and candidates from harassment, online and offline.",
               (REYK_COUNCIL, OSLO_POLICE)),
    SessionRow(SITE_VISIT, "Site visit: on the streets with Copenhagen's street team", 0,
               "13:30", "15:00", CITY_HALL, CPH3, Format.SITE_VISIT, (HATE, DEM),
               "A walk through a neighbourhood with the street team. Meeting point: workshop "
               "room 3. Small group: places are limited.", (STREET_TEAM,), 5),
    SessionRow("anti-government-sentiment", "Anti-government sentiment and local services", 0,
               "13:30", "15:00", INDUSTRIENS_HUS, IH_B, Format.WORKSHOP, (ANTI, CON),
               "When residents reject the authorities: keeping services running and doors open.",
               (STHLM_YOUTH, AARHUS_MODEL)),
    SessionRow("mayors-roundtable", "Mayors' roundtable: safeguarding local democracy", 0,
               "15:30", "17:00", INDUSTRIENS_HUS, AUDITORIUM, Format.DIALOGUE, (DEM,),
               "A closed-door exchange between political leaders.", (OSLO_MAYOR, CHAIR_NSC),
               audience_offices=(Office.MAYOR, Office.DEPUTY_MAYOR, Office.COUNCILLOR)),
    SessionRow("networking-dinner", "Networking dinner", 0, "19:00", "22:00", CITY_HALL,
               FESTSAL, Format.NETWORKING, (), "Dinner for all delegates, hosted by the city.",
               capacity=150),
    # Day 2
    SessionRow("networks-across-the-atlantic",
               "Plenary: Nordic Safe Cities and the Strong Cities Network", 1, "09:00", "10:00",
               CITY_HALL, FESTSAL, Format.PLENARY, (DEM, HATE),
               "Where the two networks can strengthen their coordination.",
               (SCN_UNIT, CHAIR_NSC)),
    SessionRow("prebunking-playbook", "Prebunking: a communication playbook for municipalities",
               1, "10:15", "11:45", CITY_HALL, CPH1, Format.WORKSHOP, (DIS,),
               "Warning residents before a false story lands: templates and timing.",
               (MALMO_COMMS,)),
    SessionRow("hate-speech-to-hate-crime", "From hate speech to hate crime", 1, "10:15",
               "11:45", CITY_HALL, CPH2, Format.WORKSHOP, (HATE,),
               "Police and municipality cooperation on reporting, support and follow-up.",
               (CPH_POLICE, AARHUS_MODEL)),
    SessionRow("youth-online-spaces", "Youth, gaming and extremist online spaces", 1, "10:15",
               "11:45", INDUSTRIENS_HUS, IH_A, Format.WORKSHOP, (HATE, CON),
               "What youth workers see and how schools and clubs can respond.", (STHLM_YOUTH,)),
    SessionRow("local-elections-under-pressure", "Local elections under pressure", 1, "10:15",
               "11:45", INDUSTRIENS_HUS, IH_B, Format.WORKSHOP, (ANTI, DEM, DIS),
               "Protecting candidates, poll workers and the count.", (REYK_COUNCIL,)),
    SessionRow("leadership-in-a-crisis", "Panel: mayors on leadership in a crisis", 1, "12:45",
               "14:00", INDUSTRIENS_HUS, AUDITORIUM, Format.PANEL, (DEM, HATE),
               "Speaking for the whole city after an attack or a wave of hate.",
               (OSLO_MAYOR, CPH_DEPUTY, CHAIR_NSC)),
    SessionRow("closing-plenary", "Closing plenary: priorities for the year ahead", 1, "14:15",
               "15:00", CITY_HALL, FESTSAL, Format.PLENARY, (DEM,),
               "What the networks will work on together, and the next summit.",
               (CPH_DEPUTY, SCN_UNIT)),
)  # fmt: skip

GUILDHALL, GREAT_HALL, COMMITTEE_1, COMMITTEE_2 = (
    "Guildhall",
    "Great Hall – plenary hall",
    "Committee room 1",
    "Committee room 2",
)
LONDON_DIALOGUE: tuple[SessionRow, ...] = (
    SessionRow("opening-dialogue", "Opening dialogue: cities on both sides of the Atlantic", 0,
               "13:00", "13:45", GUILDHALL, GREAT_HALL, Format.DIALOGUE, (DEM,),
               "Mayors and local leaders on what they face at home.",
               (LONDON_OFFICIAL, MONTREAL, SCN_MODERATOR)),
    SessionRow("disinformation-in-local-elections", "Disinformation in local elections", 0,
               "14:00", "15:30", GUILDHALL, COMMITTEE_1, Format.WORKSHOP, (DIS, DEM),
               "Lessons from recent local elections in the UK and the US.", (DENVER,)),
    SessionRow("conspiracy-and-public-services", "Conspiracy movements and public services", 0,
               "14:00", "15:30", GUILDHALL, COMMITTEE_2, Format.WORKSHOP, (CON, ANTI),
               "Keeping services and staff safe when conspiracy movements target them.",
               (MANCHESTER,)),
    SessionRow("what-a-city-hall-can-do", "What a city hall can do", 0, "16:00", "17:00",
               GUILDHALL, GREAT_HALL, Format.DIALOGUE, (DEM, HATE),
               "Commitments each city takes home.", (MINNEAPOLIS, SCN_MODERATOR)),
    SessionRow("reception", "Networking reception", 0, "18:30", "20:30", GUILDHALL,
               GREAT_HALL, Format.NETWORKING, (), "Drinks and conversation."),
    SessionRow("protecting-local-officials", "Protecting local officials from harassment", 1,
               "09:30", "11:00", GUILDHALL, COMMITTEE_1, Format.WORKSHOP, (HATE, ANTI),
               "Security, support and the law for those who serve locally.",
               (LONDON_OFFICIAL, MINNEAPOLIS)),
    SessionRow("closing-dialogue", "Closing dialogue", 1, "11:30", "12:30", GUILDHALL,
               GREAT_HALL, Format.DIALOGUE, (DEM,), "Next steps for the transatlantic dialogue.",
               (SCN_UNIT, SCN_MODERATOR)),
)  # fmt: skip

HELSINKI_HALL, BANQUET, HEL1, HEL2 = (
    "Helsinki City Hall (Helsingin kaupungintalo)",
    "Banquet hall – plenary hall",
    "Workshop room 1",
    "Workshop room 2",
)
HELSINKI_DIALOGUE: tuple[SessionRow, ...] = (
    SessionRow("opening-dialogue", "Opening dialogue: Nordic and North American cities", 0,
               "10:00", "10:45", HELSINKI_HALL, BANQUET, Format.DIALOGUE, (DEM,),
               "Welcome by the host city.", (HEL_DEPUTY, SCN_MODERATOR)),
    SessionRow("regional-practitioner-networks", "Regional practitioner networks", 0, "11:00",
               "12:30", HELSINKI_HALL, HEL1, Format.WORKSHOP, (HATE, DEM),
               "How Nordic practitioner networks and international fora support each other.",
               (ESPOO, KRS_PREVENT)),
    SessionRow("anti-democratic-sentiment", "Anti-democratic sentiment after the crises", 0,
               "11:00", "12:30", HELSINKI_HALL, HEL2, Format.WORKSHOP, (ANTI, CON, DIS),
               "Trust in institutions after the pandemic and the energy crisis.",
               (HEL_RESEARCH, DENVER)),
    SessionRow("transatlantic-mayors", "Transatlantic mayors on extremism and hate", 0, "14:00",
               "15:30", HELSINKI_HALL, BANQUET, Format.DIALOGUE, (HATE, DEM),
               "Mayors compare their responses.", (OSLO_MAYOR, MINNEAPOLIS, SCN_MODERATOR)),
    SessionRow("city-responses-online-hate", "City responses to hate and extremism online", 1,
               "09:30", "11:00", HELSINKI_HALL, HEL1, Format.WORKSHOP, (HATE, DIS),
               "Reporting, moderation partnerships and support for targets.", (MONTREAL,)),
    SessionRow("closing-dialogue", "Closing dialogue", 1, "11:15", "12:00", HELSINKI_HALL,
               BANQUET, Format.DIALOGUE, (DEM,), "Looking ahead with Nordic Safe Cities.",
               (SCN_UNIT, HEL_DEPUTY)),
)  # fmt: skip

# The same programme for the 2022 edition and the next one of each series.
PROGRAMMES: dict[str, tuple[SessionRow, ...]] = {
    "nsc-annual-summit-2022": NSC_SUMMIT,
    "nsc-annual-summit-next": NSC_SUMMIT,
    "scn-dialogue-london-2022": LONDON_DIALOGUE,
    "scn-dialogue-london-next": LONDON_DIALOGUE,
    "scn-dialogue-helsinki-2022": HELSINKI_DIALOGUE,
    "scn-dialogue-helsinki-next": HELSINKI_DIALOGUE,
}

# Approved delegates of the next summit (demo.delegates) and the sessions they chose, in
# sign-up order. The site visit seats 5: its last two are on the waiting list.
SIGNUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (SITE_VISIT, ("rasmus.lund", "peter.skov", "elin.nystrom", "johan.wik", "tor.eide",
                  "aino.virtanen", "juha.heikkinen")),
    ("opening-plenary", ("astrid.holm", "ingrid.haugen", "elin.nystrom", "lars.moen",
                         "gudrun.jonsdottir")),
    ("infohouse", ("rasmus.lund", "sara.nielsen", "oskar.lindgren", "lars.moen", "tor.eide",
                   "linnea.berglund")),
    ("mayors-roundtable", ("astrid.holm", "ingrid.haugen", "elin.nystrom", "linnea.berglund")),
    ("prebunking-playbook", ("johan.wik", "mikko.laine", "gudrun.jonsdottir")),
    ("networking-dinner", ("astrid.holm", "mikkel.sorensen", "ingrid.haugen", "aino.virtanen",
                           "tor.eide", "peter.skov")),
)  # fmt: skip
SIGNUP_EVENT = "nsc-annual-summit-next"
