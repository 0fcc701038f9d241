"""The personal calendar feed: a secret address stored only as a hash, the person's seats only,
the refresh lines in RFC form, conditional GET, and the page that makes and revokes it."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from urllib.parse import quote

import icalendar
import pytest
import vobject
from django.apps import apps
from django.core import serializers
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import CalendarFeedToken, Session, Signup
from sessions_app.services import cancel_session, move_session
from sessions_app.signups import withdraw
from tests.factories import UserFactory
from tests.services import need_postgres
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

ICS_TYPE = "text/calendar; charset=utf-8"


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://summit.example"


def feed_url(raw: str) -> str:
    return reverse("sessions_app:calendar_feed", kwargs={"token": raw})


def lines(response: Any) -> list[str]:
    ics = response.content.decode()
    assert ics.endswith("\r\n")
    return ics.replace("\r\n ", "").split("\r\n")[:-1]


def uids(response: Any) -> list[str]:
    """The UIDs of a feed, read by both parsers."""
    assert (response.status_code, response["Content-Type"]) == (200, ICS_TYPE)
    ics = response.content.decode()
    by_icalendar = [str(e["UID"]) for e in icalendar.Calendar.from_ical(ics).events]
    by_vobject = [e.uid.value for e in vobject.readOne(ics).contents.get("vevent", [])]
    assert by_icalendar == by_vobject
    return by_icalendar


def seat(user: User, session: Session) -> Signup:
    return SignupFactory.create(session=session, user=user)


# --- the feed ------------------------------------------------------------------------------------
def test_the_feed_holds_my_seats_and_drops_withdrawals_and_cancellations(
    client: Client, session: Session, delegate: User, outsider: User
) -> None:
    event, room = session.event, session.room
    raw = CalendarFeedToken.issue(delegate)
    seat(delegate, session)
    to_withdraw = seat(delegate, SessionFactory.create(event=event, room=room))
    to_cancel = seat(delegate, SessionFactory.create(event=event, room=room))
    SignupFactory.create(
        session=SessionFactory.create(event=event, room=room), user=delegate, status="waitlisted"
    )
    seat(outsider, SessionFactory.create(event=event, room=room))
    before = uids(client.get(feed_url(raw)))

    withdraw(signup=to_withdraw)
    cancel_session(session=to_cancel.session, by=None)
    after = uids(client.get(feed_url(raw)))

    assert before == [session.uid, to_withdraw.session.uid, to_cancel.session.uid]
    assert after == [session.uid]


def test_the_feed_writes_refresh_interval_and_published_ttl_in_rfc_form(
    client: Client, session: Session, delegate: User
) -> None:
    raw = CalendarFeedToken.issue(delegate)
    seat(delegate, session)

    response = client.get(feed_url(raw))

    head = lines(response)[: lines(response).index("BEGIN:VEVENT")]
    assert head == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Summit//Sessions//EN",
        "CALSCALE:GREGORIAN",
        "NAME:My sessions",
        "X-WR-CALNAME:My sessions",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    parsed = vobject.readOne(response.content.decode())
    assert parsed.contents["refresh-interval"][0].params == {"VALUE": ["DURATION"]}
    assert icalendar.Calendar.from_ical(response.content)["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert response["Content-Disposition"] == 'attachment; filename="my-sessions.ics"'
    assert response["Cache-Control"] == "private, no-cache"


# --- tokens --------------------------------------------------------------------------------------
def test_the_token_is_stored_only_as_its_sha256(
    client: Client, session: Session, delegate: User
) -> None:
    client.force_login(delegate)

    response = client.post(reverse("sessions_app:new_calendar_feed"))

    raw = response.context["links"]["https_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert len(raw) == 43
    token = CalendarFeedToken.objects.get(user=delegate)
    assert token.token_hash == CalendarFeedToken.hash(raw) != raw
    everything = "".join(
        serializers.serialize("json", model._default_manager.all()) for model in apps.get_models()
    )
    assert raw not in everything
    assert raw not in client.get(reverse("sessions_app:calendar_subscription")).content.decode()


def test_a_wrong_and_a_revoked_token_get_the_same_plain_404(
    client: Client, session: Session, delegate: User
) -> None:
    seat(delegate, session)
    revoked = CalendarFeedToken.issue(delegate)
    CalendarFeedToken.revoke_for(delegate)

    wrong = client.get(feed_url("x" * 43))
    gone = client.get(feed_url(revoked))

    for response in (wrong, gone):
        assert (response.status_code, response["Content-Type"]) == (
            404,
            "text/plain; charset=utf-8",
        )
        assert response.content == b"Not found.\n"


def test_making_a_new_address_stops_the_old_one(
    client: Client, session: Session, delegate: User
) -> None:
    seat(delegate, session)
    client.force_login(delegate)
    old = CalendarFeedToken.issue(delegate)

    client.post(reverse("sessions_app:new_calendar_feed"))
    new = CalendarFeedToken.objects.get(user=delegate, revoked_at__isnull=True)

    assert client.get(feed_url(old)).status_code == 404
    assert CalendarFeedToken.objects.filter(user=delegate).count() == 2
    assert new.token_hash != CalendarFeedToken.hash(old)


def test_another_persons_token_shows_their_sessions_and_nothing_of_mine(
    client: Client, session: Session, delegate: User, outsider: User
) -> None:
    theirs = SessionFactory.create(event=session.event, room=session.room, title="Theirs only")
    seat(delegate, session)
    seat(outsider, theirs)
    mine, their_token = CalendarFeedToken.issue(delegate), CalendarFeedToken.issue(outsider)
    client.force_login(delegate)  # logged in as me: the token decides, not the login

    response = client.get(feed_url(their_token))

    assert uids(response) == [theirs.uid]
    assert session.title not in response.content.decode()
    assert uids(client.get(feed_url(mine))) == [session.uid]


# --- conditional GET -----------------------------------------------------------------------------
def test_an_unchanged_feed_answers_304_to_its_etag(
    client: Client, session: Session, delegate: User
) -> None:
    raw = CalendarFeedToken.issue(delegate)
    seat(delegate, session)
    first = client.get(feed_url(raw))

    again = client.get(feed_url(raw))
    not_modified = client.get(feed_url(raw), headers={"if-none-match": first["ETag"]})
    other_etag = client.get(feed_url(raw), headers={"if-none-match": '"something-else"'})

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert not_modified["ETag"] == first["ETag"]
    assert other_etag.status_code == 200


def test_an_unchanged_feed_answers_304_to_if_modified_since(
    client: Client, session: Session, delegate: User
) -> None:
    raw = CalendarFeedToken.issue(delegate)
    signup = seat(delegate, session)
    first = client.get(feed_url(raw))
    stamp = max(signup.updated_at, session.updated_at)

    same = client.get(feed_url(raw), headers={"if-modified-since": first["Last-Modified"]})
    older = http_date(stamp.timestamp() - 60)
    earlier = client.get(feed_url(raw), headers={"if-modified-since": older})

    assert first["Last-Modified"] == http_date(stamp.timestamp())
    assert same.status_code == 304
    assert uids(earlier) == [session.uid]


def test_a_moved_session_changes_the_etag_and_shows_on_the_next_fetch(
    client: Client, session: Session, delegate: User
) -> None:
    raw = CalendarFeedToken.issue(delegate)
    seat(delegate, session)
    first = client.get(feed_url(raw))

    move_session(session=session, starts_at=local(FIRST_DAY, 14), room=session.room, by=None)
    response = client.get(feed_url(raw), headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    event = vobject.readOne(response.content.decode()).vevent
    assert event.dtstart.value == dt.datetime(2049, 4, 20, 12, 0, tzinfo=dt.UTC)
    assert event.sequence.value == "1"


def test_a_renamed_room_changes_the_etag(client: Client, session: Session, delegate: User) -> None:
    raw = CalendarFeedToken.issue(delegate)
    seat(delegate, session)
    first = client.get(feed_url(raw))

    room = Room.objects.get(pk=session.room_id)
    room.name = "Workshop room 2"
    room.save()  # as the admin does: a save tells the cached feed (summit/cache.py)
    response = client.get(feed_url(raw), headers={"if-none-match": first["ETag"]})

    assert response.status_code == 200
    assert any(line.startswith("LOCATION:Workshop room 2\\,") for line in lines(response))


# --- query budget --------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [10, 500])
def test_the_feed_costs_the_same_queries_at_any_size(
    client: Client,
    event: Event,
    workshop_room: Room,
    delegate: User,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    start = local(FIRST_DAY, 8)
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            room=workshop_room,
            title=f"Session {i}",
            slug=f"session-{i}",
            starts_at=start + dt.timedelta(minutes=i),
            ends_at=start + dt.timedelta(minutes=i + 45),
            status=Session.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for i in range(size)
    )
    Signup.objects.bulk_create(
        Signup(session=s, user=delegate, status=Signup.Status.SIGNED_UP) for s in sessions
    )
    raw = CalendarFeedToken.issue(delegate)

    # The token, the latest change, the sessions with event, room and venue joined in.
    with django_assert_num_queries(3):
        response = client.get(feed_url(raw))

    assert len(uids(response)) == size


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
