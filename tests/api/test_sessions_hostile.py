"""Hostile input on the session endpoints (create, move, cancel): a 4xx JSON error that names
the field, never a 500, and nothing changes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from api.ids import session_public_id
from events.models import Event, Room
from sessions_app.models import Session, SessionChange
from tests.api.conftest import CheckedClient, bearer
from tests.factories import RoomFactory

GOOD = {
    "event": "nsc-2049",
    "title": "Youth councils against hate",
    "starts_at": "2049-04-21T09:00:00+02:00",
    "ends_at": "2049-04-21T10:30:00+02:00",
}


def send(api: CheckedClient, token: str, url: str, body: Any) -> Any:
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.post(url, data=data, content_type="application/json", headers=bearer(token))


def fields_of(response: Any) -> set[str]:
    body = json.loads(response.content)
    assert body["status"] == response.status_code == 400, body
    assert body["code"] in ("invalid", "parse_error"), body
    return set(body.get("errors", {}))


@pytest.fixture
def foreign_room(other_event: Event) -> Room:
    return RoomFactory.create(venue=other_event.venue, name="Another event's hall")


# (what is wrong, the changes to a good body, the field the error names); "FESTSAL" and
# "FOREIGN" stand for the ids of a room of the event and of a room of another event.
CREATE_CASES = [
    ("no offset", {"starts_at": "2049-04-21T09:00:00"}, "starts_at"),
    ("words", {"starts_at": "tomorrow at nine"}, "starts_at"),
    ("no such day", {"starts_at": "2049-02-30T09:00:00+01:00"}, "starts_at"),
    ("a number", {"starts_at": 1_700_000_000}, "starts_at"),
    ("before year 1 in UTC", {"starts_at": "0001-01-01T00:00:00+01:00"}, "starts_at"),
    ("after 9999 in UTC", {"starts_at": "9999-12-31T23:00:00-14:00"}, "starts_at"),
    ("too long a string", {"starts_at": "2049-04-21T09:00:00+02:00" + " " * 100}, "starts_at"),
    (
        "two years off",
        {"starts_at": "2051-04-21T09:00:00+02:00", "ends_at": "2051-04-21T10:00:00+02:00"},
        "starts_at",
    ),
    ("ends before it starts", {"ends_at": "2049-04-21T08:00:00+02:00"}, "ends_at"),
    ("no length", {"ends_at": "2049-04-21T09:00:00+02:00"}, "ends_at"),
    ("a month long", {"ends_at": "2049-05-21T09:00:00+02:00"}, "ends_at"),
    ("another event's room", {"room": "FOREIGN"}, "room"),
    ("unknown room", {"room": 999_999_999}, "room"),
    ("room past bigint", {"room": 10**30}, "room"),
    ("room by name", {"room": "Festsalen"}, "room"),
    ("room null", {"room": None}, "room"),
    ("no room", {"room": "DROP"}, "room"),
    ("empty title", {"title": ""}, "title"),
    ("title a list", {"title": ["a", "list"]}, "title"),
    ("title too long", {"title": "x" * 201}, "title"),
    ("unknown event", {"event": "no-such-event"}, "event"),
    ("event an object", {"event": {"$ne": ""}}, "event"),
    ("unknown format", {"format": "rave"}, "format"),
    ("capacity 0", {"capacity": 0}, "capacity"),
    ("capacity words", {"capacity": "many"}, "capacity"),
    ("languages a string", {"languages": "en"}, "languages"),
    ("unknown language", {"languages": ["klingon"]}, "languages"),
    ("unknown theme", {"themes": ["no-such-theme"]}, "themes"),
    ("script link", {"join_url": "javascript:alert(1)"}, "join_url"),
    ("offices without any", {"audience": "offices"}, "audience_offices"),
    ("network audience", {"audience": "network_members"}, "audience"),
    ("status is not settable", {"status": "published"}, "status"),
    ("allow_conflicts not a boolean", {"allow_conflicts": "perhaps"}, "allow_conflicts"),
]


def body_for(changes: dict[str, Any], festsal: Room, foreign: Room) -> dict[str, Any]:
    body = GOOD | {"room": festsal.pk} | changes
    ids = {"FESTSAL": festsal.pk, "FOREIGN": foreign.pk}
    if body["room"] == "DROP":
        del body["room"]
    elif isinstance(body["room"], str) and body["room"] in ids:
        body["room"] = ids[body["room"]]
    return body


@pytest.mark.parametrize(
    ("changes", "field"), [c[1:] for c in CREATE_CASES], ids=[c[0] for c in CREATE_CASES]
)
def test_bad_create_bodies_are_400_naming_the_field(
    api: CheckedClient,
    write_token: str,
    festsal: Room,
    foreign_room: Room,
    changes: dict[str, Any],
    field: str,
) -> None:
    response = send(api, write_token, "/api/v1/sessions/", body_for(changes, festsal, foreign_room))

    assert field in fields_of(response)
    assert not Session.objects.filter(title=GOOD["title"]).exists()


def test_a_token_for_another_event_cannot_create_in_this_one(
    api: CheckedClient, other_event_token: str, festsal: Room
) -> None:
    response = send(api, other_event_token, "/api/v1/sessions/", GOOD | {"room": festsal.pk})

    assert fields_of(response) == {"event"}
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "[]",
        '"move"',
        "null",
        "{",
        '{"a": NaN}',
        "[" * 20000,
        b"\xff\xfe{}",
        {"starts_at": None},
        {"starts_at": "2049-04-21T09:00:00"},
        {"starts_at": "2049-04-20T15:00+02:00", "ends_at": "2049-04-20T14:00+02:00"},
        {"starts_at": "2049-04-20T15:00+02:00", "room": "FOREIGN"},
        {"starts_at": "2049-04-20T15:00+02:00", "room": -1},
        {"starts_at": "2049-04-20T15:00+02:00", "title": "renamed"},
        {"starts_at": "2099-04-20T15:00+02:00"},
    ],
)
def test_bad_move_bodies_are_400(
    api: CheckedClient, write_token: str, session: Session, foreign_room: Room, body: Any
) -> None:
    if isinstance(body, dict) and body.get("room") == "FOREIGN":
        body = body | {"room": foreign_room.pk}
    url = f"/api/v1/sessions/{session_public_id(session.uid)}/move/"

    response = send(api, write_token, url, body)

    fields_of(response)
    session.refresh_from_db()
    assert session.revision == 0
    assert not SessionChange.objects.exists()


@pytest.mark.parametrize("body", ['{"reason": "x"}', "[]", "{"])
def test_bad_cancel_bodies_are_400(
    api: CheckedClient, write_token: str, session: Session, body: str
) -> None:
    url = f"/api/v1/sessions/{session_public_id(session.uid)}/cancel/"

    response = send(api, write_token, url, body)

    fields_of(response)
    session.refresh_from_db()
    assert session.status == "published"


@pytest.mark.parametrize(
    "public_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "1"]
)
@pytest.mark.parametrize("action", ["move", "cancel"])
def test_unknown_sessions_are_404(
    api: CheckedClient, write_token: str, session: Session, public_id: str, action: str
) -> None:
    body = {"starts_at": "2049-04-20T15:00+02:00"} if action == "move" else {}

    response = send(api, write_token, f"/api/v1/sessions/{public_id}/{action}/", body)

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    session.refresh_from_db()
    assert (session.status, session.revision) == ("published", 0)


def test_a_huge_body_is_413(api: CheckedClient, write_token: str, festsal: Room) -> None:
    body = GOOD | {"room": festsal.pk, "description": "x" * 70_000}

    response = send(api, write_token, "/api/v1/sessions/", body)

    assert (response.status_code, response.json()["code"]) == (413, "too_large")
    assert not Session.objects.exists()


def test_a_form_post_is_415(api: CheckedClient, write_token: str, festsal: Room) -> None:
    response = api.post(
        "/api/v1/sessions/", GOOD | {"room": festsal.pk}, headers=bearer(write_token)
    )

    assert (response.status_code, response.json()["code"]) == (415, "unsupported_media_type")
