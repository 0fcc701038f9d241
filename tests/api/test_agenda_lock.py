"""The agenda lock across writers (issue #16): the builder and the API write one event's agenda
through the same services, which lock it (sessions_app.services.lock_agenda), so a builder
move and an API move of one event take turns, each in its own database connection
(PostgreSQL: SQLite ignores row locks). The builder's move is held inside its transaction
(by a receiver of session_changed, sent there) while the API moves; another event's agenda is
not held up."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from api.ids import session_public_id
from api.models import ApiToken
from events.models import Event, Room
from sessions_app.models import Session, SessionChange
from sessions_app.signals import session_changed
from tests.api.conftest import FIRST_DAY, CheckedClient, bearer, make_token
from tests.factories import EventFactory, RoomFactory
from tests.services import need_postgres
from tests.sessions_app.factories import SessionFactory, local

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
DRAFT = Session.Status.DRAFT


class HeldMove:
    """A builder move of `session` to festsal 09:00-10:00 that stops inside its transaction
    (after its write, before its commit) until released."""

    def __init__(self, organizer: User, session: Session, room: Room) -> None:
        self.session, self.room, self.organizer = session, room, organizer
        self.holding, self.release = threading.Event(), threading.Event()
        self.status: int | None = None
        self.errors: list[Exception] = []
        self.thread = threading.Thread(target=self.run)

    def hold(self, sender: Any, change: SessionChange, **kwargs: Any) -> None:
        if change.session_id == self.session.pk:
            self.holding.set()
            self.release.wait(timeout=30)

    def run(self) -> None:
        client = Client()
        try:
            client.force_login(self.organizer)
            url = reverse(
                "sessions_app:builder_move",
                kwargs={"slug": self.session.event.slug, "pk": self.session.pk},
            )
            body = {"room": self.room.pk, "day": FIRST_DAY.isoformat(), "start": "09:00"}
            self.status = client.post(url, {**body, "end": "10:00"}).status_code
        except Exception as error:  # reported by the test, not lost in the thread
            self.errors.append(error)
        finally:
            self.holding.set()
            connection.close()


class ApiMove:
    """An API move of `session` (the body: to 09:30, keeping its length), in a thread of its
    own."""

    def __init__(self, api: CheckedClient, organizer: User, session: Session, **body: Any) -> None:
        self.api, self.session = api, session
        self.token = make_token(organizer, scope=ApiToken.Scope.WRITE)
        self.body = {"starts_at": "2049-04-20T09:30:00+02:00", **body}
        self.response: Any = None
        self.errors: list[Exception] = []
        self.thread = threading.Thread(target=self.run)

    def run(self) -> None:
        client = CheckedClient()
        client.openapi = self.api.openapi
        url = f"/api/v1/sessions/{session_public_id(self.session.uid)}/move/"
        try:
            self.response = client.post(
                url, self.body, content_type="application/json", headers=bearer(self.token)
            )
        except Exception as error:
            self.errors.append(error)
        finally:
            connection.close()


@pytest.fixture
def held(organizer: User, event: Event, festsal: Room) -> Iterator[HeldMove]:
    need_postgres()
    workshop = RoomFactory.create(venue=event.venue, name="Workshop")
    session = SessionFactory.create(event=event, room=workshop, status=DRAFT, title="Builder's")
    move = HeldMove(organizer, session, festsal)
    session_changed.connect(move.hold, weak=False)
    try:
        yield move
    finally:
        move.release.set()
        move.thread.join(timeout=30)
        session_changed.disconnect(move.hold)


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def eventually(check: Any, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_an_api_move_waits_for_a_builder_move_and_then_sees_its_clash(
    api: CheckedClient, held: HeldMove, event: Event, festsal: Room, organizer: User
) -> None:
    other = SessionFactory.create(event=event, status=DRAFT, starts_at=local(FIRST_DAY, 15))
    move = ApiMove(api, organizer, other, room=festsal.pk)

    held.thread.start()
    assert held.holding.wait(timeout=30)
    move.thread.start()
    blocked = eventually(waiting_on_a_lock)
    still_waiting = move.thread.is_alive()
    held.release.set()
    held.thread.join(timeout=30)
    move.thread.join(timeout=30)

    assert held.errors == move.errors == []
    assert (blocked, still_waiting) == (True, True)
    assert held.status == 302
    assert move.response.status_code == 409
    [conflict] = move.response.json()["conflicts"]
    assert conflict["kind"] == "room_double_booked"
    ids = {str(session_public_id(s.uid)) for s in (held.session, other)}
    assert set(conflict["sessions"]) == ids
    held.session.refresh_from_db()
    other.refresh_from_db()
    assert (held.session.room, held.session.starts_at) == (festsal, local(FIRST_DAY, 9))
    assert (other.room, other.starts_at) != (festsal, local(FIRST_DAY, 9, 30))


def test_an_api_move_of_another_event_does_not_wait_for_the_builder(
    api: CheckedClient, held: HeldMove, organizer: User
) -> None:
    elsewhere = EventFactory.create(start_date=FIRST_DAY, end_date=FIRST_DAY)
    hall = RoomFactory.create(venue=elsewhere.venue, name="Hall")
    session = SessionFactory.create(event=elsewhere, room=hall, status=DRAFT)
    move = ApiMove(api, organizer, session, room=hall.pk)

    held.thread.start()
    assert held.holding.wait(timeout=30)
    move.thread.start()
    move.thread.join(timeout=30)
    finished_while_held = not move.thread.is_alive() and not held.release.is_set()
    held.release.set()
    held.thread.join(timeout=30)

    assert held.errors == move.errors == []
    assert finished_while_held
    assert (move.response.status_code, held.status) == (200, 302)
    session.refresh_from_db()
    assert (session.room, session.starts_at) == (hall, local(FIRST_DAY, 9, 30))


def test_an_api_move_of_the_same_session_keeps_the_room_and_length_the_builder_gave_it(
    api: CheckedClient, held: HeldMove, festsal: Room, organizer: User
) -> None:
    """Without a room or an end the API move keeps the session's: those committed by the
    builder's move it waited for (festsal, one hour), not those it read before."""
    move = ApiMove(api, organizer, held.session, starts_at="2049-04-20T14:00:00+02:00")

    held.thread.start()
    assert held.holding.wait(timeout=30)
    move.thread.start()
    blocked = eventually(waiting_on_a_lock)
    held.release.set()
    held.thread.join(timeout=30)
    move.thread.join(timeout=30)

    assert held.errors == move.errors == []
    assert blocked
    assert (held.status, move.response.status_code) == (302, 200)
    session = held.session
    session.refresh_from_db()
    assert (session.room, session.starts_at, session.ends_at) == (
        festsal,
        local(FIRST_DAY, 14),
        local(FIRST_DAY, 15),
    )
    assert list(session.changes.order_by("pk").values_list("kind", flat=True)) == ["moved"] * 2
