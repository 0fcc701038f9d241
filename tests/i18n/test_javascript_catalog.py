"""/jsi18n/: the catalog of the strings in static/js, in the page's language, cached by ETag."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import EventFactory, RoomFactory
from tests.i18n.conftest import WriteCatalogs

pytestmark = pytest.mark.django_db


def test_the_catalog_is_javascript_in_the_active_language_with_an_etag() -> None:
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/jsi18n/")
    danish = Client(HTTP_ACCEPT_LANGUAGE="da").get("/jsi18n/")

    assert english.status_code == 200
    assert english["Content-Type"] == 'text/javascript; charset="utf-8"'
    assert "django.gettext = function" in english.content.decode()
    assert "no-cache" in english["Cache-Control"]
    assert english["ETag"].startswith('"en-')
    assert danish["ETag"].startswith('"da-')


def test_the_catalog_carries_the_translations_of_static_js(test_catalogs: WriteCatalogs) -> None:
    test_catalogs({"da": {"The move was refused.": "Flytningen blev afvist."}}, domain="djangojs")

    catalog = Client(HTTP_ACCEPT_LANGUAGE="da").get("/jsi18n/").content.decode()

    assert '"The move was refused.": "Flytningen blev afvist."' in catalog


def test_a_browser_with_the_current_catalog_gets_304() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    etag = client.get("/jsi18n/")["ETag"]

    again = client.get("/jsi18n/", HTTP_IF_NONE_MATCH=etag)
    other_language = Client(HTTP_ACCEPT_LANGUAGE="fi").get("/jsi18n/", HTTP_IF_NONE_MATCH=etag)

    assert (again.status_code, again.content) == (304, b"")
    assert other_language.status_code == 200


def test_the_catalog_refuses_post(client: Client) -> None:
    assert client.post("/jsi18n/").status_code == 405


def test_the_builder_page_loads_the_catalog_before_its_script(
    client: Client, organizer: User
) -> None:
    event = EventFactory.create()
    RoomFactory.create(venue=event.venue)
    client.force_login(organizer)
    page = client.get(reverse("sessions_app:builder", args=[event.slug])).content.decode()

    catalog, builder = page.find('src="/jsi18n/"'), page.find("js/builder.js")
    assert 0 < catalog < builder
    assert 'src="/jsi18n/"' not in client.get("/").content.decode()
