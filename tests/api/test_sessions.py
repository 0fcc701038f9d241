"""The organizers' session endpoints: create a draft, move, cancel, through the builder's
services, so the changelog, the attendees' mails and the webhooks follow; conflicts refused
unless allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import icalendar
import pytest

from accounts.models import User
from api.ids import session_public_id
from events.models import Event, Room
from outbox.models import OutboundMail
from sessions_app.models import Session, SessionChange, Signup
from tests.api.conftest import FIRST_DAY, CheckedClient, bearer
from tests.factories import RoomFactory, UserFactory
from tests.sessions_app.factories import SessionFactory, ThemeFactory, local
from tests.sessions_app.test_invites import invite_of
from webhooks.models import Delivery
from webhooks.services import create_endpoint

Capture = Callable[..., Any]  # django_capture_on_commit_callbacks


def post(api: CheckedClient, token: str, url: str, body: Any) -> Any:
    return api.post(url, body, content_type="application/json", headers=bearer(token))


def url(session: Session, action: str) -> str:
    return f"/api/v1/sessions/{session_public_id(session.uid)}/{action}/"


def new_draft(room: Room, **changes: Any) -> dict[str, Any]:
    return {
        "event": "nsc-2049",
        "title": "Youth councils against hate",
        "room": room.pk,
        "starts_at": "2049-04-21T09:00:00+02:00",
        "ends_at": "2049-04-21T10:30:00+02:00",
        **changes,
    }


# --- create ---------------------------------------------------------------------------------------
def test_create_makes_a_draft_through_the_service(
    api: CheckedClient, write_token: str, event: Event, festsal: Room, organizer: User
) -> None:
    theme = ThemeFactory.create(name="Youth")
    body = new_draft(festsal, themes=["youth"], languages=["en", "sv"], format="panel")

    response = post(api, write_token, "/api/v1/sessions/", body)

    assert response.status_code == 201
    made = Session.objects.get(event=event, title="Youth councils against hate")
    assert (made.status, made.slug, made.format, made.room) == (
        "draft",
        "youth-councils-against-hate",
        "panel",
        festsal,
    )
    assert made.starts_at == dt.datetime(2049, 4, 21, 7, tzinfo=dt.UTC)
    assert list(made.themes.all()) == [theme]
    data = response.json()
    assert data["id"] == str(session_public_id(made.uid))
    assert (data["status"], data["revision"], data["starts_at"]) == (
        "draft",
        0,
        "2049-04-21T09:00:00+02:00",
    )


def test_a_new_draft_in_a_busy_room_is_refused_with_the_conflict(
    api: CheckedClient, write_token: str, session: Session, festsal: Room
) -> None:
    body = new_draft(
        festsal, starts_at="2049-04-20T11:00:00+02:00", ends_at="2049-04-20T12:00:00+02:00"
    )

    response = post(api, write_token, "/api/v1/sessions/", body)

    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "conflicts"
    [conflict] = data["conflicts"]
    assert conflict["kind"] == "room_double_booked"
    assert str(session_public_id(session.uid)) in conflict["sessions"]
    assert not Session.objects.filter(title="Youth councils against hate").exists()


def test_allow_conflicts_saves_the_overlap(
    api: CheckedClient, write_token: str, session: Session, festsal: Room
) -> None:
    body = new_draft(
        festsal,
        starts_at="2049-04-20T11:00:00+02:00",
        ends_at="2049-04-20T12:00:00+02:00",
        allow_conflicts=True,
    )

    response = post(api, write_token, "/api/v1/sessions/", body)

    assert response.status_code == 201
    assert Session.objects.filter(title="Youth councils against hate").count() == 1


def test_a_day_outside_the_event_is_a_conflict(
    api: CheckedClient, write_token: str, festsal: Room
) -> None:
    body = new_draft(
        festsal, starts_at="2049-04-25T09:00:00+02:00", ends_at="2049-04-25T10:00:00+02:00"
    )

    response = post(api, write_token, "/api/v1/sessions/", body)

    assert response.status_code == 409
    assert [c["kind"] for c in response.json()["conflicts"]] == ["outside_event_dates"]


# --- move -----------------------------------------------------------------------------------------
@pytest.fixture
def attendee(session: Session) -> User:
    user = UserFactory.create(email="attendee@example.org")
    Signup.objects.create(session=session, user=user, status=Signup.Status.SIGNED_UP)
    return user


@pytest.fixture
def endpoint(organizer: User, event: Event) -> Any:
    return create_endpoint(
        url="https://crm.example.org/hooks",
        event_types=["session.moved", "session.cancelled"],
        event=event,
        by=organizer,
    )


def test_move_records_the_change_mails_the_attendee_and_queues_the_webhook(
    api: CheckedClient,
    write_token: str,
    session: Session,
    organizer: User,
    attendee: User,
    endpoint: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # Captured, not run: the delivery stays queued (no HTTP here; tests/webhooks sends them).
    with django_capture_on_commit_callbacks() as callbacks:
        response = post(
            api, write_token, url(session, "move"), {"starts_at": "2049-04-20T15:00+02:00"}
        )

    assert response.status_code == 200
    assert (response.json()["starts_at"], response.json()["ends_at"]) == (
        "2049-04-20T15:00:00+02:00",
        "2049-04-20T16:30:00+02:00",
    )
    session.refresh_from_db()
    assert (session.starts_at, session.revision) == (local(FIRST_DAY, 15), 1)
    change = SessionChange.objects.get(session=session)
    assert (change.kind, change.changed_by) == ("moved", organizer)
    delivery = Delivery.objects.get(endpoint=endpoint)
    assert (delivery.event_type, delivery.status) == ("session.moved", "queued")
    assert callbacks  # the mails and the delivery are handed to Celery after commit


def test_the_attendee_of_a_moved_session_is_mailed(
    api: CheckedClient,
    write_token: str,
    session: Session,
    attendee: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            api, write_token, url(session, "move"), {"starts_at": "2049-04-20T15:00+02:00"}
        )

    assert response.status_code == 200
    [mail] = OutboundMail.objects.all()
    assert mail.to == "attendee@example.org"
    # The updated invite, as from the builder: same UID, SEQUENCE 1, the new time.
    assert invite_of(mail) == ("REQUEST", "CONFIRMED", 1, session.uid)
    [invite] = icalendar.Calendar.from_ical(mail.alternatives[0]["content"]).events
    assert invite.decoded("DTSTART") == local(FIRST_DAY, 15)


def test_move_to_another_room_and_a_new_end(
    api: CheckedClient, write_token: str, session: Session, event: Event
) -> None:
    aulaen = RoomFactory.create(venue=event.venue, name="Aulaen", capacity=300)
    body = {
        "starts_at": "2049-04-20T08:00:00Z",
        "ends_at": "2049-04-20T09:00:00Z",
        "room": aulaen.pk,
    }

    response = post(api, write_token, url(session, "move"), body)

    assert response.status_code == 200
    session.refresh_from_db()
    assert (session.room, session.ends_at) == (aulaen, local(FIRST_DAY, 11))
    assert response.json()["room"]["name"] == "Aulaen"


def test_a_move_onto_another_session_is_undone_and_nobody_is_told(
    api: CheckedClient,
    write_token: str,
    session: Session,
    draft: Session,
    attendee: User,
    endpoint: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(
            api, write_token, url(session, "move"), {"starts_at": "2049-04-20T14:00+02:00"}
        )

    assert response.status_code == 409
    [conflict] = response.json()["conflicts"]
    assert conflict["kind"] == "room_double_booked"
    assert set(conflict["sessions"]) == {str(session_public_id(s.uid)) for s in (session, draft)}
    session.refresh_from_db()
    assert (session.starts_at, session.revision) == (local(FIRST_DAY, 10), 0)
    assert not SessionChange.objects.exists()
    assert not Delivery.objects.exists()
    assert not OutboundMail.objects.exists()
    assert callbacks == []


# --- cancel ---------------------------------------------------------------------------------------
def test_cancel_marks_it_cancelled_and_queues_the_webhook(
    api: CheckedClient,
    write_token: str,
    session: Session,
    attendee: User,
    endpoint: Any,
) -> None:
    response = post(api, write_token, url(session, "cancel"), {})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    session.refresh_from_db()
    assert (session.status, session.revision) == ("cancelled", 1)
    assert Delivery.objects.get(endpoint=endpoint).event_type == "session.cancelled"


def test_the_attendee_of_a_cancelled_session_gets_the_cancellation(
    api: CheckedClient,
    write_token: str,
    session: Session,
    attendee: User,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, write_token, url(session, "cancel"), {})

    assert response.status_code == 200
    [mail] = OutboundMail.objects.filter(to="attendee@example.org")
    assert invite_of(mail) == ("CANCEL", "CANCELLED", 1, session.uid)


def test_a_cancelled_session_cannot_be_cancelled_or_moved_again(
    api: CheckedClient, write_token: str, session: Session
) -> None:
    assert post(api, write_token, url(session, "cancel"), {}).status_code == 200

    again = post(api, write_token, url(session, "cancel"), {})
    move = post(api, write_token, url(session, "move"), {"starts_at": "2049-04-20T15:00+02:00"})

    assert (again.status_code, again.json()["code"]) == (409, "cancelled")
    assert (move.status_code, move.json()["code"]) == (409, "cancelled")
    assert SessionChange.objects.filter(session=session).count() == 1


def test_a_draft_can_be_moved_and_cancelled_without_mail(
    api: CheckedClient,
    write_token: str,
    draft: Session,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        moved = post(api, write_token, url(draft, "move"), {"starts_at": "2049-04-21T14:00+02:00"})
        cancelled = post(api, write_token, url(draft, "cancel"), {})

    assert (moved.status_code, cancelled.status_code) == (200, 200)
    assert cancelled.json()["status"] == "cancelled"
    assert not OutboundMail.objects.exists()


def test_an_event_token_cannot_reach_another_events_session(
    api: CheckedClient, other_event_token: str, session: Session, other_event: Event
) -> None:
    theirs = SessionFactory.create(event=other_event)

    mine = post(api, other_event_token, url(theirs, "cancel"), {})
    not_mine = post(api, other_event_token, url(session, "cancel"), {})

    assert mine.status_code == 200
    assert (not_mine.status_code, not_mine.json()["code"]) == (404, "not_found")
    session.refresh_from_db()
    assert session.status == "published"


# --- the organizers' list -------------------------------------------------------------------------
def test_the_list_filters_by_event_status_and_room(
    api: CheckedClient, read_token: str, session: Session, draft: Session, event: Event
) -> None:
    aulaen = RoomFactory.create(venue=event.venue, name="Aulaen")
    other = SessionFactory.create(
        event=event, room=aulaen, starts_at=local(FIRST_DAY, 16), ends_at=local(FIRST_DAY, 17)
    )

    def titles(query: str) -> list[str]:
        response = api.get(f"/api/v1/sessions/?{query}", headers=bearer(read_token))
        return [row["title"] for row in response.json()["results"]]

    assert titles("event=nsc-2049") == [session.title, draft.title, other.title]
    assert titles("status=draft") == [draft.title]
    assert titles(f"room={aulaen.pk}") == [other.title]
    assert titles("event=scn-london-2049") == []
    bad = api.get("/api/v1/sessions/?status=secret", headers=bearer(read_token))
    assert (bad.status_code, set(bad.json()["errors"])) == (400, {"status"})


@pytest.mark.parametrize("n", [10, 1000])
def test_the_list_costs_the_same_queries_at_10_and_1000_sessions(
    api: CheckedClient,
    read_token: str,
    event: Event,
    festsal: Room,
    n: int,
    django_assert_num_queries: Any,
) -> None:
    theme = ThemeFactory.create(name="Polarisation")
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            room=festsal,
            title=f"Session {i}",
            slug=f"session-{i}",
            starts_at=local(FIRST_DAY, 9) + dt.timedelta(minutes=i),
            ends_at=local(FIRST_DAY, 9) + dt.timedelta(minutes=i + 30),
        )
        for i in range(n)
    )
    Session.themes.through.objects.bulk_create(
        Session.themes.through(session=s, theme=theme) for s in sessions
    )
    api.get("/api/v1/sessions/", headers=bearer(read_token))  # stamps last_used_at
    # token (1), count, rows, themes, people; the maker's role is cached by the request before
    with django_assert_num_queries(5):
        response = api.get("/api/v1/sessions/?page_size=200", headers=bearer(read_token))
    assert response.json()["count"] == n
    assert len(response.json()["results"]) == min(n, 200)
