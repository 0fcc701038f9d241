"""The public endpoints: what they show, what they never show, filters, pages."""

from __future__ import annotations

import json
from typing import Any

from api.ids import session_public_id
from events.models import Event, Room
from sessions_app.models import Session
from tests.api.conftest import FIRST_DAY, CheckedClient
from tests.factories import EventFactory, RoomFactory
from tests.sessions_app.factories import SessionFactory, local


def data(response: Any) -> Any:
    return json.loads(response.content)


def test_event_list_shows_published_events_only(api: CheckedClient, event: Event) -> None:
    EventFactory.create(name="Draft summit", is_published=False)
    response = api.get("/api/v1/events/")
    assert response.status_code == 200
    body = data(response)
    assert body["count"] == 1
    shown = body["results"][0]
    assert shown["slug"] == "nsc-2049"
    assert shown["time_zone"] == "Europe/Copenhagen"
    assert shown["venue"]["city"] == {"name": "Copenhagen", "country": "DK"}
    assert shown["url"] == "http://127.0.0.1:8000/events/nsc-2049/"


def test_event_registration_times_are_on_the_venue_clocks(api: CheckedClient, event: Event) -> None:
    event.registration_opens_at = local(FIRST_DAY, 9)
    event.save()
    response = api.get("/api/v1/events/nsc-2049/")
    assert data(response)["registration_opens_at"] == "2049-04-20T09:00:00+02:00"


def test_event_list_filters_by_kind_network_and_date(api: CheckedClient, event: Event) -> None:
    EventFactory.create(
        slug="old",
        kind="workshop",
        start_date=FIRST_DAY.replace(year=2020),
        end_date=FIRST_DAY.replace(year=2020),
    )
    assert [e["slug"] for e in data(api.get("/api/v1/events/?kind=workshop"))["results"]] == ["old"]
    later = data(api.get("/api/v1/events/?ends_after=2040-01-01"))["results"]
    assert [e["slug"] for e in later] == ["nsc-2049"]
    assert data(api.get("/api/v1/events/?network=nobody"))["count"] == 0


def test_draft_event_is_not_found(api: CheckedClient, db: None) -> None:
    EventFactory.create(slug="draft", is_published=False)
    for path in ("", "sessions/", "rooms/", "people/"):
        response = api.get(f"/api/v1/events/draft/{path}")
        assert response.status_code == 404
        assert data(response)["code"] == "not_found"


def test_sessions_show_the_public_agenda_with_zoned_times(
    api: CheckedClient, session: Session, draft: Session
) -> None:
    response = api.get("/api/v1/events/nsc-2049/sessions/")
    assert response.status_code == 200
    [shown] = data(response)["results"]
    assert shown["id"] == str(session_public_id(session.uid))
    assert shown["starts_at"] == "2049-04-20T10:00:00+02:00"
    assert shown["ends_at"] == "2049-04-20T11:30:00+02:00"
    assert shown["time_zone"] == "Europe/Copenhagen"
    assert shown["status"] == "published"
    assert shown["themes"] == [{"slug": "polarisation", "name": "Polarisation"}]
    assert shown["people"] == [
        {"name": "Mette Jensen", "role": "speaker", "office": "mayor", "city": None}
    ]
    assert "join_url" not in shown


def test_a_published_then_cancelled_session_stays_marked_cancelled(
    api: CheckedClient, session: Session
) -> None:
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    [shown] = data(api.get("/api/v1/events/nsc-2049/sessions/"))["results"]
    assert shown["status"] == "cancelled"
    assert data(api.get("/api/v1/events/nsc-2049/sessions/?status=published"))["count"] == 0


def test_session_detail_by_public_id(api: CheckedClient, session: Session) -> None:
    public_id = session_public_id(session.uid)
    response = api.get(f"/api/v1/sessions/{public_id}/")
    assert response.status_code == 200
    assert data(response)["title"] == "Countering disinformation locally"
    assert data(response)["event"] == "nsc-2049"


def test_a_draft_session_is_not_found_by_its_id(api: CheckedClient, draft: Session) -> None:
    response = api.get(f"/api/v1/sessions/{session_public_id(draft.uid)}/")
    assert response.status_code == 404


def test_a_session_of_a_draft_event_is_not_found(api: CheckedClient, session: Session) -> None:
    Event.objects.filter(pk=session.event_id).update(is_published=False)
    response = api.get(f"/api/v1/sessions/{session_public_id(session.uid)}/")
    assert response.status_code == 404
    assert data(api.get("/api/v1/events/"))["count"] == 0


