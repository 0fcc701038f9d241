"""Sessions are kept in the cache as well as the database (cached_db, summit/settings.py):
whatever ends a session ends its cached copy too, so a signed-out device is never served
from the cache."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session as WebSession
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-new-and-longer-passphrase"
PAGE = "registrations:my_registrations"  # any page for signed-in people only


def cached(key: str) -> Any:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return cache.get(store.cache_key)


def device(user: User) -> tuple[Client, str]:
    """A device signed in as `user` by its password, its session in the cache."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, reverse("events:home"))
    key = client.session.session_key
    assert key is not None
    assert client.get(reverse(PAGE)).status_code == 200
    assert cached(key)["_auth_user_id"] == str(user.pk)
    return client, key


def test_the_signed_in_request_reads_the_session_from_the_cache(delegate: User) -> None:
    client, key = device(delegate)
    WebSession.objects.filter(session_key=key).update(session_data="not a session")

    assert client.get(reverse(PAGE)).status_code == 200  # the row was not read
    cache.delete(import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).cache_key)
    assert client.get(reverse(PAGE)).status_code == 302  # the cache lost it: the row, unreadable


def test_signing_out_drops_the_cached_session(delegate: User) -> None:
    client, key = device(delegate)

    client.post(reverse("account_logout"))

    assert cached(key) is None
    assert not WebSession.objects.filter(session_key=key).exists()
    assert client.get(reverse(PAGE)).status_code == 302


def test_changing_the_password_signs_out_the_other_devices_and_their_cached_sessions(
    delegate: User,
) -> None:
    phone, phone_key = device(delegate)
    laptop, laptop_key = device(delegate)

    changed = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert laptop.get(reverse(PAGE)).status_code == 200  # this device stays signed in
    assert cached(laptop_key) is None  # under a new key (cycle_key)
    assert phone.get(reverse(PAGE)).status_code == 302  # the cached copy no longer passes
    assert cached(phone_key) is None
    assert not WebSession.objects.filter(session_key=phone_key).exists()


def test_deleting_the_account_drops_every_cached_session_of_the_person(
    delegate: User, outsider: User
) -> None:
    phone, phone_key = device(delegate)
    laptop, laptop_key = device(delegate)
    other, other_key = device(outsider)

    deleted = laptop.post(
        reverse("privacy:delete_account"), {"password": PASSWORD, "understood": "on"}
    )

    assert deleted.status_code == 302
    for key in (phone_key, laptop_key):
        assert cached(key) is None
        assert not WebSession.objects.filter(session_key=key).exists()
    assert phone.get(reverse(PAGE)).status_code == 302
    assert cached(other_key)["_auth_user_id"] == str(outsider.pk)
    assert other.get(reverse(PAGE)).status_code == 200
