"""Who may create, move and cancel sessions: a live write token covering the event, nobody
else. Every refusal leaves the agenda as it was."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from api.ids import session_public_id
from api.models import ApiToken
from events.models import Event, Room
from sessions_app.models import Session
from tests.api.conftest import CheckedClient, bearer, make_token
from tests.api.test_access_matrix import PERSONAS

# this_event: a write token for this event only; other_event: one for another event only.
TOKENS = ["read", "write", "this_event", "other_event", "revoked", "expired"]
# Without a token (anonymous, or only a browser session) and with a dead one: 401.
EXPECTED = {
    "create": {"read": 403, "write": 201, "this_event": 201, "other_event": 400},
    "move": {"read": 403, "write": 200, "this_event": 200, "other_event": 404},
    "cancel": {"read": 403, "write": 200, "this_event": 200, "other_event": 404},
}


@pytest.fixture
def tokens(
    read_token: str,
    write_token: str,
    other_event_token: str,
    revoked_token: str,
    expired_token: str,
    event: Event,
    organizer: User,
) -> dict[str, str]:
    this_event = make_token(organizer, scope=ApiToken.Scope.WRITE, event=event)
    made = [read_token, write_token, this_event, other_event_token, revoked_token, expired_token]
    return dict(zip(TOKENS, made, strict=True))


def request_for(action: str, session: Session, festsal: Room) -> tuple[str, dict[str, Any]]:
    if action == "create":
        return "/api/v1/sessions/", {
            "event": "nsc-2049",
            "title": "A new draft",
            "room": festsal.pk,
            "starts_at": "2049-04-21T09:00:00+02:00",
            "ends_at": "2049-04-21T10:00:00+02:00",
        }
    url = f"/api/v1/sessions/{session_public_id(session.uid)}/{action}/"
    return url, {"starts_at": "2049-04-20T16:00:00+02:00"} if action == "move" else {}


@pytest.mark.parametrize("persona", [*PERSONAS, "this_event"])
@pytest.mark.parametrize("action", list(EXPECTED))
def test_session_writes_by_persona(
    api: CheckedClient,
    tokens: dict[str, str],
    session: Session,
    festsal: Room,
    persona: str,
    action: str,
    delegate: Any,
    organizer: Any,
) -> None:
    headers = bearer(tokens[persona]) if persona in tokens else {}
    if persona in ("delegate", "organizer"):
        api.force_login({"delegate": delegate, "organizer": organizer}[persona])
    url, body = request_for(action, session, festsal)

    response = api.post(url, body, content_type="application/json", headers=headers)

    expected = EXPECTED[action].get(persona, 401)
    assert response.status_code == expected
    session.refresh_from_db()
    changed = (session.revision, Session.objects.count()) != (0, 1)
    assert changed == (expected in (200, 201))


@pytest.mark.parametrize("persona", TOKENS)
@pytest.mark.parametrize("action", ["move", "cancel"])
def test_session_writes_answer_get_with_405(
    api: CheckedClient,
    tokens: dict[str, str],
    session: Session,
    festsal: Room,
    persona: str,
    action: str,
) -> None:
    url, _body = request_for(action, session, festsal)

    response = api.get(url, headers=bearer(tokens[persona]))

    assert response.status_code == (401 if persona in ("revoked", "expired") else 405)


# GET /api/v1/sessions/: every session of the token's events, drafts too.
LIST = {"read": 2, "write": 2, "this_event": 2, "other_event": 0}


@pytest.mark.parametrize("persona", [*PERSONAS, "this_event"])
def test_the_organizers_session_list_by_persona(
    api: CheckedClient,
    tokens: dict[str, str],
    session: Session,
    draft: Session,
    persona: str,
    delegate: Any,
    organizer: Any,
) -> None:
    headers = bearer(tokens[persona]) if persona in tokens else {}
    if persona in ("delegate", "organizer"):
        api.force_login({"delegate": delegate, "organizer": organizer}[persona])

    response = api.get("/api/v1/sessions/", headers=headers)

    if persona not in LIST:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == LIST[persona]
    if rows:
        assert {row["status"] for row in rows} == {"published", "draft"}
