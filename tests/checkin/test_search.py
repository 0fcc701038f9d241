"""Name search on the check-in page folds case beyond ASCII on SQLite as on PostgreSQL: a
lowercase "þór" finds "Þórunn", "reykjavík" finds the city, whatever the database."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from checkin.models import CheckinList
from checkin.search import register_sqlite_function
from registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["þór", "ÞÓRUNN", "ðögg", "æsa ørn", "ÅSA ÄRLA ÖST", "reykjavík"])
def test_a_search_in_any_case_finds_the_nordic_name(
    query: str, registration: Registration, entrance: CheckinList, staff: User
) -> None:
    client = Client()
    client.force_login(staff)
    url = reverse("checkin:checkin_page", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})

    response = client.get(url, {"q": query})

    assert [r.pk for r in response.context["matches"]] == [registration.pk]


def test_a_search_that_matches_nobody_says_so(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    client = Client()
    client.force_login(staff)
    url = reverse("checkin:checkin_page", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})

    response = client.get(url, {"q": "þórður"})

    assert response.context["matches"] == []
    assert "Nobody of this event matches." in response.content.decode()


def test_sqlite_gets_a_lower_that_folds_beyond_ascii() -> None:
    raw = sqlite3.connect(":memory:")
    # SQLite's own LOWER() and LIKE leave Þ, Ð, Æ, Ø, Å alone: the cause of the old miss.
    assert raw.execute("SELECT LOWER('ÞÐÆØÅ'), 'Þórunn' LIKE '%þór%'").fetchone() == ("ÞÐÆØÅ", 0)

    register_sqlite_function(None, SimpleNamespace(vendor="sqlite", connection=raw))

    assert raw.execute("SELECT summit_lower('ÞÐÆØÅ Ärla')").fetchone() == ("þðæøå ärla",)
    assert raw.execute("SELECT summit_lower(NULL)").fetchone() == (None,)
