"""Pure builders of the frab / c3voc schedule formats: schedule.json and schedule.xml.

In: a Schedule (plain data, read by schedules.reads). Out: the JSON document as a dict, or the
XML as bytes. No database, no request: the tests feed them by hand and check the results with
the c3voc JSON Schema and XSD (tests/schedules/).

Every time is written in the event's own zone (its main venue's), with the UTC offset of that
moment, so a session after a summer-time change gets the new offset. The c3voc formats have no
"cancelled" state: a cancelled session stays in the file, its title begins with a translated
"Cancelled:" (in the session's first language, so the file is the same for everyone) and it
is marked do_not_record (JSON) / recording optout (XML).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from accounts.languages import supported_language

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = "Summit"
TIMESLOT = "00:05"
# Characters XML 1.0 cannot carry, even escaped: a pasted control character must not make
# the whole file unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
JSON_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
XML_TRACK_SLUG = re.compile(r"^[a-z][a-z0-9-]+$")


@dataclass(frozen=True)
class Person:
    guid: str
    name: str
    role: str = "speaker"  # SessionPerson.Role: speaker or moderator


@dataclass(frozen=True)
class Track:
    name: str
    slug: str


@dataclass(frozen=True)
class Room:
    name: str  # unique in the schedule: frab files rooms by name
    guid: str


@dataclass
class Talk:
    """One session as the formats need it (frab calls it an event)."""

    id: int
    guid: str
    title: str
    slug: str
    description: str
    format: str
    cancelled: bool
    starts_at: dt.datetime
    ends_at: dt.datetime
    languages: list[str]
    room: str
    url: str
    tracks: list[Track] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class Conference:
    slug: str
    title: str
    description: str
    time_zone: str
    start_date: dt.date
    end_date: dt.date
    url: str  # the agenda page
    base_url: str  # the site
    version: str


@dataclass
class Schedule:
    conference: Conference
    rooms: list[Room]
    talks: list[Talk]  # in the agenda's order


@dataclass(frozen=True)
class Day:
    index: int
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    rooms: dict[str, list[Talk]]


# --- shared -------------------------------------------------------------------------------------
def acronym(slug: str) -> str:
    """The event's slug as both schemas accept it: lower case, underscores for hyphens (the
    JSON Schema allows a hyphen only before a year suffix), at least four characters."""
    return re.sub(r"[^a-z0-9_]", "_", slug.lower()).ljust(4, "_")


def talk_slug(conference_slug: str, talk: Talk) -> str:
    """`<acronym>-<id>-<slug>`, as pretalx writes it; valid for the XSD's and the JSON
    Schema's patterns whatever the session's slug is."""
    own = re.sub(r"[^a-z0-9_-]+", "-", talk.slug.lower()).strip("-_")
    tail = "-".join(part for part in (str(talk.id), own) if part)
    if len(tail) < 4:
        tail = f"session-{tail}"
    return f"{acronym(conference_slug)}-{tail}"


def title(talk: Talk) -> str:
    if not talk.cancelled:
        return talk.title
    language = supported_language(next(iter(talk.languages), None)) or settings.LANGUAGE_CODE
    with translation.override(language):
        return gettext("Cancelled: %(title)s") % {"title": talk.title}


def abstract(description: str) -> str:
    """The description's first paragraph."""
    return re.split(r"\n\s*\n", description.strip(), maxsplit=1)[0]


def hours_minutes(span: dt.timedelta) -> str:
    minutes = int(span.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days(schedule: Schedule) -> list[Day]:
    """Every local day from the event's first to its last (stretched to any session outside
    them), midnight to midnight in the event's zone, each with every room in order."""
    zone = zoneinfo.ZoneInfo(schedule.conference.time_zone)
    by_date: dict[dt.date, list[Talk]] = {}
    for talk in schedule.talks:
        by_date.setdefault(talk.starts_at.astimezone(zone).date(), []).append(talk)
    first = min([schedule.conference.start_date, *by_date])
    last = max([schedule.conference.end_date, *by_date])
    result = []
    for index in range(1, (last - first).days + 2):
        date = first + dt.timedelta(days=index - 1)
        rooms: dict[str, list[Talk]] = {room.name: [] for room in schedule.rooms}
        for talk in by_date.get(date, []):
            rooms[talk.room].append(talk)
        result.append(Day(index, date, _midnight(date, zone), _midnight(date, zone, 1), rooms))
    return result


def _midnight(date: dt.date, zone: zoneinfo.ZoneInfo, later: int = 0) -> dt.datetime:
    return dt.datetime.combine(date + dt.timedelta(days=later), dt.time(), tzinfo=zone)


def _local(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return moment.astimezone(zone)


# --- schedule.json ------------------------------------------------------------------------------
def schedule_json(schedule: Schedule) -> dict[str, Any]:
    """The schedule.json document (c3voc schema.json)."""
    conference = schedule.conference
    zone = zoneinfo.ZoneInfo(conference.time_zone)
    the_days = days(schedule)
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": conference.version,
            "base_url": conference.base_url,
            "conference": {
                "acronym": acronym(conference.slug),
                "title": conference.title,
                "description": conference.description,
                "start": the_days[0].date.isoformat(),
                "end": the_days[-1].date.isoformat(),
                "daysCount": len(the_days),
                "timeslot_duration": TIMESLOT,
                "time_zone_name": conference.time_zone,
                "url": conference.url,
                "tracks": [_json_track(track) for track in _tracks(schedule)],
                "rooms": [{"name": room.name, "guid": room.guid} for room in schedule.rooms],
                "days": [_json_day(day, conference, zone) for day in the_days],
            },
        },
    }


