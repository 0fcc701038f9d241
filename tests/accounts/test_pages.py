"""Every allauth page we use renders in the site's layout, with a heading and labelled inputs."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

BAD_RESET_KEY = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"})

ANONYMOUS_PAGES = [
    (reverse("account_login"), "Sign In"),
    (reverse("account_signup"), "Sign Up"),
    (reverse("account_email_verification_sent"), "Verify Your Email Address"),
    (reverse("account_confirm_email", args=["not-a-key"]), "Confirm Email Address"),
    (reverse("account_reset_password"), "Password Reset"),
    (reverse("account_reset_password_done"), "Password Reset"),
    (BAD_RESET_KEY, "Bad Token"),  # allauth titles this page "Change Password"
    (reverse("account_reset_password_from_key_done"), "Change Password"),
    (reverse("account_inactive"), "Account Inactive"),
]
MEMBER_PAGES = [
    (reverse("account_email"), "Email Address"),
    (reverse("account_change_password"), "Change Password"),
    (reverse("account_logout"), "Sign Out"),
]


def assert_in_site_layout(html: str, heading: str) -> None:
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert h1 is not None
    assert h1[1].strip() == heading
    title = re.search(r"<title>\s*(.*?)\s*· Summit</title>", html, re.S)
    assert title is not None
    assert title[1] == ("Change Password" if heading == "Bad Token" else heading)
    assert '<header class="site-header">' in html
    assert "/static/css/summit.css" in html
    assert "Menu:" not in html  # allauth's own bare layout is not used


def assert_inputs_labelled(html: str) -> None:
    for tag in re.findall(r"<input [^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        input_id = re.search(r'id="([^"]+)"', tag)
        assert input_id is not None, tag
        assert f'<label for="{input_id[1]}">' in html, tag


@pytest.mark.parametrize(("url", "heading"), ANONYMOUS_PAGES)
def test_account_page_for_visitors_uses_the_site_layout(
    client: Client, url: str, heading: str
) -> None:
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert_in_site_layout(html, heading)
    assert_inputs_labelled(html)


@pytest.mark.parametrize(("url", "heading"), MEMBER_PAGES)
def test_account_page_for_members_uses_the_site_layout_with_the_account_menu(
    client: Client, delegate: User, url: str, heading: str
) -> None:
    client.force_login(delegate)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert_in_site_layout(html, heading)
    assert_inputs_labelled(html)
    assert '<nav class="sidebar" aria-label="Account">' in html
    assert html.count('aria-current="page"') == (0 if url == reverse("account_logout") else 1)


def test_password_help_is_tied_to_the_new_password_input(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()

    tag = re.search(r'<input [^>]*id="id_password1"[^>]*>', html)
    assert tag is not None
    assert 'aria-describedby="id_password1_helptext"' in tag[0]
    assert '<div class="helptext" id="id_password1_helptext">' in html
