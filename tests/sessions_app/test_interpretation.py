"""Interpretation and needs per session (issue #18): the AIIC team size, bookings, totals per
session and per venue (computed here independently, from the same sign-ups), the builder's
warning before publishing, the public agenda's filter, and who may see any of it."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from events.models import Event, Room
from registrations.models import Registration, RegistrationNeeds
from sessions_app.interpretation import team_size
from sessions_app.models import InterpreterBooking, Session, SessionPolicy, Signup
from sessions_app.needs_totals import Totals, event_totals, publish_warnings
from sessions_app.services import SessionError, book_interpreters, remove_booking
from tests.factories import RoomFactory, VenueFactory
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate, agenda_url
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("length", "team"),
    [
        (30 * dt.timedelta(minutes=1), 2),
        (4 * H, 2),
        (4 * H + dt.timedelta(minutes=1), 3),
        (6 * H, 3),
        (7 * H, 4),
        (8 * H, 4),
        (8 * H + dt.timedelta(minutes=1), None),
    ],
)
def test_the_team_follows_the_aiic_rule_by_duration(length: dt.timedelta, team: int | None) -> None:
    assert team_size(length) == team


def test_a_booking_gets_the_aiic_team_for_the_sessions_length(session: Session) -> None:
    session.ends_at = session.starts_at + 5 * H
    session.save()

    booking = book_interpreters(session=session, source_language="en", target_language="da")

    assert booking.interpreters == 3


@pytest.mark.parametrize(
    "pair",
    [("en", "en"), ("en", "xx"), ("dsl", "en"), ("", "da")],
)
def test_a_bad_language_pair_is_refused_with_a_message(
    session: Session, pair: tuple[str, str]
) -> None:
    with pytest.raises(SessionError) as refused:
        book_interpreters(session=session, source_language=pair[0], target_language=pair[1])

    assert refused.value.message
    assert not InterpreterBooking.objects.exists()


def test_the_same_pair_cannot_be_booked_twice(session: Session) -> None:
    book_interpreters(session=session, source_language="en", target_language="fi")

    with pytest.raises(SessionError):
        book_interpreters(session=session, source_language="en", target_language="fi")


def test_booking_and_removing_interpreters_take_the_agenda_lock(session: Session) -> None:
    """Issue #16: the lock makes the event's policy row when there is none."""
    booking = book_interpreters(session=session, source_language="en", target_language="fi")
    locked_by_booking = SessionPolicy.objects.filter(event=session.event).count()
    SessionPolicy.objects.all().delete()

    remove_booking(booking=booking)

    assert (locked_by_booking, SessionPolicy.objects.filter(event=session.event).count()) == (1, 1)
    assert not InterpreterBooking.objects.exists()


def test_a_session_cancelled_since_it_was_read_is_not_booked(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)

    with pytest.raises(SessionError) as refused:
        book_interpreters(session=session, source_language="en", target_language="fi")

    assert refused.value.code == "cancelled"
    assert not InterpreterBooking.objects.exists()


# --- totals, computed independently -------------------------------------------------------------
def seat(session: Session, user: User, status: str = Signup.Status.SIGNED_UP) -> None:
    SignupFactory.create(session=session, user=user, status=status)


def needs_for(user: User, event: Event, **needs: Any) -> None:
    registration = Registration.objects.get(user=user, event=event)
    RegistrationNeeds.objects.create(registration=registration, **needs)


def test_totals_per_session_and_venue_match_an_independent_count(
    event: Event, workshop_room: Room, make_delegate: MakeDelegate
) -> None:
    other_venue = VenueFactory.create(name="Aarhus Town Hall", city=workshop_room.venue.city)
    event.other_venues.add(other_venue)
    far_room = RoomFactory.create(venue=other_venue, name="Hall B", capacity=100)
    sessions = [
        SessionFactory.create(
            event=event, room=room, starts_at=local(FIRST_DAY, h), ends_at=local(FIRST_DAY, h + 1)
        )
        for room, h in [(workshop_room, 9), (workshop_room, 11), (far_room, 13)]
    ]
    chooser = random.Random(18)
    wanted: dict[int, dict[str, Any]] = {}
    seats: list[tuple[Session, int]] = []
    for n in range(24):
        user = make_delegate()
        needs = {
            "interpretation_into": chooser.choice(["", "da", "fi"]),
            "sign_language": chooser.choice(["", "", "dsl"]),
            "captions": chooser.random() < 0.3,
            "step_free": chooser.random() < 0.3,
            "diets": chooser.sample(["vegan", "halal", "gluten_free"], chooser.randint(0, 2)),
        }
        if n % 5:  # every fifth person never told us of any need
            needs_for(user, event, **needs)
            wanted[user.pk] = needs
        for session in chooser.sample(sessions, chooser.randint(0, 3)):
            status = Signup.Status.WAITLISTED if n % 7 == 0 else Signup.Status.SIGNED_UP
            seat(session, user, status)
            if status == Signup.Status.SIGNED_UP:
                seats.append((session, user.pk))

    per_session, per_venue = event_totals(event)

    assert len(seats) > 10  # the draw gives something to count
    for session in sessions:
        people = [pk for s, pk in seats if s == session]
        totals = per_session.get(session.pk, Totals())
        assert totals.seated == len(people)
        expected = Counter(wanted[pk]["interpretation_into"] for pk in people if pk in wanted)
        del expected[""]
        assert totals.interpretation == expected
        assert totals.diets == Counter(
            diet for pk in people if pk in wanted for diet in wanted[pk]["diets"]
        )
    for venue_id in {workshop_room.venue_id, other_venue.pk}:
        at_venue = {pk for s, pk in seats if s.room.venue_id == venue_id}
        totals = per_venue.get(venue_id, Totals())
        assert totals.seated == len(at_venue)
        assert totals.flags["captions"] == sum(
            1 for pk in at_venue if wanted.get(pk, {}).get("captions")
        )
        assert sum(totals.sign_language.values()) == sum(
            1 for pk in at_venue if wanted.get(pk, {}).get("sign_language")
        )