def _tracks(schedule: Schedule) -> list[Track]:
    found = {track.name: track for talk in schedule.talks for track in talk.tracks}
    return [found[name] for name in sorted(found)]


def _json_track(track: Track) -> dict[str, str]:
    shown = {"name": track.name}
    if JSON_SLUG.match(track.slug):
        shown["slug"] = track.slug
    return shown


def _json_day(day: Day, conference: Conference, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {
        "index": day.index,
        "date": day.date.isoformat(),
        "day_start": day.starts_at.isoformat(),
        "day_end": day.ends_at.isoformat(),
        "rooms": {
            room: [_json_talk(talk, conference, zone) for talk in talks]
            for room, talks in day.rooms.items()
        },
    }


def _json_talk(talk: Talk, conference: Conference, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    starts_at = _local(talk.starts_at, zone)
    return {
        "id": talk.id,
        "guid": talk.guid,
        "date": starts_at.isoformat(),
        "start": starts_at.strftime("%H:%M"),
        "end": _local(talk.ends_at, zone).isoformat(),
        "duration": hours_minutes(talk.ends_at - talk.starts_at),
        "room": talk.room,
        "slug": talk_slug(conference.slug, talk),
        "url": talk.url,
        "title": title(talk),
        "subtitle": "",
        "track": talk.tracks[0].name if talk.tracks else None,
        "type": talk.format,
        "language": next(iter(talk.languages), None),
        "abstract": abstract(talk.description),
        "description": talk.description,
        "do_not_record": True if talk.cancelled else None,
        # name (pretalx) and public_name (frab): readers look for one or the other.
        "persons": [
            {"guid": person.guid, "name": person.name, "public_name": person.name}
            for person in talk.persons
        ],
        "links": [],
    }


# --- schedule.xml -------------------------------------------------------------------------------
def schedule_xml(schedule: Schedule, *, url: str) -> bytes:
    """The schedule.xml document (c3voc schedule.xml.xsd); `url` is where it is served."""
    conference = schedule.conference
    zone = zoneinfo.ZoneInfo(conference.time_zone)
    the_days = days(schedule)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR)
    _text(root, "url", url)
    _text(root, "version", conference.version)
    head = ET.SubElement(root, "conference")
    _text(head, "acronym", acronym(conference.slug))
    _text(head, "title", conference.title)
    _text(head, "start", the_days[0].date.isoformat())
    _text(head, "end", the_days[-1].date.isoformat())
    _text(head, "days", str(len(the_days)))
    _text(head, "timeslot_duration", TIMESLOT)
    _text(head, "base_url", conference.base_url)
    _text(head, "url", conference.url)
    _text(head, "time_zone_name", conference.time_zone)
    for track in _tracks(schedule):
        attributes = {"name": _clean(track.name)}
        if XML_TRACK_SLUG.match(track.slug):
            attributes["slug"] = track.slug
        ET.SubElement(head, "track", attributes)
    guids = {room.name: room.guid for room in schedule.rooms}
    for day in the_days:
        element = ET.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=day.starts_at.isoformat(),
            end=day.ends_at.isoformat(),
        )
        for room, talks in day.rooms.items():
            room_element = ET.SubElement(element, "room", name=_clean(room), guid=guids[room])
            for talk in talks:
                _xml_talk(room_element, talk, conference, zone)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _xml_talk(
    parent: ET.Element, talk: Talk, conference: Conference, zone: zoneinfo.ZoneInfo
) -> None:
    starts_at = _local(talk.starts_at, zone)
    event = ET.SubElement(parent, "event", id=str(talk.id), guid=talk.guid)
    _text(event, "date", starts_at.isoformat())
    _text(event, "start", starts_at.strftime("%H:%M"))
    _text(event, "duration", hours_minutes(talk.ends_at - talk.starts_at))
    _text(event, "room", talk.room)
    _text(event, "slug", talk_slug(conference.slug, talk))
    _text(event, "url", talk.url)
    _text(event, "title", title(talk))
    _text(event, "subtitle", "")
    _text(event, "track", talk.tracks[0].name if talk.tracks else "")
    _text(event, "type", talk.format)
    if talk.languages:
        _text(event, "language", talk.languages[0])
    _text(event, "abstract", abstract(talk.description))
    _text(event, "description", talk.description)
    if talk.cancelled:
        recording = ET.SubElement(event, "recording")
        _text(recording, "license", "")
        _text(recording, "optout", "true")
    persons = ET.SubElement(event, "persons")
    for person in talk.persons:
        _text(persons, "person", person.name).set("guid", person.guid)
    ET.SubElement(event, "links")


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element
