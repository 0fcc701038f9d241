"""A pure builder of the draft c3voc "schedule2" JSON (alpha-3, ../shared/schemas/c3voc/):
`/events/<slug>/schedule2.json`, beside schedule.json for readers that already take the draft.

In: the same Schedule as schedule.json (schedules.reads). Out: the document as a dict. What
schema2 adds and Summit fills in: ISO 8601 times with start and end (no "duration"), a state
per session (CANCELED for a cancelled one, whose title is then left as it is), participants
with their role, and localizable texts. Summit keeps one title and one description per
session, written in the session's first language: the localizable texts (a session's abstract
and description) are maps from that language to the text; the title, which schema2 keeps a
plain string, is the one title there is. Times are on the event's clocks, as in schedule.json.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django.conf import settings

from schedules.frab import (
    GENERATOR,
    JSON_SLUG,
    Schedule,
    Talk,
    abstract,
    acronym,
    days,
    talk_slug,
)

SCHEMA2_URL = "https://c3voc.de/schema/schedule2"
LANGUAGE = re.compile(r"^[a-z]{2}$")
# Session.Format to schema2's event types.
TYPES = {
    "plenary": "TALK",
    "workshop": "WORKSHOP",
    "panel": "DISCUSSION",
    "dialogue": "DISCUSSION",
    "site_visit": "OTHER",
    "networking": "MEETING",
}
ROLES = {"speaker": "SPEAKER", "moderator": "MODERATOR"}


def schedule2_json(schedule: Schedule) -> dict[str, Any]:
    conference = schedule.conference
    zone = zoneinfo.ZoneInfo(conference.time_zone)
    the_days = days(schedule)
    head: dict[str, Any] = {
        "acronym": acronym(conference.slug),
        "title": conference.title,
        "description": conference.description or None,
        "start": the_days[0].starts_at.isoformat(),
        "end": the_days[-1].ends_at.isoformat(),
        "url": conference.url,
        "languages": languages(schedule),
        "defaults": {"language": settings.LANGUAGE_CODE},
        "tracks": [{"name": name, "slug": slug} for slug, name in tracks(schedule).items()],
        "rooms": [{"name": room.name, "guid": room.guid} for room in schedule.rooms],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "start": day.starts_at.isoformat(),
                "end": day.ends_at.isoformat(),
            }
            for day in the_days
        ],
    }
    if re.match(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$", conference.time_zone):
        head["time_zone_name"] = conference.time_zone  # the draft's pattern, e.g. not "Etc/GMT+1"
    rooms = {room.name: room.guid for room in schedule.rooms}
    return {
        "$schema": SCHEMA2_URL,
        "generator": {"name": GENERATOR, "url": settings.SITE_URL + "/"},
        "schedule": {
            "version": conference.version,
            "conference": head,
            "events": [_event(talk, conference.slug, zone, rooms) for talk in schedule.talks],
        },
    }


def languages(schedule: Schedule) -> list[str]:
    """Every language a session of the event is held in, in order of first appearance."""
    found: dict[str, None] = {}
    for talk in schedule.talks:
        found.update(dict.fromkeys(code for code in talk.languages if LANGUAGE.match(code)))
    return list(found) or [settings.LANGUAGE_CODE]


def tracks(schedule: Schedule) -> dict[str, str]:
    """slug -> name of every track a session refers to: its first theme, or its format for a
    session without one (schema2 requires a track on every event)."""
    found: dict[str, str] = {}
    for talk in schedule.talks:
        slug, name = _track(talk)
        found.setdefault(slug, name)
    return found


def _track(talk: Talk) -> tuple[str, str]:
    for track in talk.tracks:
        if JSON_SLUG.match(track.slug):
            return track.slug, track.name
    return talk.format.replace("_", "-"), talk.format.replace("_", " ").capitalize()


def _language(talk: Talk) -> str:
    return next((code for code in talk.languages if LANGUAGE.match(code)), settings.LANGUAGE_CODE)


def _localized(text: str, language: str) -> dict[str, str] | None:
    return {language: text} if text else None


def _event(
    talk: Talk, conference_slug: str, zone: zoneinfo.ZoneInfo, rooms: dict[str, str]
) -> dict[str, Any]:
    language = _language(talk)
    return {
        "guid": talk.guid,
        "start": talk.starts_at.astimezone(zone).isoformat(),
        "end": talk.ends_at.astimezone(zone).isoformat(),
        "room": {"name": talk.room, "guid": rooms[talk.room]},
        "slug": talk_slug(conference_slug, talk),
        "url": talk.url,
        "title": talk.title,
        "subtitle": None,
        "track": {"slug": _track(talk)[0]},
        "type": TYPES.get(talk.format, "OTHER"),
        "language": language,
        "abstract": _localized(abstract(talk.description), language),
        "description": _localized(talk.description, language),
        "participants": [
            {"guid": person.guid, "name": person.name, "role": ROLES.get(person.role, "SPEAKER")}
            for person in talk.persons
        ],
        "links": [],
        "state": "CANCELED" if talk.cancelled else "CONFIRMED",
    }
