"""Signing out tells the browser to clear the site's caches and storage (Clear-Site-Data), so a
check-in phone handed on keeps no list of names; no other response says so."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_signing_out_clears_the_sites_caches_and_storage(delegate: User) -> None:
    client = Client()
    client.force_login(delegate)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_pages_and_a_sign_out_without_a_session_do_not_clear_anything(delegate: User) -> None:
    client = Client()
    client.force_login(delegate)

    page = client.get(reverse("registrations:my_registrations"))
    anonymous = Client().post(reverse("account_logout"))

    assert page.status_code == 200
    assert "Clear-Site-Data" not in page
    assert "Clear-Site-Data" not in anonymous