def test_a_cancelled_registration_counts_no_needs(
    session: Session, approved_delegate: User
) -> None:
    needs_for(approved_delegate, session.event, interpretation_into="fi")
    seat(session, approved_delegate)
    Registration.objects.filter(user=approved_delegate).update(status="cancelled")

    per_session, _venues = event_totals(session.event)

    assert per_session[session.pk].interpretation == Counter()


def test_totals_take_the_same_queries_for_3_and_30_people(
    session: Session, make_delegate: MakeDelegate
) -> None:
    def add(count: int) -> None:
        for _n in range(count):
            user = make_delegate()
            needs_for(user, session.event, captions=True)
            seat(session, user)

    add(3)
    with CaptureQueriesContext(connection) as few:
        event_totals(session.event)
    add(27)
    with CaptureQueriesContext(connection) as many:
        totals, _venues = event_totals(session.event)

    assert len(few) == len(many) == 2
    assert totals[session.pk].flags["captions"] == 30


# --- the builder's warning ----------------------------------------------------------------------
def test_the_builder_warns_before_publishing_until_interpreters_are_booked(
    session: Session, approved_delegate: User, organizer: User
) -> None:
    needs_for(approved_delegate, session.event, interpretation_into="fi", sign_language="dsl")
    seat(session, approved_delegate)
    client = Client()
    client.force_login(organizer)
    url = reverse("sessions_app:builder", kwargs={"slug": session.event.slug})

    page = client.get(url).content.decode()
    assert "no interpreter is booked into" in page
    assert publish_warnings(session.event, [session]) == [
        (session, ["Danish Sign Language", "Finnish"])
    ]

    book_interpreters(session=session, source_language="en", target_language="fi")
    assert publish_warnings(session.event, [session]) == [(session, ["Danish Sign Language"])]
    book_interpreters(session=session, source_language="en", target_language="dsl")

    assert "no interpreter is booked into" not in client.get(url).content.decode()


def test_the_builders_session_page_warns_of_needs_no_interpreter_covers(
    session: Session, approved_delegate: User, organizer: User
) -> None:
    needs_for(approved_delegate, session.event, interpretation_into="fi")
    seat(session, approved_delegate)
    client = Client()
    client.force_login(organizer)
    url = reverse(
        "sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": session.pk}
    )
    warning = "People holding seats asked for interpretation into Finnish: no interpreter is booked"

    before = client.get(url).content.decode()
    book_interpreters(session=session, source_language="en", target_language="fi")
    after = client.get(url).content.decode()

    assert (warning in before, warning in after) == (True, False)


def test_the_builder_books_interpreters_through_its_form(session: Session, organizer: User) -> None:
    client = Client()
    client.force_login(organizer)
    url = reverse(
        "sessions_app:book_interpreters", kwargs={"slug": session.event.slug, "pk": session.pk}
    )

    response = client.post(url, {"source_language": "en", "target_language": "ils", "booth": "2"})
    bad = client.post(url, {"source_language": "en", "target_language": "<script>"})

    assert response.status_code == bad.status_code == 302
    [booking] = InterpreterBooking.objects.all()
    assert (booking.target_language, booking.booth, booking.interpreters) == ("ils", "2", 2)


# --- who may see -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("delegate", 403), ("organizer", 200)]
)
def test_only_organizers_see_needs_and_book_interpreters(
    session: Session, approved_delegate: User, organizer: User, who: str, status: int
) -> None:
    needs_for(approved_delegate, session.event, dietary_details="Sesame allergy", captions=True)
    seat(session, approved_delegate)
    client = Client()
    if who != "anonymous":
        client.force_login(approved_delegate if who == "delegate" else organizer)
    slug = session.event.slug
    pages = [
        reverse("sessions_app:event_needs", kwargs={"slug": slug}),
        reverse("sessions_app:session_needs", kwargs={"slug": slug, "pk": session.pk}),
    ]
    book = reverse("sessions_app:book_interpreters", kwargs={"slug": slug, "pk": session.pk})

    responses = [client.get(url) for url in pages]
    booked = client.post(book, {"source_language": "en", "target_language": "da"})

    assert [r.status_code for r in responses] == [status, status]
    assert InterpreterBooking.objects.exists() == (who == "organizer")
    assert booked.status_code == (302 if who != "delegate" else 403)
    if who == "organizer":
        totals, names = (r.content.decode() for r in responses)
        assert "Live captions: 1" in totals
        assert approved_delegate.registrations.get().badge_name not in totals  # totals, not names
        assert approved_delegate.registrations.get().badge_name in names
        assert "Sesame allergy" in names


# --- the public agenda --------------------------------------------------------------------------
def test_the_agenda_filters_by_interpretation_and_shows_it(
    session: Session, workshop_room: Room
) -> None:
    session.event.is_published = True
    session.event.save()
    plain = SessionFactory.create(
        event=session.event,
        title="No interpretation here",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
    )
    book_interpreters(session=session, source_language="en", target_language="fi")

    everything = Client().get(agenda_url(session.event)).content.decode()
    finnish = Client().get(agenda_url(session.event, "interpretation=fi")).content.decode()
    unknown = Client().get(agenda_url(session.event, "interpretation=zz"))

    assert plain.title in everything
    assert "interpreted into Finnish" in everything
    assert session.title in finnish
    assert plain.title not in finnish
    assert unknown.status_code == 200
    page = Client().get(session.get_absolute_url()).content.decode()
    assert "Interpretation into" in page
