"""The API's registrations list is kept in the shared cache (api/organizer_views.py): a change
to what it shows must show at once, and a token must never be served another event's page."""

from __future__ import annotations

import json
from typing import Any

from registrations import services
from registrations.models import Registration
from tests.api.conftest import CheckedClient, bearer

URL = "/api/v1/registrations/"


def rows(api: CheckedClient, raw: str, query: str = "") -> list[dict[str, Any]]:
    response = api.get(f"{URL}{query}", headers=bearer(raw))
    assert response.status_code == 200
    return json.loads(response.content)["results"]


def test_a_change_to_a_registration_shows_at_once(
    api: CheckedClient, read_token: str, pending: Registration, organizer: Any
) -> None:
    assert [row["status"] for row in rows(api, read_token)] == ["pending_approval"]
    services.approve_registration(registration=pending, by=organizer)
    assert [row["status"] for row in rows(api, read_token)] == ["approved"]
    pending.refresh_from_db()
    pending.phone = "+45 9999"
    pending.save()
    assert [row["phone"] for row in rows(api, read_token)] == ["+45 9999"]


def test_a_change_of_person_city_or_venue_shows_at_once(
    api: CheckedClient, read_token: str, pending: Registration
) -> None:
    [before] = rows(api, read_token)
    user, city, venue = pending.user, pending.city, pending.event.venue
    user.email = "renamed@example.org"
    user.save()
    city.name = "København"
    city.save()
    venue.time_zone = "America/New_York"
    venue.save()
    [after] = rows(api, read_token)
    assert after["email"] == "renamed@example.org"
    assert after["city"]["name"] == "København"
    assert after["created_at"] != before["created_at"]
    assert after["created_at"].endswith(("-05:00", "-04:00"))  # the venue's new clocks


def test_an_event_token_is_not_served_the_all_events_page(
    api: CheckedClient,
    read_token: str,
    other_event_token: str,
    pending: Registration,
    elsewhere: Registration,
) -> None:
    assert [row["id"] for row in rows(api, read_token)] == [pending.pk, elsewhere.pk]
    assert [row["id"] for row in rows(api, other_event_token)] == [elsewhere.pk]
    assert [row["id"] for row in rows(api, read_token, "?status=approved")] == []


def test_the_page_links_follow_the_address_asked(
    api: CheckedClient, read_token: str, pending: Registration, elsewhere: Registration
) -> None:
    first = api.get(f"{URL}?page_size=1", headers=bearer(read_token))
    other = api.get(f"{URL}?page_size=1", headers=bearer(read_token), HTTP_HOST="localhost")
    assert json.loads(first.content)["next"].startswith("http://testserver/")
    assert json.loads(other.content)["next"].startswith("http://localhost/")
