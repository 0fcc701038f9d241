"""schedule.json and schedule.xml of factory events: valid for the c3voc schemas, in the
event's zone, the right fields, cancelled sessions marked, drafts absent, bad slugs 404."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from events.models import Event, Room
from sessions_app.models import Session
from sessions_app.services import cancel_session
from tests.factories import RoomFactory, VenueFactory
from tests.schedules.conftest import (
    SUMMER_DAY,
    all_talks,
    get_json,
    get_xml,
    json_errors,
    json_url,
    xml_errors,
    xml_url,
)
from tests.sessions_app.factories import (
    SessionFactory,
    SessionPersonFactory,
    local,
)


# --- valid for the schemas --------------------------------------------------------------------
def test_the_json_of_an_event_is_valid_for_the_c3voc_schema(
    client: Client, programme: dict[str, Session]
) -> None:
    document = get_json(client, programme["opening"].event)

    assert json_errors(document) == []
    assert [talk["title"] for talk in all_talks(document)] == [
        "Opening plenary",
        "Prevention locally",
        "Cancelled: Site visit",
    ]


def test_the_xml_of_an_event_is_valid_for_the_c3voc_xsd(
    client: Client, programme: dict[str, Session]
) -> None:
    content = get_xml(client, programme["opening"].event)

    assert xml_errors(content) == []
    root = ET.fromstring(content)
    assert [e.findtext("title") for e in root.iter("event")] == [
        "Opening plenary",
        "Prevention locally",
        "Cancelled: Site visit",
    ]


def test_a_talk_carries_room_people_tracks_language_texts_and_its_page(
    client: Client, programme: dict[str, Session]
) -> None:
    session = programme["workshop"]

    talk = next(t for t in all_talks(get_json(client, session.event)) if t["id"] == session.pk)

    assert talk["room"] == "Workshop room 1"
    assert talk["type"] == "workshop"
    assert talk["track"] == "Cohesion"
    assert talk["language"] == "en"
    assert talk["abstract"] == "Why it matters."
    assert talk["description"] == "Why it matters.\n\nHow we will *work*: in groups."
    assert talk["url"] == settings.SITE_URL + session.get_absolute_url()
    assert [p["name"] for p in talk["persons"]] == ["Jonas Berg", "Mette Holm"]
    assert talk["slug"] == f"nsc_summit_2049-{session.pk}-{session.slug}"
    conference = get_json(client, session.event)["schedule"]["conference"]
    assert [t["name"] for t in conference["tracks"]] == ["Cohesion", "Extremism and hate"]
    assert [r["name"] for r in conference["rooms"]] == ["Festsalen", "Workshop room 1"]


def test_the_same_person_has_the_same_guid_in_every_session(
    client: Client, copenhagen_event: Event, hall: Room
) -> None:
    first = SessionFactory.create(event=copenhagen_event, room=hall)
    second = SessionFactory.create(
        event=copenhagen_event, room=hall, starts_at=local(SUMMER_DAY, 14)
    )
    for session in (first, second):
        SessionPersonFactory.create(session=session, name="Guest Speaker")
    SessionPersonFactory.create(session=second, name="Someone Else")

    talks = all_talks(get_json(client, copenhagen_event))

    guids = [[p["guid"] for p in talk["persons"]] for talk in talks]
    assert guids[0][0] == guids[1][0]
    assert guids[1][1] != guids[0][0]


# --- time zones ---------------------------------------------------------------------------------
def test_copenhagen_times_are_local_with_the_summer_offset(
    client: Client, programme: dict[str, Session]
) -> None:
    document = get_json(client, programme["opening"].event)

    conference = document["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Copenhagen"
    assert (conference["start"], conference["end"], conference["daysCount"]) == (
        "2049-06-15",
        "2049-06-16",
        2,
    )
    day = conference["days"][0]
    assert (day["day_start"], day["day_end"]) == (
        "2049-06-15T00:00:00+02:00",
        "2049-06-16T00:00:00+02:00",
    )
    opening = day["rooms"]["Festsalen"][0]
    assert (opening["date"], opening["start"], opening["end"], opening["duration"]) == (
        "2049-06-15T09:00:00+02:00",
        "09:00",
        "2049-06-15T10:30:00+02:00",
        "01:30",
    )


def test_london_times_are_london_times(client: Client, london_event: Event) -> None:
    room = RoomFactory.create(venue=london_event.venue, name="Committee Room")
    SessionFactory.create(
        event=london_event,
        room=room,
        starts_at=local(SUMMER_DAY, 10, zone="Europe/London"),
        ends_at=local(SUMMER_DAY, 11, zone="Europe/London"),
    )

    document = get_json(client, london_event)
    xml = ET.fromstring(get_xml(client, london_event))

    conference = document["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/London"
    [talk] = all_talks(document)
    assert (talk["date"], talk["start"]) == ("2049-06-15T10:00:00+01:00", "10:00")
    assert xml.findtext("conference/time_zone_name") == "Europe/London"
    assert xml.findtext("day/room/event/date") == "2049-06-15T10:00:00+01:00"
    assert xml.find("day").attrib["start"] == "2049-06-15T00:00:00+01:00"  # type: ignore[union-attr]


def test_the_offset_follows_the_end_of_summer_time(client: Client, copenhagen_event: Event) -> None:
    """2049-10-31: Copenhagen goes from +02:00 to +01:00 at 03:00."""
    copenhagen_event.start_date = dt.date(2049, 10, 30)
    copenhagen_event.end_date = dt.date(2049, 10, 31)
    copenhagen_event.save()
    room = RoomFactory.create(venue=copenhagen_event.venue)
    for day in (30, 31):
        SessionFactory.create(
            event=copenhagen_event, room=room, starts_at=local(dt.date(2049, 10, day), 10)
        )

    document = get_json(client, copenhagen_event)

    assert [t["date"] for t in all_talks(document)] == [
        "2049-10-30T10:00:00+02:00",
        "2049-10-31T10:00:00+01:00",
    ]
    days = document["schedule"]["conference"]["days"]
    assert [(d["day_start"], d["day_end"]) for d in days] == [
        ("2049-10-30T00:00:00+02:00", "2049-10-31T00:00:00+02:00"),
        ("2049-10-31T00:00:00+02:00", "2049-11-01T00:00:00+01:00"),
    ]
    assert json_errors(document) == []


def test_a_session_at_another_venue_is_written_in_the_event_zone(
    client: Client, copenhagen_event: Event
) -> None:
    malmo = VenueFactory.create(name="Malmö Live", time_zone="Europe/Stockholm")
    copenhagen_event.other_venues.add(malmo)
    room = RoomFactory.create(venue=malmo, name="Festsalen")
    RoomFactory.create(venue=copenhagen_event.venue, name="Festsalen")
    SessionFactory.create(event=copenhagen_event, room=room, starts_at=local(SUMMER_DAY, 10))

    document = get_json(client, copenhagen_event)

    [talk] = all_talks(document)
    assert (talk["date"], talk["room"]) == ("2049-06-15T10:00:00+02:00", "Festsalen")


def test_rooms_of_the_same_name_at_two_venues_get_their_venue_name(
    client: Client, copenhagen_event: Event, hall: Room
) -> None:
    malmo = VenueFactory.create(name="Malmö Live", time_zone="Europe/Stockholm")
    copenhagen_event.other_venues.add(malmo)
    SessionFactory.create(event=copenhagen_event, room=hall)
    other = RoomFactory.create(venue=malmo, name="Festsalen")
    SessionFactory.create(event=copenhagen_event, room=other, starts_at=local(SUMMER_DAY, 14))

    document = get_json(client, copenhagen_event)

    rooms = document["schedule"]["conference"]["rooms"]
    assert [room["name"] for room in rooms] == [
        "Festsalen, Copenhagen City Hall",
        "Festsalen, Malmö Live",
    ]
    assert len({room["guid"] for room in rooms}) == 2
    assert xml_errors(get_xml(client, copenhagen_event)) == []


# --- cancelled, drafts, unpublished events ---------------------------------------------------
def test_a_cancelled_session_stays_marked_in_both_files(
    client: Client, programme: dict[str, Session]
) -> None:
    session = programme["workshop"]
    cancel_session(session=session, by=None)

    talk = next(t for t in all_talks(get_json(client, session.event)) if t["id"] == session.pk)
    xml = ET.fromstring(get_xml(client, session.event))

    assert (talk["title"], talk["do_not_record"]) == ("Cancelled: Prevention locally", True)
    event = next(e for e in xml.iter("event") if e.attrib["id"] == str(session.pk))
    assert event.findtext("title") == "Cancelled: Prevention locally"
    assert event.findtext("recording/optout") == "true"
    opening = next(e for e in xml.iter("event") if e.attrib["id"] == str(programme["opening"].pk))
    assert opening.find("recording") is None


def test_a_cancelled_session_is_marked_in_its_own_language(
    client: Client, copenhagen_event: Event, hall: Room
) -> None:
    SessionFactory.create(
        event=copenhagen_event, room=hall, title="Byvandring", languages=["da"], status="cancelled"
    )

    [talk] = all_talks(get_json(client, copenhagen_event))

    assert talk["title"] == "Annulleret: Byvandring"


def test_drafts_are_absent_from_both_files_even_for_organizers(
    client: Client, organizer: Any, programme: dict[str, Session]
) -> None:
    client.force_login(organizer)
    event = programme["draft"].event

    assert "Secret draft" not in get_json(client, event).__repr__()
    assert b"Secret draft" not in get_xml(client, event)
    SessionFactory.create(
        event=event, title="Never published", status="cancelled", published_at=None
    )
    assert "Never published" not in repr(get_json(client, event))
    programme["opening"].status = "draft"  # published once, set back to draft by hand
    programme["opening"].save()
    assert "Opening plenary" not in repr(get_json(client, event))


@pytest.mark.parametrize("url", [json_url, xml_url])
def test_an_unpublished_event_answers_404_even_to_organizers(
    client: Client, organizer: Any, programme: dict[str, Session], url: Any
) -> None:
    event = programme["opening"].event
    event.is_published = False
    event.save()

    assert client.get(url(event)).status_code == 404
    client.force_login(organizer)
    assert client.get(url(event)).status_code == 404


@pytest.mark.parametrize("name", ["schedules:schedule_json", "schedules:schedule_xml"])
@pytest.mark.parametrize("slug", ["no-such-event", "a" * 300, "-", "_"])
def test_a_bad_event_slug_answers_404(client: Client, db: None, name: str, slug: str) -> None:
    response = client.get(reverse(name, kwargs={"slug": slug}))

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/events/%00/schedule.json", "/events/x%2F..%2F/schedule.xml"])
def test_a_malformed_path_answers_404(client: Client, db: None, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("url", [json_url, xml_url])
def test_a_head_request_gets_the_headers_without_the_body(
    client: Client, programme: dict[str, Session], url: Any
) -> None:
    full = client.get(url(programme["opening"].event))

    response = client.head(url(programme["opening"].event))

    assert (response.status_code, response.content) == (200, b"")
    assert response["ETag"] == full["ETag"]


@pytest.mark.parametrize("url", [json_url, xml_url])
def test_a_post_answers_405(client: Client, programme: dict[str, Session], url: Any) -> None:
    response = client.post(url(programme["opening"].event))

    assert response.status_code == 405
