"""Who gets what, for every endpoint: anonymous, a read token, a write token, a token for
another event, a revoked token, an expired one, and a signed-in delegate or organizer without a
token (the API reads tokens only: a browser session is anonymous to it)."""

from __future__ import annotations

from typing import Any

import pytest

from api.ids import session_public_id
from registrations.models import Registration
from tests.api.conftest import CheckedClient, bearer

PERSONAS = [
    "anonymous",
    "read",
    "write",
    "other_event",
    "revoked",
    "expired",
    "delegate",
    "organizer",
]


@pytest.fixture
def world(
    session: Any,
    draft: Any,
    pending: Registration,
    elsewhere: Registration,
    read_token: str,
    write_token: str,
    other_event_token: str,
    revoked_token: str,
    expired_token: str,
) -> dict[str, Any]:
    return {
        "session": session,
        "pending": pending,
        "tokens": {
            "read": read_token,
            "write": write_token,
            "other_event": other_event_token,
            "revoked": revoked_token,
            "expired": expired_token,
        },
    }


def call(
    api: CheckedClient, persona: str, world: dict[str, Any], method: str, url: str, **users: Any
) -> Any:
    headers = {}
    if persona in world["tokens"]:
        headers = bearer(world["tokens"][persona])
    elif persona in users:
        api.force_login(users[persona])
    if method == "post":
        return api.post(url, content_type="application/json", headers=headers)
    return api.get(url, headers=headers)


PUBLIC = [
    "/api/v1/events/",
    "/api/v1/events/nsc-2049/",
    "/api/v1/events/nsc-2049/rooms/",
    "/api/v1/events/nsc-2049/sessions/",
    "/api/v1/events/nsc-2049/people/",
    "/api/v1/sessions/{session}/",
    "/api/v1/schema/",
]
# Public data is the same for everyone; a revoked or expired token is refused everywhere.
PUBLIC_STATUS = dict.fromkeys(PERSONAS, 200) | {"revoked": 401, "expired": 401}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", PUBLIC)
def test_public_endpoints(
    api: CheckedClient,
    world: dict[str, Any],
    persona: str,
    path: str,
    delegate: Any,
    organizer: Any,
) -> None:
    url = path.format(session=session_public_id(world["session"].uid))
    response = call(api, persona, world, "get", url, delegate=delegate, organizer=organizer)
    assert response.status_code == PUBLIC_STATUS[persona]
    if response.status_code == 200 and "sessions" in url:
        assert b"Secret draft" not in response.content


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", [p for p in PUBLIC if p != "/api/v1/schema/"])
def test_public_endpoints_cannot_be_written(
    api: CheckedClient,
    world: dict[str, Any],
    persona: str,
    path: str,
    delegate: Any,
    organizer: Any,
) -> None:
    url = path.format(session=session_public_id(world["session"].uid))
    response = call(api, persona, world, "post", url, delegate=delegate, organizer=organizer)
    assert response.status_code == (401 if persona in ("revoked", "expired") else 405)


ORGANIZER = {
    # path, method: the status for each persona
    ("/api/v1/registrations/", "get"): {"read": 200, "write": 200, "other_event": 200},
    ("/api/v1/registrations/{pk}/", "get"): {"read": 200, "write": 200, "other_event": 404},
    ("/api/v1/registrations/{pk}/approve/", "post"): {
        "read": 403,
        "write": 200,
        "other_event": 404,
    },
    ("/api/v1/registrations/{pk}/decline/", "post"): {
        "read": 403,
        "write": 200,
        "other_event": 404,
    },
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("path", "method"), list(ORGANIZER))
def test_organizer_endpoints(
    api: CheckedClient,
    world: dict[str, Any],
    persona: str,
    path: str,
    method: str,
    delegate: Any,
    organizer: Any,
) -> None:
    pending = world["pending"]
    url = path.format(pk=pending.pk)
    response = call(api, persona, world, method, url, delegate=delegate, organizer=organizer)
    expected = ORGANIZER[(path, method)].get(persona, 401)  # no token, or a revoked one: 401
    assert response.status_code == expected
    pending.refresh_from_db()
    changed = pending.status != Registration.Status.PENDING_APPROVAL
    assert changed == (method == "post" and expected == 200)
    if method == "get" and expected == 200 and "{pk}" not in path:
        ids = [row["id"] for row in response.json()["results"]]
        assert (pending.pk in ids) == (persona != "other_event")
