"""The personal calendar feed: a secret address stored only as a hash, the person's seats only,
the refresh lines in RFC form, conditional GET, and the page that makes and revokes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
import vobject
from django.apps import apps
from django.core import serializers
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import CalendarFeedToken, Session, Signup
from sessions_app.services import cancel_session, move_session
from sessions_app.signups import withdraw
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, SignupFactory, local
from tests.sessions_app.feeds import feed_url, lines, seat, uids


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://summit.example"


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

    # The token, the latest change, the sessions with event, room and venue joined in, and one
    # per app that adds items (sessions_app.agenda_items): meetings' accepted meetings.
    with django_assert_num_queries(4):
        response = client.get(feed_url(raw))

    assert len(uids(response)) == size
