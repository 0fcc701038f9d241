"""Password reset by mailed link; an unknown address gets the same answer as a known one."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.mailbox import link_in
from tests.conftest import SinkHandler
from tests.factories import PASSWORD

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]
NEW_PASSWORD = "a-new-and-longer-passphrase"

pytestmark = pytest.mark.django_db


def request_reset(client: Client, deliver: CaptureOnCommit, email: str) -> Any:
    with deliver(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email})


def without_csrf(response: Any) -> str:
    """The page with its CSRF tokens blanked: every page has one (the language switcher), and
    Django masks it afresh on each render."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def log_in(client: Client, email: str, password: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_reset_link_from_the_sink_sets_a_new_password_and_the_old_one_stops_working(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    requested = request_reset(client, django_capture_on_commit_callbacks, delegate.email)

    assert (requested.status_code, requested["Location"]) == (
        302,
        reverse("account_reset_password_done"),
    )
    [message] = smtp_sink.messages
    assert (message["To"], message["Subject"]) == (delegate.email, "[Summit] Password Reset Email")
    link = link_in(message, "/accounts/password/reset/key/")
    assert link.startswith("https://summit.example.org/accounts/password/reset/key/")

    # allauth moves the key into the session and redirects to a key-less form URL.
    to_form = client.get(urlsplit(link).path)
    form_url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(delegate), "key": "set-password"},
    )
    assert (to_form.status_code, to_form["Location"]) == (302, form_url)
    changed = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert (changed.status_code, changed["Location"]) == (
        302,
        reverse("account_reset_password_from_key_done"),
    )

    old = log_in(client, delegate.email, PASSWORD)
    assert old.status_code == 200
    assert old.context["form"].errors == {
        "__all__": ["The email address and/or password you specified are not correct."]
    }
    new = log_in(client, delegate.email, NEW_PASSWORD)
    assert (new.status_code, new["Location"]) == (302, reverse("events:home"))
    assert client.session["_auth_user_id"] == str(delegate.pk)


def test_a_used_reset_link_is_refused_the_second_time(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    request_reset(client, django_capture_on_commit_callbacks, delegate.email)
    path = urlsplit(link_in(smtp_sink.messages[0], "/accounts/password/reset/key/")).path
    form_url = client.get(path)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(path)

    assert again.status_code == 200
    assert again.context["token_fail"] is True
    assert "The password reset link was invalid" in again.content.decode()


def test_reset_for_an_unknown_address_answers_exactly_like_for_a_known_one(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    known = request_reset(client, django_capture_on_commit_callbacks, delegate.email)
    unknown = request_reset(client, django_capture_on_commit_callbacks, "nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert without_csrf(client.get(unknown["Location"])) == without_csrf(
        client.get(known["Location"])
    )
    # Only the mailbox owner learns there is no account: allauth tells them so by mail.
    assert [(m["To"], m["Subject"]) for m in smtp_sink.messages] == [
        (delegate.email, "[Summit] Password Reset Email"),
        ("nobody@example.org", "[Summit] Unknown Account"),
    ]
