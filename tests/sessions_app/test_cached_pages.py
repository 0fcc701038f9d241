"""The cached agenda, session page and calendars (summit/cache.py, issue #6): a change is
visible on the next request, one viewer's own parts never reach another, and refused input is
never cached."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event
from sessions_app import agenda_views
from sessions_app.models import CalendarFeedToken, Session, SessionPolicy
from sessions_app.services import move_session, update_session
from sessions_app.signups import sign_up
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate, seats_cells
from tests.sessions_app.factories import local


def agenda_url(event: Event, query: str = "") -> str:
    return reverse("sessions_app:agenda", kwargs={"slug": event.slug}) + query


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the public agenda ------------------------------------------------------------------------
def test_a_moved_session_shows_on_the_next_agenda_request(client: Client, session: Session) -> None:
    assert "10:00–11:30 CEST" in text(client.get(agenda_url(session.event)))

    move_session(session=session, starts_at=local(FIRST_DAY, 14), room=session.room, by=None)

    assert "14:00–15:30 CEST" in text(client.get(agenda_url(session.event)))


def test_a_renamed_session_shows_on_every_cached_page(client: Client, session: Session) -> None:
    pages = [
        agenda_url(session.event),
        session.get_absolute_url(),
        reverse("sessions_app:download_agenda", kwargs={"slug": session.event.slug}),
        reverse("sessions_app:download_session", kwargs={"pk": session.pk}),
    ]
    for url in pages:
        assert "Countering disinformation locally" in text(client.get(url))

    update_session(session=session, by=None, title="Countering rumours")

    for url in pages:
        assert "Countering rumours" in text(client.get(url)), url


def test_a_sign_up_changes_the_seats_left_on_the_next_request(
    client: Client, session: Session, approved_delegate: User
) -> None:
    assert "30 left" in text(client.get(agenda_url(session.event)))
    assert "30 of 30 left" in text(client.get(session.get_absolute_url()))

    sign_up(session=session, user=approved_delegate)

    assert "29 left" in text(client.get(agenda_url(session.event)))
    assert "29 of 30 left" in text(client.get(session.get_absolute_url()))


def test_each_viewer_sees_only_their_own_sign_up_on_the_cached_agenda(
    session: Session, make_delegate: MakeDelegate
) -> None:
    signed_up, other = make_delegate(), make_delegate()
    sign_up(session=session, user=signed_up)
    viewers = {"signed up": Client(), "other": Client(), "anonymous": Client()}
    viewers["signed up"].force_login(signed_up)
    viewers["other"].force_login(other)

    pages = {name: text(c.get(agenda_url(session.event))) for name, c in viewers.items()}

    assert "You are signed up" in pages["signed up"]
    assert "You are signed up" not in pages["other"]
    assert "You are signed up" not in pages["anonymous"]
    assert "my-status" not in pages["anonymous"] + pages["signed up"]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The agenda's content renders (cache misses) during the test, one entry each."""
    made: list[tuple[Any, ...]] = []
    render = agenda_views._render_content

    def counted(*args: Any) -> tuple[str, dt.datetime | None, bool]:
        made.append(args)
        return render(*args)

    monkeypatch.setattr(agenda_views, "_render_content", counted)
    return made


def test_a_refused_filter_is_shown_but_never_cached(
    client: Client, session: Session, renders: list[tuple[Any, ...]]
) -> None:

    for _ in range(2):
        response = client.get(agenda_url(session.event, "?theme=no-such-theme"))
        assert "Select a valid choice" in text(response)
    for _ in range(2):
        client.get(agenda_url(session.event, "?format=workshop"))

    assert len(renders) == 3  # the refused filter each time, the valid one once


def test_a_cached_agenda_is_rebuilt_once_sign_up_closes_and_once_the_session_ends(
    client: Client,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    renders: list[tuple[Any, ...]],
) -> None:
    closes_at = session.starts_at - dt.timedelta(hours=1)  # no policy: the default hour
    seen = []

    for moment in (
        closes_at - dt.timedelta(hours=1),
        closes_at - dt.timedelta(seconds=1),
        closes_at,
        session.ends_at - dt.timedelta(seconds=1),
        session.ends_at,
        session.ends_at + dt.timedelta(days=365),
    ):
        monkeypatch.setattr("sessions_app.agenda_views.timezone.now", lambda at=moment: at)
        seen.append((seats_cells(client.get(agenda_url(session.event))), len(renders)))

    assert seen == [
        (["30 left"], 1),
        (["30 left"], 1),  # from the cache
        (["Sign-up closed"], 2),
        (["Sign-up closed"], 2),
        (["–"], 3),
        (["–"], 3),  # nothing left to change: from the cache
    ]


