"""The event's sign-ups and session waiting lists as rows for a spreadsheet (summit.xlsx):
one row per person and session, seats first, then the waiting list in its order."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from events.models import Event
from sessions_app.models import Session, Signup
from summit.xlsx import Sheet


def signups_sheet(event: Event) -> Sheet:
    signups = (
        Signup.objects.filter(session__event=event)
        .exclude(status=Signup.Status.WITHDRAWN)
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session__room", "user")
        .order_by("session__starts_at", "session_id", "status", "created_at", "pk")
    )
    rows = []
    places: dict[int, int] = defaultdict(int)
    for signup in signups:  # "signed_up" sorts before "waitlisted": seats first
        waiting = signup.status == Signup.Status.WAITLISTED
        if waiting:
            places[signup.session_id] += 1
        session, user = signup.session, signup.user
        rows.append(
            (
                session.title,
                session.starts_at,
                session.room.name if session.room else "",
                signup.get_status_display(),
                places[signup.session_id] if waiting else "",
                user.get_full_name(),
                user.email,
                signup.created_at,
            )
        )
    header = [
        _("Session"),
        _("Starts (UTC)"),
        _("Room"),
        _("Status"),
        _("Place on the waiting list"),
        _("Name"),
        _("Email"),
        _("Signed up at (UTC)"),
    ]
    return Sheet(_("Sign-ups"), header, rows)
