"""The public agenda kept whole for anonymous viewers (summit/frozen_pages.py): the same page
as a render, with each request's own CSRF token and path, and never for someone signed in or
with a message waiting."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from sessions_app import agenda_views
from sessions_app.models import Session
from summit import frozen_pages
from tests.sessions_app.conftest import agenda_url

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def token(response: Any) -> str:
    found = TOKEN.findall(response.content.decode())
    assert len(set(found)) == 1, found
    return found[0]


def without_token(response: Any) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The whole-page renders of the agenda (frozen or not) during the test."""
    made: list[str] = []
    freeze, render = frozen_pages.freeze, agenda_views.render

    def counted_freeze(*args: Any) -> Any:
        made.append("frozen")
        return freeze(*args)

    def counted_render(*args: Any, **kwargs: Any) -> Any:
        made.append("rendered")
        return render(*args, **kwargs)

    monkeypatch.setattr(frozen_pages, "freeze", counted_freeze)
    monkeypatch.setattr(agenda_views, "render", counted_render)
    return made


def test_the_frozen_page_is_the_rendered_page_with_a_token_of_its_own(
    session: Session, monkeypatch: pytest.MonkeyPatch, renders: list[str]
) -> None:
    url = agenda_url(session.event)
    first, second = Client().get(url), Client().get(url)
    monkeypatch.setattr(frozen_pages, "viewer", lambda request, **kwargs: None)
    rendered = Client().get(url)

    assert renders == ["frozen", "rendered"]  # the second request rendered nothing
    assert without_token(first) == without_token(second) == without_token(rendered)
    assert "Countering disinformation locally" in second.content.decode()
    assert token(first) != token(second)
    assert first["Content-Type"] == second["Content-Type"] == rendered["Content-Type"]


def test_the_token_of_a_frozen_page_passes_the_csrf_check(
    session: Session, renders: list[str]
) -> None:
    Client().get(agenda_url(session.event))  # freezes it
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(agenda_url(session.event))
    assert renders == ["frozen"]
    assert settings.CSRF_COOKIE_NAME in page.cookies

    response = browser.post(
        reverse("accounts:set_language"),
        {"csrfmiddlewaretoken": token(page), "language": "da", "next": "/"},
    )

    assert response.status_code == 302
    refused = Client(enforce_csrf_checks=True).post(
        reverse("accounts:set_language"),
        {"csrfmiddlewaretoken": token(page), "language": "da", "next": "/"},
    )
    assert refused.status_code == 403  # the token is this browser's, not anyone's


def test_each_request_gets_its_own_path_in_the_language_switcher(
    session: Session, renders: list[str]
) -> None:
    Client().get(agenda_url(session.event))
    page = Client().get(agenda_url(session.event, '?from=mail&x="<b>'))

    assert renders == ["frozen"]
    html = page.content.decode()
    assert 'name="next" value="/events/' in html
    assert "?from=mail&amp;x=%22%3Cb%3E" in html or "?from=mail&amp;x=&quot;&lt;b&gt;" in html
    assert frozen_pages.NEXT_MARK not in html
    assert frozen_pages.CSRF_MARK not in html


def test_a_signed_in_viewer_never_gets_the_frozen_page(
    session: Session, approved_delegate: User, renders: list[str]
) -> None:
    Client().get(agenda_url(session.event))
    browser = Client()
    browser.force_login(approved_delegate)

    html = browser.get(agenda_url(session.event)).content.decode()

    assert renders == ["frozen", "rendered"]
    assert "Sign out" in html
    assert "My registrations" in html


def waiting_message(text: str) -> tuple[str, str]:
    """The messages cookie (name, value) of a browser with `text` waiting to be shown."""
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.INFO, text)
    response = HttpResponse()
    storage.update(response)
    return storage.cookie_name, response.cookies[storage.cookie_name].value


def test_a_waiting_message_is_shown_and_not_frozen(session: Session, renders: list[str]) -> None:
    Client().get(agenda_url(session.event))
    browser = Client()
    name, value = waiting_message("Your link has expired.")
    browser.cookies[name] = value

    with_message = browser.get(agenda_url(session.event)).content.decode()
    after = browser.get(agenda_url(session.event)).content.decode()

    assert "Your link has expired." in with_message
    assert "Your link has expired." not in after
    assert renders == ["frozen", "rendered"]  # the page after it is the frozen one again
