"""Sign up, verify by mail, log in, log out: allauth through our outbox and a real SMTP sink."""

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
from outbox.models import OutboundMail
from tests.accounts.mailbox import link_in
from tests.conftest import SinkHandler

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]
EMAIL = "ada.lovelace@example.org"
PASSWORD = "analytical-engine-1843"

pytestmark = pytest.mark.django_db


def sign_up(client: Client, deliver: CaptureOnCommit, email: str = EMAIL) -> Any:
    # The test runs inside a transaction: run the outbox's on-commit delivery ourselves.
    with deliver(execute=True):
        return client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


def log_in(client: Client, email: str = EMAIL, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def signed_up(
    client: Client, smtp_sink: SinkHandler, django_capture_on_commit_callbacks: CaptureOnCommit
) -> str:
    """Ada has signed up; returns the verification link from the mail the sink received."""
    sign_up(client, django_capture_on_commit_callbacks)
    return link_in(smtp_sink.messages[0], "/accounts/confirm-email/")


def test_signup_creates_an_unverified_user_and_one_mail_delivered_to_the_sink(
    client: Client,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("account_email_verification_sent"),
    )
    user = User.objects.get()
    assert (user.email, user.is_active, user.check_password(PASSWORD)) == (EMAIL, True, True)
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        (EMAIL, False, True)
    ]
    mail = OutboundMail.objects.get()
    assert (mail.to, mail.status, mail.subject) == (
        EMAIL,
        OutboundMail.Status.SENT,
        "[Summit] Please Confirm Your Email Address",
    )
    [message] = smtp_sink.messages
    assert (message["To"], message["Subject"]) == (EMAIL, mail.subject)
    link = link_in(message, "/accounts/confirm-email/")
    assert link.startswith("https://summit.example.org/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session


def test_login_before_verification_is_refused_with_a_pointer_to_the_mail(
    client: Client, signed_up: str, smtp_sink: SinkHandler
) -> None:
    response = log_in(client)

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("account_email_verification_sent"),
    )
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "We have sent an email to you for verification." in page.content.decode()
    # Within allauth's 3-minute cooldown the login attempt sends no second mail.
    assert (OutboundMail.objects.count(), len(smtp_sink.messages)) == (1, 1)


def test_following_the_mailed_link_verifies_the_address_and_login_then_works(
    client: Client, signed_up: str
) -> None:
    path = urlsplit(signed_up).path

    confirm_page = client.get(path)
    confirmed = client.post(path)
    logged_in = log_in(client)

    assert confirm_page.status_code == 200
    assert "Please confirm that" in confirm_page.content.decode()
    assert (confirmed.status_code, confirmed["Location"]) == (302, reverse("account_login"))
    assert EmailAddress.objects.get(email=EMAIL).verified is True
    assert (logged_in.status_code, logged_in["Location"]) == (302, reverse("events:home"))
    assert client.session["_auth_user_id"] == str(User.objects.get(email=EMAIL).pk)
    home = client.get(reverse("events:home"))
    assert "My account" in home.content.decode()


def test_a_used_verification_link_cannot_verify_another_time(
    client: Client, signed_up: str
) -> None:
    path = urlsplit(signed_up).path
    client.post(path)

    again = client.get(path)

    assert again.status_code == 200
    assert again.context["confirmation"] is None
    assert "This email confirmation link expired or is invalid." in again.content.decode()


def test_logout_asks_on_get_and_logs_out_on_post(client: Client, delegate: User) -> None:
    client.force_login(delegate)

    asked = client.get(reverse("account_logout"))
    still_in = "_auth_user_id" in client.session
    logged_out = client.post(reverse("account_logout"))

    assert asked.status_code == 200
    assert "Are you sure you want to sign out?" in asked.content.decode()
    assert still_in is True
    assert (logged_out.status_code, logged_out["Location"]) == (302, reverse("events:home"))
    assert "_auth_user_id" not in client.session


def test_signing_up_with_a_taken_address_mails_the_owner_and_reveals_nothing(
    client: Client,
    delegate: User,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    response = sign_up(client, django_capture_on_commit_callbacks, email=delegate.email)

    # Same answer as a fresh signup, so the form cannot be used to test who has an account.
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("account_email_verification_sent"),
    )
    assert User.objects.count() == 1
    [message] = smtp_sink.messages
    assert (message["To"], message["Subject"]) == (
        delegate.email,
        "[Summit] Account Already Exists",
    )
