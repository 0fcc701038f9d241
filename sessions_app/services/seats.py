"""Seats at a session: the row lock every claim takes, the waiting list's promotion, and the
refusal every session service raises."""

from __future__ import annotations

from django.utils import timezone

from sessions_app.emails import send_signup_mail
from sessions_app.models import (
    Session,
    Signup,
)


class SessionError(Exception):
    """A refusal to show to the person, with a stable code for views and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def lock_session(session_id: int) -> Session:
    """Lock the session's row until the transaction ends, and return it as committed now.

    Why: counting the seated sign-ups and inserting one more are two statements, so two
    transactions could both count 4 of 5 seats and both take the fifth. With the row lock each
    claim waits for the previous one to commit, and at READ COMMITTED the count after the lock
    sees that commit. Other sessions are not held up (of=self: not the room or the event).
    A capacity is no constraint the database could check for us. SQLite ignores FOR UPDATE
    but runs one writing transaction at a time anyway.

    The concurrency test replaces this function with a plain read, to show it keeps the limit.
    """
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("event__venue", "room__venue__city")
        .get(pk=session_id)
    )


def promote_waitlist(session: Session) -> list[Signup]:
    """Seat the waiting list, first come first served, while seats are free, and mail each
    person promoted. Needs the session lock (lock_session). Nobody is promoted into a cancelled
    or already started session. Called when a change here (room, capacity) or a withdrawal
    (sessions_app.signups) frees seats."""
    if session.status != Session.Status.PUBLISHED or session.starts_at <= timezone.now():
        return []
    free = session.effective_capacity - session.signups.seated().count()
    if free <= 0:
        return []
    promoted = list(session.signups.waitlist().select_related("user")[:free])
    for signup in promoted:
        signup.status = Signup.Status.SIGNED_UP
        signup.save(update_fields=["status", "updated_at"])
        signup.session = session
        send_signup_mail(signup, "promoted")
    return promoted
