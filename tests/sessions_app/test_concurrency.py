"""The session lock, proven on PostgreSQL like the registration seat lock.

Thirty approved delegates sign up at the same instant, each through their own database
connection, for the last five seats of a session. With the lock exactly five get a seat and the
rest are waitlisted; with the lock replaced by a plain read the same race oversells.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.models import User
from sessions_app import signups
from sessions_app.models import Session, Signup
from tests.factories import EventFactory, RoomFactory, UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.services import need_postgres
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

CONTENDERS = 30
CAPACITY = 8
TAKEN = 3  # seats held before the race: CAPACITY - TAKEN = 5 are left
UNLOCKED_TRIES = 5


def arrange() -> tuple[Session, list[User]]:
    event = EventFactory.create()
    session = SessionFactory.create(
        event=event, room=RoomFactory.create(venue=event.venue, capacity=100), capacity=CAPACITY
    )
    SignupFactory.create_batch(TAKEN, session=session)
    contenders = UserFactory.create_batch(CONTENDERS)
    for user in contenders:
        RegistrationFactory.create(event=event, user=user)
    return session, contenders


def race(session: Session, contenders: list[User]) -> list[Exception]:
    """Every sign-up at once, one thread and one connection each."""
    barrier = threading.Barrier(CONTENDERS)
    errors: list[Exception] = []

    def contend(user: User) -> None:
        try:
            mine = Session.objects.get(pk=session.pk)
            barrier.wait(timeout=30)
            signups.sign_up(session=mine, user=user)
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=contend, args=(user,)) for user in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def outcome(session: Session) -> dict[str, int]:
    rows = Signup.objects.filter(session=session)
    return {status: rows.filter(status=status).count() for status in ("signed_up", "waitlisted")}


def test_a_rush_for_the_last_seats_fills_them_exactly() -> None:
    need_postgres()
    session, contenders = arrange()

    errors = race(session, contenders)

    assert errors == []
    assert outcome(session) == {
        "signed_up": CAPACITY,
        "waitlisted": CONTENDERS - (CAPACITY - TAKEN),
    }


def read_without_lock(session_id: int) -> Session:
    return Session.objects.select_related("event__venue", "room__venue__city").get(pk=session_id)


def test_without_the_lock_the_same_rush_oversells(monkeypatch: pytest.MonkeyPatch) -> None:
    need_postgres()
    monkeypatch.setattr(signups, "lock_session", read_without_lock)

    # A race is a race: try a few times; in practice the first one oversells.
    for _ in range(UNLOCKED_TRIES):
        session, contenders = arrange()
        race(session, contenders)
        if outcome(session)["signed_up"] > CAPACITY:
            break

    assert outcome(session)["signed_up"] > CAPACITY
