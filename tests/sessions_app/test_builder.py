"""The organizers' agenda builder through its views: every action calls the service (revision,
changelog), local wall-clock times become UTC, hostile input gets a clear error and never a 500,
conflicts show on the grid in text, and the page's queries stay flat from 10 to 500 sessions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from events.models import Event, Room
from sessions_app.models import AgendaPublication, Session, SessionChange, SessionPerson
from tests.factories import EventFactory, RoomFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, local

DAY = FIRST_DAY.isoformat()


@pytest.fixture
def client_(organizer: User) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


def builder_url(event: Event, day: str = DAY) -> str:
    return reverse("sessions_app:builder", kwargs={"slug": event.slug}) + f"?day={day}"


def action_url(name: str, session: Session) -> str:
    kwargs = {"slug": session.event.slug, "pk": session.pk}
    return reverse(f"sessions_app:builder_{name}", kwargs=kwargs)


def when(room: Room, start: str, end: str, day: str = DAY) -> dict[str, Any]:
    return {"room": room.pk, "day": day, "start": start, "end": end}


def details(title: str, format: str = "workshop", **fields: Any) -> dict[str, Any]:
    """What the create and edit forms post: the details, and a people formset with nobody."""
    people = {"people-TOTAL_FORMS": "0", "people-INITIAL_FORMS": "0"}
    return {"title": title, "format": format, "audience": "all", **people, **fields}


# --- the grid -----------------------------------------------------------------------------------
def test_builder_places_a_session_by_its_venue_local_time(
    client_: Client, event: Event, session: Session
) -> None:
    response = client_.get(builder_url(event))

    assert response.status_code == 200
    [block] = response.context["grid"].blocks
    # 10:00 local is row 2 + (10:00 - 08:00) / 15 min = 10; 11:30 ends at line 16.
    assert (block.session, block.rows, block.local_start, block.local_end) == (
        session,
        "10 / 16",
        "10:00",
        "11:30",
    )
    body = response.content.decode()
    assert "Countering disinformation locally" in body
    assert "10:00–11:30 CEST" in body
    assert "Workshop room 1." in body  # the room in text, for screen readers


def test_builder_ignores_a_day_outside_the_event(client_: Client, event: Event) -> None:
    response = client_.get(builder_url(event, day="not-a-day"))

    assert (response.status_code, response.context["day"]) == (200, FIRST_DAY)


def test_a_room_booked_twice_is_marked_on_the_grid_and_listed(
    client_: Client, event: Event, session: Session, workshop_room: Room
) -> None:
    SessionFactory.create(
        event=event,
        title="Clashing draft",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 11),
        ends_at=local(FIRST_DAY, 12),
        status=Session.Status.DRAFT,
    )

    response = client_.get(builder_url(event))

    body = response.content.decode()
    assert body.count("⚠ Conflict: room booked twice") == 2
    assert (
        "Workshop room 1 is booked twice: “Countering disinformation locally” and "
        "“Clashing draft” overlap." in body
    )
    assert [s.title for s, _when in response.context["drafts"]] == ["Clashing draft"]
    # Side by side, so that neither hides the other.
    lanes = [(b.session.title, b.lane, b.lanes) for b in response.context["grid"].blocks]
    assert sorted(lanes) == [
        ("Clashing draft", 1, 2),
        ("Countering disinformation locally", 0, 2),
    ]


# --- create -------------------------------------------------------------------------------------
def test_create_makes_a_draft_at_local_times_converted_to_utc(
    client_: Client, event: Event, festsal: Room
) -> None:
    data = {**details("Opening", "plenary"), **when(festsal, "09:00", "09:45")}

    response = client_.post(reverse("sessions_app:builder_create", args=[event.slug]), data)

    assert response.status_code == 302
    assert response["Location"] == builder_url(event)
    created = Session.objects.get(title="Opening")
    assert (created.status, created.format, created.room) == ("draft", "plenary", festsal)
    # 09:00 CEST on 20 April 2049 is 07:00 UTC.
    assert created.starts_at == dt.datetime(2049, 4, 20, 7, 0, tzinfo=dt.UTC)
    assert created.ends_at == dt.datetime(2049, 4, 20, 7, 45, tzinfo=dt.UTC)


def test_create_refuses_an_end_before_the_start(
    client_: Client, event: Event, festsal: Room
) -> None:
    data = {**details("Backwards", "panel"), **when(festsal, "10:00", "09:00")}

    response = client_.post(reverse("sessions_app:builder_create", args=[event.slug]), data)

    assert response.status_code == 400
    assert "A session must end after it starts." in response.content.decode()
    assert not Session.objects.filter(title="Backwards").exists()


def test_create_refuses_a_room_of_another_event(client_: Client, event: Event) -> None:
    elsewhere = RoomFactory.create(venue=EventFactory.create().venue)
    data = {**details("Elsewhere", "panel"), **when(elsewhere, "10:00", "11:00")}

    response = client_.post(reverse("sessions_app:builder_create", args=[event.slug]), data)

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Session.objects.filter(title="Elsewhere").exists()


def test_a_script_in_a_title_is_shown_escaped(client_: Client, event: Event, festsal: Room) -> None:
    title = "<script>alert('x')</script>"
    data = {**details(title, "panel"), **when(festsal, "10:00", "11:00")}
    client_.post(reverse("sessions_app:builder_create", args=[event.slug]), data)
    created = Session.objects.get(title=title)
    client_.post(action_url("move", created), when(festsal, "12:00", "13:00"))
    client_.post(reverse("sessions_app:builder_publish", args=[event.slug]))

    pages = [
        client_.get(builder_url(event)),
        client_.get(action_url("session", created)),
        client_.get(reverse("sessions_app:changelog", args=[event.slug])),
    ]

    for page in pages:
        body = page.content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


# --- move and resize ----------------------------------------------------------------------------
def test_move_calls_the_service_bumps_the_revision_and_records_the_change(
    client_: Client, organizer: User, session: Session, festsal: Room
) -> None:
    response = client_.post(action_url("move", session), when(festsal, "14:00", "15:30"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.room, session.revision) == (festsal, 1)
    assert session.starts_at == local(FIRST_DAY, 14)
    change = SessionChange.objects.get(session=session)
    assert (change.kind, change.revision, change.changed_by, change.is_public) == (
        "moved",
        1,
        organizer,
        True,
    )
    assert change.after["starts_at"] == "2049-04-20T12:00:00+00:00"


def test_resize_changes_only_the_end(client_: Client, session: Session) -> None:
    response = client_.post(action_url("move", session), when(session.room, "10:00", "12:00"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(FIRST_DAY, 10), local(FIRST_DAY, 12))
    change = SessionChange.objects.get(session=session)
    assert (change.kind, sorted(change.after)) == ("moved", ["ends_at"])


def test_a_move_by_the_script_answers_204_and_refusals_as_json(
    client_: Client, session: Session, festsal: Room
) -> None:
    fetch = {"X-Requested-With": "fetch"}

    moved = client_.post(
        action_url("move", session), when(festsal, "13:00", "14:00"), headers=fetch
    )
    refused = client_.post(
        action_url("move", session), when(festsal, "15:00", "14:00"), headers=fetch
    )

    assert moved.status_code == 204
    assert refused.status_code == 400
    assert json.loads(refused.content) == {"errors": ["A session must end after it starts."]}
    session.refresh_from_db()
    assert (session.room, session.starts_at) == (festsal, local(FIRST_DAY, 13))


def test_moving_a_cancelled_session_shows_the_refusal(client_: Client, session: Session) -> None:
    client_.post(action_url("cancel", session))

    response = client_.post(action_url("move", session), when(session.room, "13:00", "14:00"))

    assert response.status_code == 400
    assert "A cancelled session cannot be changed." in response.content.decode()


def test_move_with_tampered_values_is_a_form_error(client_: Client, session: Session) -> None:
    response = client_.post(
        action_url("move", session), {"room": "99999", "day": "x", "start": "25:00", "end": "later"}
    )

    assert response.status_code == 400
    errors = response.context["move_form"].errors
    assert sorted(errors) == ["day", "end", "room", "start"]
    assert session.revision == Session.objects.get(pk=session.pk).revision == 0


def test_a_session_under_another_events_address_is_404(
    client_: Client, session: Session, festsal: Room
) -> None:
    other = EventFactory.create()
    url = reverse("sessions_app:builder_move", kwargs={"slug": other.slug, "pk": session.pk})

    response = client_.post(url, when(festsal, "13:00", "14:00"))

    assert response.status_code == 404
    assert not SessionChange.objects.exists()


# --- edit, duplicate, cancel --------------------------------------------------------------------
def test_edit_records_an_edit_without_bumping_the_revision(
    client_: Client, session: Session
) -> None:
    data = details("Countering disinformation", "panel", capacity="20")

    response = client_.post(action_url("edit", session), data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.format, session.capacity, session.revision) == (
        "Countering disinformation",
        "panel",
        20,
        0,
    )
    assert SessionChange.objects.get(session=session).kind == "edited"


def test_duplicate_makes_a_draft_copy_at_the_chosen_place(
    client_: Client, session: Session, festsal: Room
) -> None:
    data = {"room": festsal.pk, "day": DAY, "start": "15:00"}

    response = client_.post(action_url("duplicate", session), data)

    assert response.status_code == 302
    copy = Session.objects.exclude(pk=session.pk).get()
    assert (copy.title, copy.status, copy.room) == (session.title, "draft", festsal)
    assert (copy.starts_at, copy.ends_at) == (local(FIRST_DAY, 15), local(FIRST_DAY, 16, 30))
    assert copy.uid != session.uid


def test_cancel_cancels_once_and_then_says_why_not(client_: Client, session: Session) -> None:
    first = client_.post(action_url("cancel", session))
    second = client_.post(action_url("cancel", session), follow=True)

    assert first.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.revision) == ("cancelled", 1)
    assert second.status_code == 200
    assert "A cancelled session cannot be changed." in second.content.decode()


# --- publish and the changelog ------------------------------------------------------------------
def test_publish_makes_drafts_public_and_the_changelog_lists_them(
    client_: Client, event: Event, session: Session, festsal: Room
) -> None:
    draft = SessionFactory.create(
        event=event, title="New draft", room=festsal, status=Session.Status.DRAFT
    )
    client_.post(action_url("move", session), when(festsal, "14:00", "15:30"))

    response = client_.post(reverse("sessions_app:builder_publish", args=[event.slug]), follow=True)

    assert "Agenda published (publication 1)" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "published"
    publication = AgendaPublication.objects.get(event=event)
    assert sorted(publication.changes.values_list("kind", flat=True)) == ["added", "moved"]
    changelog = Client().get(reverse("sessions_app:changelog", args=[event.slug]))
    body = changelog.content.decode()
    assert "Publication 1" in body
    assert "New draft" in body
    assert "Starts: 20 April 2049, 10:00 CEST → 20 April 2049, 14:00 CEST" in body
    assert "Room: Workshop room 1" in body


def test_publish_with_nothing_new_says_so(client_: Client, event: Event) -> None:
    response = client_.post(reverse("sessions_app:builder_publish", args=[event.slug]), follow=True)

    assert response.status_code == 200
    assert "There is nothing new to publish." in response.content.decode()
    assert not AgendaPublication.objects.exists()


def test_the_agenda_links_to_its_changelog_and_organizers_to_the_builder(
    client_: Client, event: Event
) -> None:
    agenda = reverse("sessions_app:agenda", args=[event.slug])

    as_organizer = client_.get(agenda).content.decode()
    as_public = Client().get(agenda).content.decode()

    changelog = reverse("sessions_app:changelog", args=[event.slug])
    builder = reverse("sessions_app:builder", args=[event.slug])
    assert (changelog in as_public, builder in as_public) == (True, False)
    assert (changelog in as_organizer, builder in as_organizer) == (True, True)


# --- query budget -------------------------------------------------------------------------------
def build_sessions(event: Event, rooms: list[Room], count: int, first: int = 0) -> None:
    """`count` drafts on the first day across the rooms, each with a speaker (bulk_create)."""
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Session {n}",
            slug=f"session-{n}",
            room=rooms[n % len(rooms)],
            starts_at=local(FIRST_DAY, 9) + dt.timedelta(minutes=n % 480),
            ends_at=local(FIRST_DAY, 10) + dt.timedelta(minutes=n % 480),
        )
        for n in range(first, first + count)
    )
    SessionPerson.objects.bulk_create(
        SessionPerson(session=s, name=f"Speaker {s.pk % 7}") for s in sessions
    )


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_builder_issues_as_many_queries_at_500_sessions_as_at_10(
    client_: Client,
    event: Event,
    festsal: Room,
    workshop_room: Room,
    django_assert_num_queries: Any,
) -> None:
    build_sessions(event, [festsal, workshop_room], 10)
    client_.get(builder_url(event))  # warm caches that fill once per process
    at_10 = count_queries(client_, builder_url(event))

    build_sessions(event, [festsal, workshop_room], 490, first=10)

    with django_assert_num_queries(at_10):
        response = client_.get(builder_url(event))
    assert len(response.context["grid"].blocks) == 500
    assert len(response.context["drafts"]) == 500
