"""Writes to sessions: create, change, publish, and tell the attendees. Signing up and
withdrawing are in sessions_app.signups, which builds on this module (the lock, the refusals,
the waiting list's promotion).

Every change to a session goes through update_session (move_session and cancel_session are
named forms of it). It writes one SessionChange per call and bumps `revision` (the calendar
SEQUENCE) when attendees must be told: a new time, a new room, a cancellation. For a public
session the attendees are then told by a Celery task, in batches, after commit.

Seats: a service that claims or frees a seat locks the session row first (lock_session) and
counts only then, so no session is ever over capacity. Refusals raise SessionError.

The agenda: every service that changes a session's time, room, status, people or interpreters,
or publishes, first locks the event's agenda (lock_agenda), so the builder, the admin and the
API take turns on one event and a conflict check after a write sees every earlier write
committed.

One module per concern; every service is imported from here (`from sessions_app.services
import move_session`).
"""

from sessions_app.services.agenda_lock import lock_agenda
from sessions_app.services.editing import (
    KEYS,
    SessionChanges,
    SessionDetails,
    cancel_session,
    create_session,
    duplicate_session,
    move_session,
    update_session,
)
from sessions_app.services.interpretation import book_interpreters, remove_booking
from sessions_app.services.people import Billing, add_session_person
from sessions_app.services.publishing import publish_event_agenda
from sessions_app.services.seats import SessionError, lock_session, promote_waitlist

__all__ = [
    "KEYS",
    "Billing",
    "SessionChanges",
    "SessionDetails",
    "SessionError",
    "add_session_person",
    "book_interpreters",
    "cancel_session",
    "create_session",
    "duplicate_session",
    "lock_agenda",
    "lock_session",
    "move_session",
    "promote_waitlist",
    "publish_event_agenda",
    "remove_booking",
    "update_session",
]
