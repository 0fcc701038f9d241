"""Every error under /api/ is JSON in one shape (status, code, detail), never an HTML page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from events.models import Event
from tests.api.conftest import CheckedClient


def error(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    return dict(body)


def test_unknown_address_under_api_is_a_json_404(api: CheckedClient, db: None) -> None:
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


def test_unknown_address_elsewhere_is_still_the_html_page(db: None) -> None:
    response = Client().get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_bad_session_id_is_a_json_404(api: CheckedClient, db: None) -> None:
    assert api.get("/api/v1/sessions/not-a-uuid/").status_code == 404
    response = api.get("/api/v1/sessions/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"


def test_wrong_method_is_a_json_405(api: CheckedClient, event: Event) -> None:
    response = api.post("/api/v1/events/", {}, content_type="application/json")
    assert response.status_code == 405
    assert error(response)["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_too_many_requests_is_a_json_429_with_retry_after(
    api: CheckedClient, event: Event, settings: Any
) -> None:
    settings.API_ANON_RATE = "2/min"
    assert [api.get("/api/v1/events/").status_code for _ in range(2)] == [200, 200]
    response = api.get("/api/v1/events/")
    assert response.status_code == 429
    assert error(response)["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_request_django_refuses_is_a_json_400(event: Event) -> None:
    # A plain client: the schema check itself cannot read these parameters (Django refuses).
    query = "&".join(f"f{n}=1" for n in range(1001))  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = Client().get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert error(response)["code"] == "bad_request"


@pytest.mark.urls("tests.api.urls")
@pytest.mark.parametrize("path", ["/api/v1/crash/", "/api/v1/crash-drf/"])
def test_a_crash_under_api_is_a_json_500_that_tells_nothing(path: str, db: None) -> None:
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    assert error(response) == {
        "status": 500,
        "code": "server_error",
        "detail": "Something went wrong on our side.",
    }


@pytest.mark.urls("tests.api.urls")
def test_a_crash_elsewhere_is_still_the_html_page(db: None) -> None:
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_forged_forwarded_for_does_not_escape_the_rate_limit(
    api: CheckedClient, event: Event, settings: Any
) -> None:
    settings.API_ANON_RATE = "1/min"
    assert api.get("/api/v1/events/").status_code == 200
    response = api.get("/api/v1/events/", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.status_code == 429


def test_asking_for_html_only_is_a_json_406(api: CheckedClient, event: Event) -> None:
    response = api.get("/api/v1/events/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406
    assert error(response)["code"] == "not_acceptable"


def test_a_browser_accept_header_gets_json(api: CheckedClient, event: Event) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = api.get("/api/v1/events/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
