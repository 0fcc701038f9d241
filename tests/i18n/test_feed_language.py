"""The personal calendar feed speaks its owner's language: a calendar app sends no cookie and an
Accept-Language of its own, so the request cannot say which (issue #7)."""

from __future__ import annotations

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from sessions_app.models import CalendarFeedToken
from tests.factories import UserFactory
from tests.i18n.conftest import WriteCatalogs

pytestmark = pytest.mark.django_db


def calendar_name(client: Client, raw: str) -> str:
    url = reverse("sessions_app:calendar_feed", kwargs={"token": raw})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return str(icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"])


def test_the_feed_is_in_the_owners_language_and_follows_a_change(
    test_catalogs: WriteCatalogs,
) -> None:
    test_catalogs({"da": {"My sessions": "Mine sessioner"}, "sv": {"My sessions": "Mina pass"}})
    owner = UserFactory.create(language="da")
    raw = CalendarFeedToken.issue(owner)
    client = Client()

    assert calendar_name(client, raw) == "Mine sessioner"

    owner.language = "sv"
    owner.save(update_fields=["language"])
    assert calendar_name(client, raw) == "Mina pass"


def test_an_owner_without_a_choice_gets_the_default_language(
    test_catalogs: WriteCatalogs,
) -> None:
    test_catalogs({"da": {"My sessions": "Mine sessioner"}})
    raw = CalendarFeedToken.issue(UserFactory.create(language=""))
    assert calendar_name(Client(HTTP_ACCEPT_LANGUAGE="da"), raw) == "My sessions"
