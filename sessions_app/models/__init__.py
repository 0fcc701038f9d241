"""Workshop sessions of an event: the agenda, its changelog, and the delegates' sign-ups.

Times are aware datetimes stored in UTC; a session's zone is its room's venue's. Every change
to a session goes through sessions_app.services, which keeps `revision` (the calendar SEQUENCE)
and the changelog right; seats are counted and claimed there, under the session's row lock.

One module per concern; every model is imported from here (`from sessions_app.models import
Session`), as Django and the migrations expect.
"""

from sessions_app.models.agenda import AgendaPublication, SessionPolicy, Theme
from sessions_app.models.changes import NOTIFYING_KINDS, SessionChange
from sessions_app.models.interpretation import InterpreterBooking
from sessions_app.models.session import (
    Session,
    SessionPerson,
    SessionQuerySet,
    new_session_uid,
    session_uuid,
    validate_offices,
    validate_session_languages,
)
from sessions_app.models.signups import (
    ACTIVE_SIGNUP_STATUSES,
    CalendarFeedToken,
    Signup,
    SignupQuerySet,
)

__all__ = [
    "ACTIVE_SIGNUP_STATUSES",
    "NOTIFYING_KINDS",
    "AgendaPublication",
    "CalendarFeedToken",
    "InterpreterBooking",
    "Session",
    "SessionChange",
    "SessionPerson",
    "SessionPolicy",
    "SessionQuerySet",
    "Signup",
    "SignupQuerySet",
    "Theme",
    "new_session_uid",
    "session_uuid",
    "validate_offices",
    "validate_session_languages",
]
