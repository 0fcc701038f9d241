"""schedule.json and schedule.xml over HTTP: the guid is the calendar UID's, a constant number
of queries, cached until a change, conditional requests, the same file for everyone, and the
agenda page's links."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, Room
from sessions_app.models import Session, SessionPerson, session_uuid
from sessions_app.services import update_session
from tests.schedules.conftest import (
    all_talks,
    full_session,
    get_json,
    get_xml,
    json_errors,
    json_url,
    xml_errors,
    xml_url,
)


# --- identity -----------------------------------------------------------------------------------
def test_the_guid_is_the_uuid_in_the_calendar_uid(
    client: Client, programme: dict[str, Session]
) -> None:
    session = programme["opening"]
    ics = client.get(reverse("sessions_app:download_session", kwargs={"pk": session.pk})).content
    [vevent] = icalendar.Calendar.from_ical(ics).events
    uid = str(vevent["UID"])

    talk = next(t for t in all_talks(get_json(client, session.event)) if t["id"] == session.pk)
    xml = ET.fromstring(get_xml(client, session.event))

    assert uid == f"session-{talk['guid']}@{uid.split('@')[1]}"
    assert talk["guid"] == str(uuid.UUID(talk["guid"])) == str(session_uuid(session.uid))
    event = next(e for e in xml.iter("event") if e.attrib["id"] == str(session.pk))
    assert event.attrib["guid"] == talk["guid"]


def test_every_guid_is_unique(client: Client, programme: dict[str, Session]) -> None:
    talks = all_talks(get_json(client, programme["opening"].event))

    assert len({talk["guid"] for talk in talks}) == len(talks) == 3


# --- queries, caching, conditional requests ---------------------------------------------------
def add_sessions(event: Event, room: Room, count: int) -> None:
    for n in range(count):
        session = full_session(event, room, 8 + n % 12, title=f"Session {n}")
        session.starts_at += dt.timedelta(days=n % 2)
        session.ends_at += dt.timedelta(days=n % 2)
        session.save()


def json2_url(event: Event) -> str:
    return reverse("schedules:schedule2_json", kwargs={"slug": event.slug})


@pytest.mark.parametrize("count", [1, 40])
@pytest.mark.parametrize("url", [json_url, xml_url, json2_url])
def test_a_file_costs_four_queries_whatever_the_number_of_sessions(
    client: Client,
    copenhagen_event: Event,
    hall: Room,
    django_assert_num_queries: Any,
    count: int,
    url: Any,
) -> None:
    add_sessions(copenhagen_event, hall, count)

    with django_assert_num_queries(4):  # the event, sessions, themes, people
        response = client.get(url(copenhagen_event))
    with django_assert_num_queries(0):  # then from the cache
        again = client.get(url(copenhagen_event))

    assert response.status_code == again.status_code == 200
    assert again.content == response.content
    assert response.content.count(b"Session ") == count


def test_a_change_shows_in_the_next_request(client: Client, programme: dict[str, Session]) -> None:
    session = programme["opening"]
    get_json(client, session.event)
    get_xml(client, session.event)

    update_session(session=session, by=None, title="Welcome")
    SessionPerson.objects.filter(session=session, name="Mette Holm").update(name="Mette H.")

    assert "Welcome" in [t["title"] for t in all_talks(get_json(client, session.event))]
    assert b"<title>Welcome</title>" in get_xml(client, session.event)


@pytest.mark.parametrize("url", [json_url, xml_url])
def test_a_client_with_the_current_etag_gets_304(
    client: Client, programme: dict[str, Session], url: Any
) -> None:
    event = programme["opening"].event
    first = client.get(url(event))

    again = client.get(url(event), HTTP_IF_NONE_MATCH=first["ETag"])
    since = client.get(url(event), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first["Cache-Control"] == "public, max-age=60"
    assert (again.status_code, again.content) == (304, b"")
    assert since.status_code == 304
    update_session(session=programme["opening"], by=None, title="Welcome")
    changed = client.get(url(event), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_an_event_without_sessions_has_its_days_and_is_valid(
    client: Client, copenhagen_event: Event
) -> None:
    document = get_json(client, copenhagen_event)

    assert json_errors(document) == []
    assert xml_errors(get_xml(client, copenhagen_event)) == []
    assert [day["rooms"] for day in document["schedule"]["conference"]["days"]] == [{}, {}]


# --- the agenda page links here -------------------------------------------------------------------
def test_the_agenda_page_links_to_both_files(client: Client, programme: dict[str, Session]) -> None:
    event = programme["opening"].event

    page = client.get(reverse("sessions_app:agenda", kwargs={"slug": event.slug})).content.decode()

    assert f'<a href="{xml_url(event)}">Schedule for apps (XML)</a>' in page
    assert f'<a href="{json_url(event)}">Schedule for apps (JSON)</a>' in page


def test_an_unpublished_event_agenda_has_no_links_to_files_that_answer_404(
    client: Client, organizer: Any, programme: dict[str, Session]
) -> None:
    event = programme["opening"].event
    event.is_published = False
    event.save()
    client.force_login(organizer)

    page = client.get(reverse("sessions_app:agenda", kwargs={"slug": event.slug})).content.decode()

    assert "Secret draft" in page  # the organizer's view of the agenda
    assert json_url(event) not in page


@pytest.mark.parametrize("url", [json_url, xml_url])
def test_everyone_gets_the_same_file(
    client: Client, organizer: Any, outsider: Any, programme: dict[str, Session], url: Any
) -> None:
    event = programme["opening"].event
    anonymous = client.get(url(event)).content
    seen = []
    for person in (organizer, outsider):
        client.force_login(person)
        seen.append(client.get(url(event)).content)

    assert seen == [anonymous, anonymous]
