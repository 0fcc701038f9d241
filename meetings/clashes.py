"""Accepted meetings that clash with a session a participant is in: the builder's warning
before publishing (sessions_app.builder_warnings, registered in MeetingsConfig.ready()).

A meeting is checked against the agenda when it is booked (meetings.conflicts); a session
moved later onto its slot is not, so the organizer is told here before the move goes public.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from events.models import Event
from meetings.models import MeetingParticipant, MeetingRequest
from sessions_app.models import Session, SessionPerson, Signup


def session_clashes(event: Event, sessions: list[Session]) -> list[tuple[Session, str]]:
    """(session, text) for each person in a session (a seat, or billed on it) who is also in
    an accepted meeting overlapping it; cancelled sessions do not count (one query when no
    meeting is accepted, three otherwise)."""
    live = {s.pk: s for s in sessions if not s.is_cancelled}
    meetings = defaultdict(list)
    names = {}
    rows = MeetingParticipant.objects.filter(
        meeting__event=event,
        meeting__status=MeetingRequest.Status.ACCEPTED,
        meeting__slot__isnull=False,
    ).values_list(
        "registration__user_id",
        "registration__badge_name",
        "meeting__slot__starts_at",
        "meeting__slot__ends_at",
        "meeting__requester__city__name",
        "meeting__recipient__city__name",
    )
    for user_id, name, starts_at, ends_at, requester, recipient in rows:
        meetings[user_id].append((starts_at, ends_at, requester, recipient))
        names[user_id] = name
    if not meetings or not live:
        return []
    seats = Signup.objects.filter(
        session_id__in=live, user_id__in=meetings, status=Signup.Status.SIGNED_UP
    ).values_list("session_id", "user_id")
    roles = SessionPerson.objects.filter(session_id__in=live, user_id__in=meetings).values_list(
        "session_id", "user_id"
    )
    warnings = []
    for session_id, user_id in sorted({*seats, *roles}):
        session = live[session_id]
        for starts_at, ends_at, requester, recipient in meetings[user_id]:
            if starts_at < session.ends_at and session.starts_at < ends_at:
                text = _(
                    "%(name)s is in this session and in the bilateral meeting of %(requester)s "
                    "and %(recipient)s at the same time."
                ) % {"name": names[user_id], "requester": requester, "recipient": recipient}
                warnings.append((session, text))
    return warnings
