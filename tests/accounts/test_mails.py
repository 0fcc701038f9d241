"""allauth's mails: [Summit] subjects, text and HTML parts, links on SITE_URL whatever the Host."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.mailbox import html_of, link_in, text_of
from tests.conftest import SinkHandler

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]

pytestmark = pytest.mark.django_db


def test_reset_link_uses_site_url_even_when_the_request_names_another_host(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"),
            {"email": delegate.email},
            headers={"host": "attacker.example"},
        )

    [message] = smtp_sink.messages
    link = link_in(message, "/accounts/password/reset/key/")
    assert link.startswith("https://summit.example.org/accounts/password/reset/key/")
    assert "attacker.example" not in message.as_string()


def test_confirmation_mail_speaks_for_summit_in_text_and_html(
    client: Client, smtp_sink: SinkHandler, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "ada@example.org",
                "password1": "x-9-long-pass",
                "password2": "x-9-long-pass",
            },
        )

    [message] = smtp_sink.messages
    text, html = text_of(message), html_of(message)
    assert message["Subject"] == "[Summit] Please Confirm Your Email Address"
    assert text.startswith("Hello from Summit!\n")
    assert text.rstrip().endswith("Thank you for using Summit!\nsummit.example.org")
    assert "register an account on summit.example.org." in text
    assert "<p>Hello from Summit!</p>" in html
    assert "testserver" not in text + html
