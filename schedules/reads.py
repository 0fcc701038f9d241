"""What an event's schedule exports show, read in four queries whatever the number of sessions.

Only what the public agenda shows anyone: a published event, and its sessions that have been
published (cancelled ones too, marked). Drafts never, not even for organizers: the files are
cached and fetched by apps, not by people signed in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from events.models import Event
from events.translated import lookups
from schedules.frab import Conference, Person, Room, Schedule, Talk, Track
from sessions_app.models import Session, SessionPerson, session_uuid

SESSION_FIELDS = (
    *("pk", "uid", "title", "slug", "description", "format", "status", "starts_at", "ends_at"),
    *("languages", "updated_at", "room_id", "room__name", "room__venue__name"),
)


@dataclass
class Read:
    """The schedule and when what it shows last changed (for Last-Modified)."""

    schedule: Schedule
    last_modified: dt.datetime | None


def read_schedule(slug: str) -> Read | None:
    """The published event's schedule, or None when there is no such published event."""
    events = Event.objects.published().select_related("venue")
    events = events.annotate(
        publications=Max("agenda_publications__number"),
        last_published_at=Max("agenda_publications__published_at"),
    )
    event: Any = events.filter(slug=slug).first()  # Any: with the two annotations
    if event is None:
        return None
    rows = list(
        Session.objects.public()
        .filter(event=event)
        .exclude(status=Session.Status.DRAFT)  # were one ever set back to draft
        .order_by("starts_at", "room__name", "pk")
        .values(*SESSION_FIELDS)
    )
    rooms = _rooms(rows)
    url = _session_urls()
    talks = {row["pk"]: _talk(row, rooms, url) for row in rows}
    _add_tracks(event, talks)
    _add_persons(event, talks)
    stamps = [row["updated_at"] for row in rows] + [event.last_published_at]
    last_modified = max((stamp for stamp in stamps if stamp is not None), default=None)
    schedule = Schedule(
        conference=_conference(event, last_modified),
        rooms=sorted(set(rooms.values()), key=lambda room: room.name),
        talks=list(talks.values()),
    )
    return Read(schedule, last_modified)


def _conference(event: Any, last_modified: dt.datetime | None) -> Conference:
    agenda = reverse("sessions_app:agenda", kwargs={"slug": event.slug})
    return Conference(
        slug=event.slug,
        title=event.name,
        description=event.summary,
        time_zone=event.venue.time_zone,
        start_date=event.start_date,
        end_date=event.end_date,
        url=settings.SITE_URL + agenda,
        base_url=settings.SITE_URL + "/",
        version=_version(event.publications or 0, last_modified),
    )


def _version(publications: int, last_modified: dt.datetime | None) -> str:
    """The number of publications, and the last change: public edits between two
    publications are live at once, so the number alone would not tell a reader to update."""
    if last_modified is None:
        return str(publications)
    return f"{publications} ({last_modified.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC)"


def _rooms(rows: list[dict[str, Any]]) -> dict[int, Room]:
    """The rooms in use, each named as the event's files show it: its name, with its venue's
    when another venue of the event has a room of the same name (frab files rooms by name)."""
    names: dict[int, tuple[str, str]] = {
        row["room_id"]: (row["room__name"], row["room__venue__name"]) for row in rows
    }
    counts: dict[str, int] = {}
    for name, _venue in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        pk: Room(
            name=name if counts[name] == 1 else f"{name}, {venue}",
            guid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/rooms/{pk}")),
        )
        for pk, (name, venue) in names.items()
    }


def _talk(row: dict[str, Any], rooms: dict[int, Room], url: Callable[[int], str]) -> Talk:
    return Talk(
        id=row["pk"],
        guid=str(session_uuid(row["uid"])),
        title=row["title"],
        slug=row["slug"],
        description=row["description"],
        format=row["format"],
        cancelled=row["status"] == Session.Status.CANCELLED,
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        languages=list(row["languages"] or []),
        room=rooms[row["room_id"]].name,
        url=url(row["pk"]),
    )


def _add_tracks(event: Event, talks: dict[int, Talk]) -> None:
    # The through model is no translated one: ask for the language's column and the original's.
    names = lookups("theme__name")
    links = Session.themes.through.objects.filter(session__event=event).order_by(names[1])
    for session_id, name, original, slug in links.values_list("session_id", *names, "theme__slug"):
        if session_id in talks:
            talks[session_id].tracks.append(Track(name=name or original, slug=slug))


def _add_persons(event: Event, talks: dict[int, Talk]) -> None:
    """Speakers and moderators, in the agenda's order. The guid stands for the person, not
    the billing: the same registered person (or guest name) has the same one everywhere."""
    people = SessionPerson.objects.filter(session__event=event)
    rows = people.values_list("session_id", "name", "user_id", "role")
    for session_id, name, user_id, role in rows:
        if session_id in talks:
            identity = f"user:{user_id}" if user_id else f"name:{name.casefold().strip()}"
            guid = uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_URL}/people/{identity}")
            talks[session_id].persons.append(Person(guid=str(guid), name=name, role=role))


def _session_urls() -> Callable[[int], str]:
    """A session page's full address from its id, with one reverse() for all of them."""
    stand_in = 2_147_483_647
    address = settings.SITE_URL + reverse("sessions_app:session_detail", kwargs={"pk": stand_in})
    return lambda pk: address.replace(str(stand_in), str(pk))