def test_sessions_filter_by_day_room_theme_and_format(
    api: CheckedClient, session: Session, festsal: Room
) -> None:
    other_room = RoomFactory.create(venue=session.event.venue, name="Workshop room")
    second_day = SessionFactory.create(
        event=session.event,
        room=other_room,
        format="panel",
        starts_at=local(FIRST_DAY.replace(day=21), 0, 30),  # 22:30 UTC on the 20th
        ends_at=local(FIRST_DAY.replace(day=21), 1, 30),
    )

    def ids(query: str) -> list[str]:
        return [
            s["slug"]
            for s in data(api.get(f"/api/v1/events/nsc-2049/sessions/?{query}"))["results"]
        ]

    assert ids("day=2049-04-20") == [session.slug]
    assert ids("day=2049-04-21") == [second_day.slug]
    assert ids(f"room={other_room.pk}") == [second_day.slug]
    assert ids("theme=polarisation") == [session.slug]
    assert ids("format=panel") == [second_day.slug]
    assert ids("") == [session.slug, second_day.slug]


def test_bad_filters_are_400_naming_the_parameter(api: CheckedClient, session: Session) -> None:
    for query, name in [
        ("day=2049-13-40", "day"),
        ("room=abc", "room"),
        ("room=99999999999999999999", "room"),
        ("format=rave", "format"),
        ("status=draft", "status"),
        ("theme=%00", "theme"),
    ]:
        response = api.get(f"/api/v1/events/nsc-2049/sessions/?{query}")
        assert response.status_code == 400, query
        body = data(response)
        assert body["code"] == "invalid"
        assert list(body["errors"]) == [name]


def test_rooms_of_the_event_venues(api: CheckedClient, event: Event, festsal: Room) -> None:
    RoomFactory.create(name="Elsewhere")  # another venue, not the event's
    response = api.get("/api/v1/events/nsc-2049/rooms/")
    assert response.status_code == 200
    assert [r["name"] for r in data(response)["results"]] == ["Festsalen"]
    assert data(response)["results"][0]["venue"]["time_zone"] == "Europe/Copenhagen"


def test_people_are_billed_once_with_their_sessions_and_nothing_private(
    api: CheckedClient, session: Session, draft: Session, organizer: Any
) -> None:
    from tests.sessions_app.factories import SessionPersonFactory

    SessionPersonFactory.create(session=draft, name="Hidden Speaker")
    later = SessionFactory.create(event=session.event, room=session.room)
    SessionPersonFactory.create(session=later, name="Mette Jensen", role="moderator")
    SessionPersonFactory.create(session=later, name="Olga", user=organizer)
    response = api.get("/api/v1/events/nsc-2049/people/")
    people = data(response)["results"]
    assert [p["name"] for p in people] == ["Mette Jensen", "Olga"]
    assert [s["role"] for s in people[0]["sessions"]] == ["speaker", "moderator"]
    assert "olga.organizer@example.org" not in response.content.decode()
    assert set(people[1]) == {"name", "office", "city", "sessions"}
    moderators = data(api.get("/api/v1/events/nsc-2049/people/?role=moderator"))["results"]
    assert [p["name"] for p in moderators] == ["Mette Jensen"]


def test_lists_are_paginated(api: CheckedClient, event: Event, festsal: Room) -> None:
    SessionFactory.create_batch(3, event=event, room=festsal)
    first = data(api.get("/api/v1/events/nsc-2049/sessions/?page_size=2"))
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"].endswith("/api/v1/events/nsc-2049/sessions/?page=2&page_size=2")
    second = data(api.get("/api/v1/events/nsc-2049/sessions/?page=2&page_size=2"))
    assert len(second["results"]) == 1
    assert second["next"] is None
    response = api.get("/api/v1/events/nsc-2049/sessions/?page=9")
    assert response.status_code == 404


def test_a_session_with_a_uid_of_another_form_is_listed_and_found(
    api: CheckedClient, event: Event, festsal: Room
) -> None:
    bench = SessionFactory.create(event=event, room=festsal, uid="session-bench-0001@127.0.0.1")
    [listed] = data(api.get("/api/v1/events/nsc-2049/sessions/"))["results"]
    assert listed["id"] == str(session_public_id(bench.uid))
    response = api.get(f"/api/v1/sessions/{listed['id']}/")
    assert response.status_code == 200
    assert data(response)["slug"] == bench.slug
