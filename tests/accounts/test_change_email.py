"""Changing the address (ACCOUNT_CHANGE_EMAIL): the new one is verified first, then replaces the
old one, which allauth removes; until then the old address stays primary and usable."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.mailbox import link_in
from tests.conftest import SinkHandler
from tests.factories import PASSWORD

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]
NEW = "dan.new@example.org"

pytestmark = pytest.mark.django_db


def add_address(client: Client, deliver: CaptureOnCommit, email: str) -> Any:
    with deliver(execute=True):
        return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def addresses(user: User) -> list[tuple[str, bool, bool]]:
    return list(
        EmailAddress.objects.filter(user=user)
        .order_by("email")
        .values_list("email", "verified", "primary")
    )


def test_a_new_address_is_pending_and_mailed_while_the_old_one_stays_primary(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    client.force_login(delegate)

    response = add_address(client, django_capture_on_commit_callbacks, NEW)

    assert (response.status_code, response["Location"]) == (302, reverse("account_email"))
    assert addresses(delegate) == [("dan.delegate@example.org", True, True), (NEW, False, False)]
    [message] = smtp_sink.messages
    assert (message["To"], message["Subject"]) == (
        NEW,
        "[Summit] Please Confirm Your Email Address",
    )
    page = client.get(reverse("account_email")).content.decode()
    assert "Your email address is still pending verification." in page


def test_verifying_the_new_address_makes_it_primary_and_removes_the_old_one(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    client.force_login(delegate)
    add_address(client, django_capture_on_commit_callbacks, NEW)
    path = urlsplit(link_in(smtp_sink.messages[0], "/accounts/confirm-email/")).path

    confirmed = client.post(path)

    assert (confirmed.status_code, confirmed["Location"]) == (302, reverse("events:home"))
    assert addresses(delegate) == [(NEW, True, True)]
    delegate.refresh_from_db()
    assert delegate.email == NEW
    client.logout()
    old = client.post(
        reverse("account_login"), {"login": "dan.delegate@example.org", "password": PASSWORD}
    )
    new = client.post(reverse("account_login"), {"login": NEW, "password": PASSWORD})
    assert old.status_code == 200
    assert (new.status_code, new["Location"]) == (302, reverse("events:home"))


def test_cancelling_a_pending_change_removes_the_new_address(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    client.force_login(delegate)
    add_address(client, django_capture_on_commit_callbacks, NEW)

    response = client.post(reverse("account_email"), {"email": NEW, "action_remove": ""})

    assert (response.status_code, response["Location"]) == (302, reverse("account_email"))
    assert addresses(delegate) == [("dan.delegate@example.org", True, True)]


def test_another_accounts_address_is_accepted_quietly_but_cannot_be_verified(
    client: Client,
    delegate: User,
    outsider: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    client.force_login(delegate)

    # The same answer as for a free address: the form must not tell who has an account.
    response = add_address(client, django_capture_on_commit_callbacks, outsider.email)
    path = urlsplit(link_in(smtp_sink.messages[0], "/accounts/confirm-email/")).path
    page = client.get(path)
    client.post(path)

    assert (response.status_code, response["Location"]) == (302, reverse("account_email"))
    assert page.context["can_confirm"] is False
    assert (
        "Unable to confirm otto.outsider@example.org because it is already confirmed by a "
        "different account." in page.content.decode()
    )
    assert addresses(delegate) == [
        ("dan.delegate@example.org", True, True),
        ("otto.outsider@example.org", False, False),
    ]
    assert addresses(outsider) == [("otto.outsider@example.org", True, True)]


def test_email_management_needs_a_login(client: Client, db: None) -> None:
    response = client.get(reverse("account_email"))

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('account_login')}?next={reverse('account_email')}",
    )
