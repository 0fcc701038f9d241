"""Interpretation of sessions (issue #18): the AIIC team size, and what a session offers.

AIIC's professional standards set the team for simultaneous interpretation by the length of
the working day: two interpreters per booth up to 4 hours, three up to 6, four up to 8.
Longer than 8 hours is no day for one team: `team_size` answers None and the organizer books a
second team (two bookings, or a split session).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from events.models import Event
from registrations.models import SignLanguage, spoken_languages
from sessions_app.models import InterpreterBooking, Session

HOUR = dt.timedelta(hours=1)
AIIC_TEAMS = ((4 * HOUR, 2), (6 * HOUR, 3), (8 * HOUR, 4))


def team_size(duration: dt.timedelta) -> int | None:
    """Interpreters a booth needs for a session this long; None past 8 hours."""
    for longest, team in AIIC_TEAMS:
        if duration <= longest:
            return team
    return None


def session_team_size(session: Session) -> int | None:
    return team_size(session.ends_at - session.starts_at)


def language_name(code: str) -> str:
    """A spoken language's name in the active language, or a sign language's."""
    if code in SignLanguage.values:
        return str(SignLanguage(code).label)
    return spoken_languages().get(code, code)


def bookings_by_session(event: Event) -> dict[int, list[InterpreterBooking]]:
    """Every booking of the event's sessions, by session id (one query)."""
    found: dict[int, list[InterpreterBooking]] = defaultdict(list)
    for booking in InterpreterBooking.objects.filter(session__event=event):
        found[booking.session_id].append(booking)
    return found


def offered(bookings: Iterable[InterpreterBooking]) -> set[str]:
    """The languages a session is interpreted into."""
    return {booking.target_language for booking in bookings}


def interpretation_names(session: Session) -> list[str]:
    """What the session is interpreted into, named in the active language (one query)."""
    targets = session.interpreter_bookings.values_list("target_language", flat=True)
    return sorted({language_name(code) for code in targets})


def add_interpretation(event: Event, sessions: dict[int, Any]) -> None:
    """Fill each listed session's `interpretation` with the codes booked for it (one query,
    for the public agenda)."""
    rows = InterpreterBooking.objects.filter(session__event=event).order_by("target_language")
    for session_id, code in rows.values_list("session_id", "target_language"):
        if session_id in sessions and code not in sessions[session_id].interpretation:
            sessions[session_id].interpretation.append(code)


def spoken_and_interpreted(spoken: list[str], interpreted: list[str], names: dict[str, str]) -> str:
    """The agenda's languages cell: "Danish, English · interpreted into Finnish"."""
    text = ", ".join(names.get(code, code) for code in spoken)
    if interpreted:
        into = ", ".join(language_name(code) for code in interpreted)
        text = " · ".join(
            filter(None, [text, _("interpreted into %(languages)s") % {"languages": into}])
        )
    return text


def understaffed(session: Session, bookings: Iterable[InterpreterBooking]) -> list[str]:
    """Warnings for bookings smaller than the AIIC team for the session's length."""
    needed = session_team_size(session)
    warnings = []
    for booking in bookings:
        if needed is None:
            warnings.append(
                _("%(pair)s: longer than 8 hours, book a second team.") % {"pair": pair(booking)}
            )
        elif booking.interpreters < needed:
            warnings.append(
                _("%(pair)s: %(booked)d booked, the AIIC team for this length is %(needed)d.")
                % {"pair": pair(booking), "booked": booking.interpreters, "needed": needed}
            )
    return warnings


def pair(booking: InterpreterBooking) -> str:
    return f"{language_name(booking.source_language)} → {language_name(booking.target_language)}"
