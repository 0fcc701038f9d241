"""Building the agenda: create, change (revision and changelog), duplicate, publish."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest

from accounts.models import User
from events.models import Event, Room
from registrations.models import Registration
from sessions_app.models import AgendaPublication, Session, SessionChange, SessionPerson
from sessions_app.services import (
    SessionError,
    add_session_person,
    cancel_session,
    create_session,
    duplicate_session,
    move_session,
    publish_event_agenda,
    update_session,
)
from tests.factories import CityFactory, RoomFactory, VenueFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, SignupFactory, ThemeFactory, local

Kind = SessionChange.Kind
UTC = dt.UTC


def changes_of(session: Session) -> list[tuple[int, str]]:
    return list(session.changes.order_by("pk").values_list("revision", "kind"))


def draft(
    event: Event, room: Room, title: str = "InfoHouse: how Copenhagen works together"
) -> Session:
    return create_session(
        event=event,
        title=title,
        room=room,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
        by=None,
    )


# --- create ---------------------------------------------------------------------------------------
def test_create_session_makes_a_draft_with_a_slug_a_uid_and_revision_zero(
    event: Event, workshop_room: Room, organizer: User
) -> None:
    theme = ThemeFactory.create(name="Extremism and hate")

    session = create_session(
        event=event,
        title="InfoHouse: how Copenhagen works together",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15, 30),
        by=organizer,
        format=Session.Format.WORKSHOP,
        capacity=20,
        languages=["da", "en"],
        themes=[theme],
    )

    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT
    assert session.slug == "infohouse-how-copenhagen-works-together"
    assert re.fullmatch(r"session-[0-9a-f-]{36}@127\.0\.0\.1", session.uid)
    assert session.revision == 0
    assert session.published_at is None
    assert session.starts_at == dt.datetime(2049, 4, 20, 12, 0, tzinfo=UTC)  # 14:00 CEST
    assert list(session.themes.all()) == [theme]
    assert session.effective_capacity == 20
    assert changes_of(session) == []


def test_a_second_session_with_the_same_title_gets_the_next_free_slug(
    event: Event, workshop_room: Room
) -> None:
    slugs = [draft(event, workshop_room, "Street team").slug for _ in range(3)]

    assert slugs == ["street-team", "street-team-2", "street-team-3"]


def test_without_its_own_capacity_a_session_takes_the_rooms(
    event: Event, workshop_room: Room
) -> None:
    assert draft(event, workshop_room).effective_capacity == 30


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "code"),
    [
        (local(FIRST_DAY, 15), local(FIRST_DAY, 14), "ends_before_start"),
        (local(FIRST_DAY, 15), local(FIRST_DAY, 15), "ends_before_start"),
        (dt.datetime(2049, 4, 20, 14), dt.datetime(2049, 4, 20, 15), "naive_time"),
    ],
)
def test_create_session_refuses_bad_times(
    event: Event, workshop_room: Room, starts_at: dt.datetime, ends_at: dt.datetime, code: str
) -> None:
    with pytest.raises(SessionError) as refusal:
        create_session(
            event=event,
            title="X",
            room=workshop_room,
            starts_at=starts_at,
            ends_at=ends_at,
            by=None,
        )

    assert refusal.value.code == code
    assert Session.objects.count() == 0


def test_create_session_refuses_a_room_of_another_venue(event: Event) -> None:
    elsewhere = RoomFactory.create(
        venue=VenueFactory.create(city=CityFactory.create(name="Oslo", country="NO"))
    )

    with pytest.raises(SessionError) as refusal:
        draft(event, elsewhere)

    assert refusal.value.code == "room_not_at_event"
    assert refusal.value.message == "This room is not at one of the event's venues."


def test_a_room_of_one_of_the_events_other_venues_is_fine(event: Event) -> None:
    other_room = RoomFactory.create(venue=VenueFactory.create(name="Industriens Hus"))
    event.other_venues.add(other_room.venue)

    assert draft(event, other_room).room == other_room


def test_a_taken_slug_is_refused(event: Event, workshop_room: Room, session: Session) -> None:
    other = draft(event, workshop_room)

    with pytest.raises(SessionError) as refusal:
        update_session(session=other, by=None, slug=session.slug)

    assert refusal.value.code == "slug_taken"


# --- change: revision and changelog ---------------------------------------------------------------
def test_moving_bumps_the_revision_and_records_before_and_after(
    session: Session, organizer: User
) -> None:
    move_session(session=session, starts_at=local(FIRST_DAY, 13), room=session.room, by=organizer)

    session.refresh_from_db()
    change = session.changes.get()
    assert session.revision == 1
    assert session.ends_at - session.starts_at == dt.timedelta(minutes=90)
    assert (change.revision, change.kind, change.changed_by, change.is_public) == (
        1,
        Kind.MOVED,
        organizer,
        True,
    )
    assert change.before == {
        "starts_at": "2049-04-20T08:00:00+00:00",
        "ends_at": "2049-04-20T09:30:00+00:00",
    }
    assert change.after == {
        "starts_at": "2049-04-20T11:00:00+00:00",
        "ends_at": "2049-04-20T12:30:00+00:00",
    }


def test_a_new_room_bumps_the_revision(session: Session, festsal: Room) -> None:
    move_session(session=session, starts_at=session.starts_at, room=festsal, by=None)

    session.refresh_from_db()
    assert changes_of(session) == [(1, Kind.ROOM_CHANGED)]
    assert session.changes.get().after == {
        "room": {
            "id": festsal.pk,
            "name": "Festsalen, Copenhagen City Hall",
            "time_zone": "Europe/Copenhagen",
        }
    }


def test_resizing_is_a_move(session: Session) -> None:
    move_session(
        session=session,
        starts_at=session.starts_at,
        room=session.room,
        by=None,
        ends_at=local(FIRST_DAY, 12),
    )

    assert changes_of(session) == [(1, Kind.MOVED)]


def test_edits_people_need_not_be_told_about_keep_the_revision(session: Session) -> None:
    theme = ThemeFactory.create(name="Conspiracy")

    update_session(
        session=session, by=None, title="Disinformation: what cities can do", themes=[theme]
    )
    update_session(session=session, by=None, description="**Bring** examples.", capacity=12)

    session.refresh_from_db()
    assert session.revision == 0
    assert changes_of(session) == [(0, Kind.EDITED), (0, Kind.EDITED)]
    assert session.changes.order_by("pk")[0].after == {
        "title": "Disinformation: what cities can do",
        "themes": ["conspiracy"],
    }


def test_an_update_that_changes_nothing_records_nothing(session: Session) -> None:
    update_session(
        session=session,
        by=None,
        title=session.title,
        starts_at=session.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Copenhagen")),
    )

    session.refresh_from_db()
    assert (session.revision, changes_of(session)) == (0, [])


def test_cancelling_bumps_the_revision_and_is_final(session: Session) -> None:
    cancel_session(session=session, by=None)

    session.refresh_from_db()
    assert (session.status, session.revision) == (Session.Status.CANCELLED, 1)
    assert session.changes.get().before == {"status": "published"}
    with pytest.raises(SessionError) as refusal:
        update_session(session=session, by=None, title="Back again")
    assert refusal.value.code == "cancelled"


def test_the_uid_never_changes(session: Session, festsal: Room) -> None:
    uid = session.uid

    move_session(session=session, starts_at=local(FIRST_DAY, 16), room=festsal, by=None)
    update_session(session=session, by=None, title="Renamed", slug="renamed")
    cancel_session(session=session, by=None)

    session.refresh_from_db()
    assert (session.uid, session.revision) == (uid, 2)  # one move (time and room), one cancel


def test_a_move_across_the_autumn_clock_change_keeps_the_real_length(
    event: Event, workshop_room: Room
) -> None:
    Event.objects.filter(pk=event.pk).update(
        start_date=dt.date(2022, 10, 30), end_date=dt.date(2022, 10, 30)
    )
    session = SessionFactory.create(
        event=event,
        room=workshop_room,
        starts_at=dt.datetime(2022, 10, 30, 8, tzinfo=UTC),
        ends_at=dt.datetime(2022, 10, 30, 9, tzinfo=UTC),
    )
    cph = zoneinfo.ZoneInfo("Europe/Copenhagen")

    # 02:30 CEST, the first time round. By the wall clock an hour later is 03:30 CET, which is
    # really two hours later: the clocks went back at 03:00 CEST.
    move_session(
        session=session,
        starts_at=dt.datetime(2022, 10, 30, 2, 30, tzinfo=cph, fold=0),
        room=workshop_room,
        by=None,
    )

    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2022, 10, 30, 0, 30, tzinfo=UTC)
    assert session.ends_at == dt.datetime(2022, 10, 30, 1, 30, tzinfo=UTC)  # 02:30 CET


# --- duplicate ------------------------------------------------------------------------------------
def test_duplicate_is_a_new_draft_with_a_new_uid_people_and_themes_but_no_signups(
    session: Session, festsal: Room
) -> None:
    session.themes.add(ThemeFactory.create(name="Conspiracy"))
    SessionPerson.objects.create(session=session, name="Jane Doe", role="moderator")
    SignupFactory.create(session=session)

    copy = duplicate_session(
        session=session, by=None, starts_at=local(FIRST_DAY + dt.timedelta(days=1), 9), room=festsal
    )

    assert (copy.status, copy.revision, copy.room) == (Session.Status.DRAFT, 0, festsal)
    assert copy.uid != session.uid
    assert copy.slug == "countering-disinformation-locally"
    assert copy.ends_at - copy.starts_at == dt.timedelta(minutes=90)
    assert [t.slug for t in copy.themes.all()] == ["conspiracy"]
    assert list(copy.people.values_list("name", "role")) == [("Jane Doe", "moderator")]
    assert copy.signups.count() == 0


# --- people ---------------------------------------------------------------------------------------
def test_a_registered_speaker_is_billed_as_registered(
    session: Session, approved_delegate: User
) -> None:
    registration = Registration.objects.get(user=approved_delegate)

    person = add_session_person(session=session, user=approved_delegate, role="speaker")

    assert (person.name, person.office, person.city) == (
        registration.badge_name,
        "city_official",
        registration.city,
    )
    assert person.identity == f"user:{approved_delegate.pk}"


def test_a_guest_needs_a_name_and_a_person_is_billed_once(
    session: Session, approved_delegate: User
) -> None:
    add_session_person(session=session, user=approved_delegate)

    with pytest.raises(SessionError) as unnamed:
        add_session_person(session=session, name="   ")
    with pytest.raises(SessionError) as twice:
        add_session_person(session=session, user=approved_delegate, role="moderator")

    assert (unnamed.value.code, twice.value.code) == ("person_unnamed", "person_twice")


# --- publish --------------------------------------------------------------------------------------
def test_publishing_makes_drafts_public_and_records_them_as_added(
    event: Event, workshop_room: Room, organizer: User
) -> None:
    first = draft(event, workshop_room, "A")
    draft(event, workshop_room, "B")
    update_session(session=first, by=organizer, title="A, renamed")  # a draft's edit: internal

    publication = publish_event_agenda(event=event, by=organizer)

    first.refresh_from_db()
    assert (publication.number, publication.published_by) == (1, organizer)
    assert first.status == Session.Status.PUBLISHED
    assert first.published_at is not None
    assert Session.objects.public().count() == 2
    assert sorted(publication.changes.values_list("session__title", "kind")) == [
        ("A, renamed", "added"),
        ("B", "added"),
    ]
    assert first.changes.get(kind=Kind.EDITED).publication is None


def test_the_next_publication_lists_the_public_changes_made_since(
    event: Event, workshop_room: Room, festsal: Room, session: Session
) -> None:
    publish_event_agenda(event=event, by=None) if Session.objects.filter(
        status="draft"
    ).exists() else None
    move_session(session=session, starts_at=session.starts_at, room=festsal, by=None)
    newcomer = draft(event, workshop_room, "Street team")

    publication = publish_event_agenda(event=event, by=None)

    assert publication.number == 1
    assert sorted(publication.changes.values_list("session__title", "kind")) == [
        ("Countering disinformation locally", "room_changed"),
        ("Street team", "added"),
    ]
    assert newcomer.changes.get().is_public


def test_publishing_nothing_new_is_refused(event: Event, session: Session) -> None:
    with pytest.raises(SessionError) as refusal:
        publish_event_agenda(event=event, by=None)

    assert refusal.value.code == "nothing_to_publish"
    assert AgendaPublication.objects.count() == 0


def test_a_draft_cancelled_before_publishing_never_becomes_public(
    event: Event, workshop_room: Room
) -> None:
    cancelled = draft(event, workshop_room, "Dropped idea")
    cancel_session(session=cancelled, by=None)
    draft(event, workshop_room, "Kept")

    publish_event_agenda(event=event, by=None)

    assert list(Session.objects.public().values_list("title", flat=True)) == ["Kept"]
    assert cancelled.changes.get().is_public is False
