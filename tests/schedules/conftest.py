"""The c3voc validators, and an event in Copenhagen and one in London with their sessions."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from django.test import Client
from django.urls import reverse

from events.models import Event, Room
from sessions_app.models import Session
from tests.factories import CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.factories import (
    SessionFactory,
    SessionPersonFactory,
    ThemeFactory,
    local,
)

SCHEMAS = Path(__file__).parent / "c3voc"
SUMMER_DAY = dt.date(2049, 6, 15)  # summer time in Copenhagen (+02:00) and London (+01:00)


@functools.cache
def json_validator() -> jsonschema.Draft6Validator:
    schema = json.loads((SCHEMAS / "schema.json").read_text())
    checker = jsonschema.Draft6Validator.FORMAT_CHECKER
    return jsonschema.Draft6Validator(schema, format_checker=checker)


@functools.cache
def xml_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMAS / "schedule.xml.xsd"))


def json_errors(document: Any) -> list[str]:
    errors = json_validator().iter_errors(document)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def xml_errors(content: bytes) -> list[str]:
    return sorted(str(error.reason) for error in xml_schema().iter_errors(content.decode()))


def json_url(event: Event) -> str:
    return reverse("schedules:schedule_json", kwargs={"slug": event.slug})


def xml_url(event: Event) -> str:
    return reverse("schedules:schedule_xml", kwargs={"slug": event.slug})


def get_json(client: Client, event: Event) -> dict[str, Any]:
    response = client.get(json_url(event))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def get_xml(client: Client, event: Event) -> bytes:
    response = client.get(xml_url(event))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return bytes(response.content)


def all_talks(document: dict[str, Any]) -> list[dict[str, Any]]:
    days = document["schedule"]["conference"]["days"]
    return [talk for day in days for talks in day["rooms"].values() for talk in talks]


def event_in(zone: str, city: str, country: str, slug: str, **kwargs: Any) -> Event:
    venue = VenueFactory.create(
        name=f"{city} City Hall",
        city=CityFactory.create(name=city, country=country),
        time_zone=zone,
    )
    kwargs.setdefault("start_date", SUMMER_DAY)
    kwargs.setdefault("end_date", SUMMER_DAY + dt.timedelta(days=1))
    return EventFactory.create(name=f"Summit in {city}", slug=slug, venue=venue, **kwargs)


@pytest.fixture
def copenhagen_event(db: None) -> Event:
    return event_in("Europe/Copenhagen", "Copenhagen", "DK", "nsc-summit-2049")


@pytest.fixture
def london_event(db: None) -> Event:
    return event_in("Europe/London", "London", "GB", "scn-dialogue-london-2049")


@pytest.fixture
def hall(copenhagen_event: Event) -> Room:
    return RoomFactory.create(venue=copenhagen_event.venue, name="Festsalen", capacity=200)


def full_session(event: Event, room: Room, hour: int, **kwargs: Any) -> Session:
    """A published session with two themes, a speaker and a moderator."""
    kwargs.setdefault("title", f"Session at {hour}")
    session = SessionFactory.create(
        event=event,
        room=room,
        starts_at=local(event.start_date, hour, zone=event.venue.time_zone),
        ends_at=local(event.start_date, hour + 1, 30, zone=event.venue.time_zone),
        languages=["en", "da"],
        description="Why it matters.\n\nHow we will *work*: in groups.",
        **kwargs,
    )
    session.themes.add(
        ThemeFactory.create(name="Extremism and hate"), ThemeFactory.create(name="Cohesion")
    )
    SessionPersonFactory.create(session=session, name="Mette Holm", role="speaker")
    SessionPersonFactory.create(session=session, name="Jonas Berg", role="moderator")
    return session


@pytest.fixture
def programme(copenhagen_event: Event, hall: Room) -> dict[str, Session]:
    workshop_room = RoomFactory.create(venue=copenhagen_event.venue, name="Workshop room 1")
    return {
        "opening": full_session(copenhagen_event, hall, 9, title="Opening plenary"),
        "workshop": full_session(copenhagen_event, workshop_room, 11, title="Prevention locally"),
        "cancelled": full_session(
            copenhagen_event, workshop_room, 14, title="Site visit", status="cancelled"
        ),
        "draft": full_session(copenhagen_event, hall, 16, title="Secret draft", status="draft"),
    }
