"""API tokens: stored hashed, shown once, made and revoked by organizers on their page."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.test import Client
from django.utils import timezone

from api.authentication import find_live_token
from api.models import ApiToken
from api.services import create_api_token, revoke_api_token
from events.models import Event
from tests.api.conftest import CheckedClient, bearer

PAGE = "/organizers/api-tokens/"


def test_a_token_is_stored_only_as_its_hash(organizer: Any) -> None:
    token, raw = create_api_token(name="CRM", scope="read", event=None, by=organizer)
    assert raw.startswith("smt_")
    assert len(raw) == 4 + 43
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:12]
    stored = ApiToken.objects.values_list(*[f.attname for f in ApiToken._meta.concrete_fields])
    assert all(raw not in map(str, row) for row in stored)


def test_lookup_finds_live_tokens_only(organizer: Any) -> None:
    token, raw = create_api_token(name="CRM", scope="read", event=None, by=organizer)
    assert find_live_token(raw) == token
    assert find_live_token(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    assert find_live_token("not-a-token") is None
    assert revoke_api_token(token=token) is True
    assert find_live_token(raw) is None
    assert revoke_api_token(token=token) is False


def test_organizer_makes_a_token_and_sees_it_once(organizer: Any, event: Event) -> None:
    client = Client()
    client.force_login(organizer)
    response = client.post(PAGE + "new/", {"name": "City CRM", "scope": "write", "event": event.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    raw = response.context["raw"]
    assert token.token_hash == ApiToken.hash(raw)
    assert (token.name, token.scope, token.event, token.created_by) == (
        "City CRM",
        "write",
        event,
        organizer,
    )
    assert raw in response.content.decode()
    again = client.get(PAGE)
    assert raw not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_a_bad_form_makes_no_token(organizer: Any, db: None) -> None:
    client = Client()
    client.force_login(organizer)
    response = client.post(PAGE + "new/", {"name": "", "scope": "admin", "event": "999999"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "scope", "event"}
    assert not ApiToken.objects.exists()


def test_organizer_revokes_a_token(organizer: Any, api: CheckedClient) -> None:
    token, raw = create_api_token(name="CRM", scope="read", event=None, by=organizer)
    client = Client()
    client.force_login(organizer)
    response = client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/events/", headers=bearer(raw)).status_code == 401


def test_only_organizers_reach_the_token_page(delegate: Any, organizer: Any) -> None:
    token, _raw = create_api_token(name="CRM", scope="read", event=None, by=organizer)
    assert Client().get(PAGE).status_code == 302  # to the login page
    client = Client()
    client.force_login(delegate)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE + "new/", {"name": "x", "scope": "write"}).status_code == 403
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_token_page_methods(organizer: Any) -> None:
    client = Client()
    client.force_login(organizer)
    assert client.post(PAGE).status_code == 405
    assert client.get(PAGE + "new/").status_code == 405
    assert client.post(f"{PAGE}999999/revoke/").status_code == 404


def test_last_used_is_stamped(organizer: Any, api: CheckedClient) -> None:
    token, raw = create_api_token(name="CRM", scope="read", event=None, by=organizer)
    assert token.last_used_at is None
    assert api.get("/api/v1/events/", headers=bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_made_to_expire_stops_working_then(
    organizer: Any, api: CheckedClient, db: None
) -> None:
    client = Client()
    client.force_login(organizer)
    response = client.post(PAGE + "new/", {"name": "Trial", "scope": "read", "expires": "30"})
    token = ApiToken.objects.get()
    raw = response.context["raw"]
    assert token.expires_at is not None
    left = token.expires_at - timezone.now()
    assert dt.timedelta(days=29, hours=23) < left <= dt.timedelta(days=30)
    assert api.get("/api/v1/registrations/", headers=bearer(raw)).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    assert find_live_token(raw) is None
    assert api.get("/api/v1/registrations/", headers=bearer(raw)).status_code == 401
    assert "Expired" in client.get(PAGE).content.decode()


def test_a_token_without_an_end_never_expires(organizer: Any, db: None) -> None:
    client = Client()
    client.force_login(organizer)
    client.post(PAGE + "new/", {"name": "CRM", "scope": "read", "expires": ""})
    assert ApiToken.objects.get().expires_at is None
    bad = client.post(PAGE + "new/", {"name": "CRM", "scope": "read", "expires": "7"})
    assert set(bad.context["form"].errors) == {"expires"}
    assert ApiToken.objects.count() == 1
