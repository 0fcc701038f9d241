"""Hostile input on the write endpoints (approve, decline) and in the token header: always a
4xx JSON error, never a 500, and nothing changes, nobody is mailed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from outbox.models import OutboundMail
from registrations.models import Registration
from tests.api.conftest import CheckedClient, bearer

ACTIONS = ["approve", "decline"]


def unchanged(registration: Registration) -> bool:
    registration.refresh_from_db()
    return (
        registration.status == Registration.Status.PENDING_APPROVAL
        and not OutboundMail.objects.exists()
    )


def error(response: Any) -> dict[str, Any]:
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    return dict(body)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "bad_id", ["abc", "0", "-1", "1.5", "999999999999999999", "99999999999999999999999", "%00"]
)
def test_bad_ids_are_404(
    api: CheckedClient, write_token: str, pending: Registration, action: str, bad_id: str
) -> None:
    response = api.post(
        f"/api/v1/registrations/{bad_id}/{action}/",
        content_type="application/json",
        headers=bearer(write_token),
    )
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"
    assert unchanged(pending)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("[]", "invalid"),
        ('"approve"', "invalid"),
        ("1", "invalid"),
        ("null", "invalid"),
        ("true", "invalid"),
        ('{"status": "approved"}', "invalid"),  # unknown field
        ('{"reason": {"$gt": ""}}', "invalid"),
        ('{"\\u0000": 1}', "invalid"),
        ("{", "parse_error"),
        ('{"a": NaN}', "parse_error"),
        ("[" * 20000, "parse_error"),  # too deep for the parser
        (b"\xff\xfe{}", "parse_error"),  # not UTF-8
    ],
)
def test_bad_bodies_are_400(
    api: CheckedClient,
    write_token: str,
    pending: Registration,
    action: str,
    body: Any,
    code: str,
) -> None:
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/{action}/",
        data=body,
        content_type="application/json",
        headers=bearer(write_token),
    )
    assert response.status_code == 400
    assert error(response)["code"] == code
    assert unchanged(pending)


def test_unknown_fields_are_named(
    api: CheckedClient, write_token: str, pending: Registration
) -> None:
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/approve/",
        data={"status": "approved", "by": 1},
        content_type="application/json",
        headers=bearer(write_token),
    )
    assert error(response)["errors"] == {"by": ["Unknown field."], "status": ["Unknown field."]}


@pytest.mark.parametrize("action", ACTIONS)
def test_a_huge_body_is_413(
    api: CheckedClient, write_token: str, pending: Registration, action: str
) -> None:
    huge = json.dumps({"x": "a" * (2 * 1024 * 1024)})
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/{action}/",
        data=huge,
        content_type="application/json",
        headers=bearer(write_token),
    )
    assert response.status_code == 413
    assert error(response)["code"] == "too_large"
    assert unchanged(pending)


def test_a_body_just_over_the_limit_is_413(
    api: CheckedClient, write_token: str, pending: Registration, settings: Any
) -> None:
    settings.API_MAX_BODY_BYTES = 100
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/approve/",
        data=json.dumps({"x": "a" * 100}),
        content_type="application/json",
        headers=bearer(write_token),
    )
    assert response.status_code == 413
    assert unchanged(pending)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"],
)
def test_other_media_types_are_415(
    api: CheckedClient, write_token: str, pending: Registration, action: str, content_type: str
) -> None:
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/{action}/",
        data="status=approved",
        content_type=content_type,
        headers=bearer(write_token),
    )
    assert response.status_code == 415
    assert error(response)["code"] == "unsupported_media_type"
    assert unchanged(pending)


@pytest.mark.parametrize("action", ACTIONS)
def test_wrong_methods_are_405(
    api: CheckedClient, write_token: str, pending: Registration, action: str
) -> None:
    url = f"/api/v1/registrations/{pending.pk}/{action}/"
    for method in (api.get, api.put, api.patch, api.delete):
        response = method(url, headers=bearer(write_token))
        assert response.status_code == 405
    assert unchanged(pending)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer a b",
        "Bearer smt_" + "x" * 5000,
        "Bearer smt_short",
        "Bearer ' OR 1=1 --",
        "bearer smt_",
        "Bearer smt_\u00e9\u00e9",
    ],
)
def test_garbage_tokens_are_401(api: CheckedClient, pending: Registration, header: str) -> None:
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/approve/",
        content_type="application/json",
        headers={"Authorization": header},
    )
    assert response.status_code == 401
    assert error(response)["code"] == "authentication_failed"
    assert unchanged(pending)


def test_another_scheme_is_anonymous(api: CheckedClient, pending: Registration) -> None:
    response = api.get("/api/v1/registrations/", headers={"Authorization": "Basic b2xnYTp4"})
    assert response.status_code == 401
    assert error(response)["code"] == "not_authenticated"
