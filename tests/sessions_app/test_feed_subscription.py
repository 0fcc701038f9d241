"""The calendar feed's subscription page, who may do what with feeds, and two clicks at once."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from sessions_app.models import CalendarFeedToken, Session
from tests.factories import UserFactory
from tests.services import need_postgres
from tests.sessions_app.feeds import feed_url, seat, uids


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://summit.example"


# --- the subscription page -----------------------------------------------------------------------
def test_making_an_address_shows_it_once_with_the_subscribe_buttons(
    client: Client, delegate: User
) -> None:
    client.force_login(delegate)

    response = client.post(reverse("sessions_app:new_calendar_feed"))

    links = response.context["links"]
    raw = links["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    https_url = f"https://summit.example/calendar/feed/{raw}.ics"
    webcal_url = f"webcal://summit.example/calendar/feed/{raw}.ics"
    name = "Summit%3A%20my%20sessions"
    assert links == {
        "https_url": https_url,
        "webcal_url": webcal_url,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal_url, safe=""),
        "outlook_com": "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote(https_url, safe="")
        + f"&name={name}",
        "microsoft_365": "https://outlook.office.com/calendar/0/addfromweb?url="
        + quote(https_url, safe="")
        + f"&name={name}",
    }
    page = response.content.decode()
    for link in links.values():
        assert link.replace("&", "&amp;") in page
    assert "no-store" in response["Cache-Control"]
    later = client.get(reverse("sessions_app:calendar_subscription"))
    assert raw not in later.content.decode()
    assert "Your feed has been on since" in later.content.decode()


def test_revoking_switches_the_feed_off(client: Client, session: Session, delegate: User) -> None:
    seat(delegate, session)
    raw = CalendarFeedToken.issue(delegate)
    client.force_login(delegate)

    response = client.post(reverse("sessions_app:revoke_calendar_feed"))
    again = client.post(reverse("sessions_app:revoke_calendar_feed"), follow=True)

    assert (response.status_code, response["Location"]) == (302, "/my/calendar/")
    assert client.get(feed_url(raw)).status_code == 404
    assert CalendarFeedToken.objects.get(user=delegate).revoked_at is not None
    assert "You had no calendar feed." in again.content.decode()
    assert "You have no calendar feed." in again.content.decode()


LOGIN = "/accounts/login/?next="


@pytest.mark.parametrize(
    ("persona", "method", "view", "outcome"),
    [
        (None, "get", "page", 302),
        (None, "post", "page", 405),
        (None, "get", "new", 405),
        (None, "post", "new", 302),
        (None, "get", "revoke", 405),
        (None, "post", "revoke", 302),
        (None, "get", "feed", 200),
        (None, "post", "feed", 405),
        ("delegate", "get", "page", 200),
        ("delegate", "post", "page", 405),
        ("delegate", "get", "new", 405),
        ("delegate", "post", "new", 200),
        ("delegate", "post", "revoke", 302),
        ("delegate", "get", "feed", 200),
        ("outsider", "get", "page", 200),
        ("outsider", "post", "new", 200),
        ("outsider", "post", "revoke", 302),
        ("outsider", "get", "feed", 200),
        ("outsider", "post", "feed", 405),
        ("organizer", "get", "page", 200),
        ("organizer", "post", "new", 200),
        ("organizer", "post", "revoke", 302),
        ("organizer", "get", "feed", 200),
    ],
)
def test_who_may_do_what_with_feeds(
    client: Client,
    session: Session,
    delegate: User,
    request: pytest.FixtureRequest,
    persona: str | None,
    method: str,
    view: str,
    outcome: int,
) -> None:
    """The delegate owns the feed. Others act on their own feed only; the feed address is
    the key itself, whoever is logged in."""
    seat(delegate, session)
    raw = CalendarFeedToken.issue(delegate)
    urls = {
        "page": reverse("sessions_app:calendar_subscription"),
        "new": reverse("sessions_app:new_calendar_feed"),
        "revoke": reverse("sessions_app:revoke_calendar_feed"),
        "feed": feed_url(raw),
    }
    user = request.getfixturevalue(persona) if persona else None
    if user:
        client.force_login(user)

    response = getattr(client, method)(urls[view])

    assert response.status_code == outcome
    if outcome == 302 and user is None:
        assert response["Location"] == LOGIN + urls[view]
    if view == "feed" and outcome == 200:
        assert uids(response) == [session.uid]
    # Only the delegate's own actions touch the delegate's token.
    delegate_live = CalendarFeedToken.objects.filter(user=delegate, revoked_at__isnull=True)
    touched = persona == "delegate" and method == "post" and view in {"new", "revoke"}
    assert (delegate_live.filter(token_hash=CalendarFeedToken.hash(raw)).exists()) == (not touched)
    if user and user != delegate and method == "post" and view == "new":
        assert CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
        assert response.context["live"].user == user


# --- two clicks at once --------------------------------------------------------------------------
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_many_new_addresses_at_once_leave_exactly_one_live() -> None:
    need_postgres()
    user = UserFactory.create()
    contenders = 10
    barrier = threading.Barrier(contenders)
    errors: list[Exception] = []

    def click() -> None:
        try:
            barrier.wait(timeout=30)
            CalendarFeedToken.issue(user)
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    tokens = CalendarFeedToken.objects.filter(user=user)
    assert (tokens.count(), tokens.filter(revoked_at__isnull=True).count()) == (contenders, 1)
