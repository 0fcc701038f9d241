"""allauth's default rate limits are on (ACCOUNT_RATE_LIMITS = {} keeps them):
login_failed "10/m/ip,5/300s/key" and reset_password "20/m/ip,5/m/key"."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from outbox.models import OutboundMail
from tests.factories import PASSWORD

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]

pytestmark = pytest.mark.django_db


def log_in(client: Client, email: str, password: str) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_after_five_failed_logins_even_the_right_password_is_refused(
    client: Client, delegate: User
) -> None:
    failures = [log_in(client, delegate.email, "wrong-guess").status_code for _ in range(5)]

    response = log_in(client, delegate.email, PASSWORD)

    assert failures == [200] * 5
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["Too many failed login attempts. Try again later."]
    }
    assert "_auth_user_id" not in client.session


def test_failed_logins_for_one_account_do_not_lock_out_another(
    client: Client, delegate: User, outsider: User
) -> None:
    for _ in range(5):
        log_in(client, delegate.email, "wrong-guess")

    response = log_in(client, outsider.email, PASSWORD)

    assert (response.status_code, response["Location"]) == (302, reverse("events:home"))


def test_the_sixth_reset_request_for_one_address_within_a_minute_gets_the_429_page(
    client: Client, delegate: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(reverse("account_reset_password"), {"email": delegate.email}).status_code
            for _ in range(6)
        ]

    assert answers == [302, 302, 302, 302, 302, 429]
    assert OutboundMail.objects.filter(to=delegate.email).count() == 5
    page = client.post(reverse("account_reset_password"), {"email": delegate.email})
    assert page.status_code == 429
    assert [t.name for t in page.templates][:2] == ["429.html", "allauth/layouts/entrance.html"]
    assert "Too many requests" in page.content.decode()
