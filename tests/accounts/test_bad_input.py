"""Bad input on the account forms: a clear error on the right field, no account, no mail, no 500."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.test import Client
from django.urls import reverse

from accounts.models import User
from outbox.models import OutboundMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = "analytical-engine-1843"
SCRIPT = "<script>alert(1)</script>"


def sign_up(client: Client, email: str, password1: str, password2: str) -> Any:
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password1, "password2": password2},
    )


@pytest.mark.parametrize(
    ("email", "password1", "password2", "errors"),
    [
        pytest.param(
            "ada@", GOOD, GOOD, {"email": ["Enter a valid email address."]}, id="invalid-email"
        ),
        pytest.param("", GOOD, GOOD, {"email": ["This field is required."]}, id="no-email"),
        pytest.param(
            "ada@example.org",
            GOOD,
            GOOD + "x",
            {"password2": ["You must type the same password each time."]},
            id="mismatched-passwords",
        ),
        pytest.param(
            "ada@example.org",
            "password",
            "password",
            {"password1": ["This password is too common."]},
            id="common-password",
        ),
        pytest.param(
            "ada@example.org",
            "73919157302",
            "73919157302",
            {"password1": ["This password is entirely numeric."]},
            id="numeric-password",
        ),
        pytest.param(
            "ada@example.org",
            "short",
            "short",
            {"password1": ["This password is too short. It must contain at least 8 characters."]},
            id="short-password",
        ),
        pytest.param(
            "a" * 250 + "@example.org",
            GOOD,
            GOOD,
            {"email": ["Ensure this value has at most 254 characters (it has 262)."]},
            id="overlong-email",
        ),
        pytest.param(
            f"{SCRIPT}@example.org",
            GOOD,
            GOOD,
            {"email": ["Enter a valid email address."]},
            id="script-in-email",
        ),
    ],
)
def test_signup_with_bad_input_shows_the_error_on_the_field_and_creates_nothing(
    client: Client, email: str, password1: str, password2: str, errors: dict[str, list[str]]
) -> None:
    response = sign_up(client, email, password1, password2)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    html = response.content.decode()
    [field] = errors
    # The input says it is invalid and points at its error message, which carries that id.
    tag = re.search(rf'<input [^>]*id="id_{field}"[^>]*>', html)
    assert tag is not None
    assert 'aria-invalid="true"' in tag[0]
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', tag[0])
    assert f'<ul class="errorlist" id="id_{field}_error">' in html
    assert SCRIPT not in html
    assert (User.objects.count(), OutboundMail.objects.count()) == (0, 0)


def test_an_overlong_password_is_an_error_not_a_crash(client: Client) -> None:
    response = sign_up(client, "ada@example.org", "x" * 5000, "y" * 5000)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password2": ["You must type the same password each time."]
    }


def test_password_reset_for_an_overlong_address_is_a_field_error(client: Client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "a" * 250 + "@x.org"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Ensure this value has at most 254 characters (it has 256)."]
    }
    assert OutboundMail.objects.count() == 0


def test_login_with_a_malformed_address_is_a_field_error(client: Client) -> None:
    response = client.post(reverse("account_login"), {"login": SCRIPT, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"login": ["Enter a valid email address."]}
    assert SCRIPT not in response.content.decode()


def test_a_script_in_a_users_name_is_escaped_on_the_confirmation_page(client: Client) -> None:
    user = UserFactory(email="mallory@example.org", first_name=SCRIPT, verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)

    response = client.get(
        reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Person" in html


def test_password_change_with_a_wrong_current_password_is_a_field_error(
    client: Client, delegate: User
) -> None:
    client.force_login(delegate)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": GOOD, "password2": GOOD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "oldpassword": ["Please type your current password."]
    }
