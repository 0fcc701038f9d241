"""The demo summit's files (manage.py load_demo): every event's, valid for both c3voc schemas."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from demo.load import load_demo
from events.models import Event
from sessions_app.models import Session
from tests.schedules.conftest import all_talks, get_json, get_xml, json_errors, xml_errors

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo(db: None) -> list[Event]:
    load_demo(today=TODAY)
    return list(Event.objects.published().select_related("venue").order_by("slug"))


def test_every_demo_event_has_valid_files_with_all_its_public_sessions(
    client: Client, demo: list[Event]
) -> None:
    assert len(demo) == 6
    for event in demo:
        document = get_json(client, event)
        content = get_xml(client, event)

        assert json_errors(document) == [], event.slug
        assert xml_errors(content) == [], event.slug
        public = set(Session.objects.public().filter(event=event).values_list("pk", flat=True))
        assert {talk["id"] for talk in all_talks(document)} == public
        assert {int(e.attrib["id"]) for e in ET.fromstring(content).iter("event")} == public


def test_each_demo_event_is_written_in_its_own_zone(client: Client, demo: list[Event]) -> None:
    zones = {
        event.slug: get_json(client, event)["schedule"]["conference"]["time_zone_name"]
        for event in demo
    }

    assert zones == {event.slug: event.venue.time_zone for event in demo}
    assert zones["scn-dialogue-london-next"] == "Europe/London"
    assert zones["nsc-annual-summit-next"] == "Europe/Copenhagen"


def test_the_demo_summit_lists_rooms_of_both_venues(client: Client, demo: list[Event]) -> None:
    summit = next(event for event in demo if event.slug == "nsc-annual-summit-next")

    conference = get_json(client, summit)["schedule"]["conference"]

    used = Session.objects.public().filter(event=summit).values_list("room_id").distinct()
    assert len(conference["rooms"]) == used.count()
    assert len(conference["tracks"]) == 5