@pytest.mark.parametrize("how", ["admin action", "save"])
def test_an_unpublished_event_is_not_served_from_the_cache(
    client: Client, session: Session, organizer: User, how: str
) -> None:
    event = session.event
    pages = [
        agenda_url(event),
        session.get_absolute_url(),
        reverse("sessions_app:download_agenda", kwargs={"slug": event.slug}),
        reverse("sessions_app:download_session", kwargs={"pk": session.pk}),
    ]
    assert [client.get(url).status_code for url in pages] == [200] * 4

    if how == "save":
        event.is_published = False
        event.save()
    else:  # the admin's bulk action, an update() that sends no signal
        admin = Client()
        admin.force_login(organizer)
        changelist = reverse("admin:events_event_changelist")
        admin.post(changelist, {"action": "unpublish", "_selected_action": [event.pk]})
        assert not Event.objects.get(pk=event.pk).is_published

    assert [client.get(url).status_code for url in pages] == [404] * 4


# --- the session page -----------------------------------------------------------------------
def test_the_cached_session_page_says_sign_up_closed_once_it_has(
    client: Client, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    SessionPolicy.objects.create(event=session.event, signup_closes_before=dt.timedelta(hours=1))
    assert "Sign-up closes" in text(client.get(session.get_absolute_url()))

    later = session.starts_at - dt.timedelta(minutes=30)
    monkeypatch.setattr("sessions_app.views.timezone.now", lambda: later)

    assert "Sign-up closed" in text(client.get(session.get_absolute_url()))


def test_the_cached_session_page_drops_seats_and_deadline_once_the_session_ends(
    client: Client, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    during = session.starts_at + dt.timedelta(minutes=10)
    monkeypatch.setattr("sessions_app.views.timezone.now", lambda: during)
    page = text(client.get(session.get_absolute_url()))
    assert "<dt>Seats</dt> <dd>30 of 30 left</dd>" in page
    assert "<dt>Sign-up closed</dt>" in page

    monkeypatch.setattr("sessions_app.views.timezone.now", lambda: session.ends_at)
    page = text(client.get(session.get_absolute_url()))

    assert "<dt>Seats</dt>" not in page
    assert "left" not in page
    assert "Sign-up closed" not in page
    assert "This session has ended." in page
    assert "Countering disinformation locally" in page


def test_the_sign_up_box_is_each_viewers_own(session: Session, make_delegate: MakeDelegate) -> None:
    signed_up, other = make_delegate(), make_delegate()
    sign_up(session=session, user=signed_up)
    mine, theirs = Client(), Client()
    mine.force_login(signed_up)
    theirs.force_login(other)

    assert "Withdraw" in text(mine.get(session.get_absolute_url()))
    page = text(theirs.get(session.get_absolute_url()))
    assert "Withdraw" not in page
    assert ">Sign up</button>" in page


# --- the personal feed ---------------------------------------------------------------------------
def test_a_revoked_feed_address_stops_answering_on_the_next_request(
    client: Client, session: Session, approved_delegate: User
) -> None:
    sign_up(session=session, user=approved_delegate)
    raw = CalendarFeedToken.issue(approved_delegate)
    feed = reverse("sessions_app:calendar_feed", kwargs={"token": raw})
    assert client.get(feed).status_code == 200

    owner = Client()
    owner.force_login(approved_delegate)
    owner.post(reverse("sessions_app:revoke_calendar_feed"))

    assert client.get(feed).status_code == 404


def test_a_new_feed_address_replaces_the_cached_old_one(
    client: Client, session: Session, approved_delegate: User
) -> None:
    sign_up(session=session, user=approved_delegate)
    old = CalendarFeedToken.issue(approved_delegate)
    old_feed = reverse("sessions_app:calendar_feed", kwargs={"token": old})
    assert client.get(old_feed).status_code == 200

    new = CalendarFeedToken.issue(approved_delegate)

    assert client.get(old_feed).status_code == 404
    new_feed = client.get(reverse("sessions_app:calendar_feed", kwargs={"token": new}))
    assert "Countering disinformation locally" in text(new_feed)


def test_the_cached_time_zone_select_is_kept_per_language(
    client: Client, session: Session, settings: Any
) -> None:
    for language in ("en", "da"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert client.get(session.get_absolute_url()).status_code == 200

    for language in ("en", "da"):
        key = make_template_fragment_key("time-zone-select", [language, ""])
        assert django_cache.get(key) is not None, language
