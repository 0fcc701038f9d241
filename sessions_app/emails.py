"""The mails of sessions, through the outbox: sign-up outcomes to one delegate, and a session's
move or cancellation to each of its attendees, fanned out in batches by a Celery task.
Each mail is idempotent by its key."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from accounts.languages import mail_language
from outbox.models import OutboundMail
from outbox.services import MailAttachment, render_mail
from sessions_app import ical
from sessions_app.models import NOTIFYING_KINDS, Session, SessionChange, Signup
from summit.jobs import enqueue

SIGNUP_MAILS = ("signed_up", "waitlisted", "promoted")
# The iTIP method each mail carries to a seated attendee; the others carry no calendar.
CALENDAR_METHODS: dict[str, ical.Method] = {
    "signed_up": "REQUEST",
    "promoted": "REQUEST",
    "moved": "REQUEST",
    "cancelled": "CANCEL",
    "withdrawn": "CANCEL",
}
CHANGE_MAIL_BATCH = 100
NOTIFY_SESSION_CHANGE = "sessions_app.tasks.notify_session_change"  # calls queue_change_mails


class CalendarParts(TypedDict, total=False):
    attachments: list[MailAttachment]
    alternatives: list[dict[str, str]]


def calendar_parts(
    signup: Signup, *, mail: str, seated: bool | None = None, language: str | None = None
) -> CalendarParts:
    """The calendar parts of a mail to one attendee (issue #5): the invite as a text/calendar
    alternative, for clients that act on it in place, and the same calendar as invite.ics, for
    those that only offer attachments.

    Only a seated attendee has the session in their calendar: the waiting list gets its mails
    without one. `seated` defaults to the sign-up's status; a withdrawal passes whether it held
    a seat. SEQUENCE is signup.calendar_sequence, so each mail outranks the one before.
    """
    method = CALENDAR_METHODS.get(mail)
    seated = signup.status == Signup.Status.SIGNED_UP if seated is None else seated
    if method is None or not seated:
        return {}
    calendar = ical.invite_calendar(
        signup,
        method=method,
        organizer=settings.SUMMIT_ORGANIZER_EMAIL,
        url=settings.SITE_URL + signup.session.get_absolute_url(),
        language=language,
    )
    ics = ical.to_ics(calendar)
    return {
        # Django adds charset="utf-8" to a text/* part itself; naming it here writes it twice.
        "alternatives": [{"content": ics, "mimetype": f"text/calendar; method={method}"}],
        "attachments": [{"filename": "invite.ics", "content": ics, "mimetype": "application/ics"}],
    }


def change_mail_key(change: SessionChange, signup: Signup) -> str:
    mail = mail_for_change(change)
    return f"session:{change.session_id}:rev:{change.revision}:user:{signup.user_id}:{mail}"


def mail_for_change(change: SessionChange) -> str:
    return "cancelled" if change.kind == SessionChange.Kind.CANCELLED else "moved"


def send_signup_mail(signup: Signup, mail: str) -> OutboundMail:
    """Tell a delegate they are signed up, waitlisted or promoted; once per sign-up row."""
    assert mail in SIGNUP_MAILS
    return _send(signup, mail, key=f"signup:{signup.pk}:{mail}", extra={})


def send_withdrawal_mail(signup: Signup, *, seated: bool) -> OutboundMail:
    """Confirm a withdrawal; for a seat given up, with the CANCEL that takes the session out
    of their calendar. Once per sign-up row (a row is withdrawn once)."""
    key = f"signup:{signup.pk}:withdrawn"
    return _send(signup, "withdrawn", key=key, extra={"seated": seated}, seated=seated)


def send_reminder_mail(signup: Signup, *, key: str) -> OutboundMail:
    """Remind a seated attendee that their session is coming up (see sessions_app.reminders).
    No calendar part: their calendar copy is already current."""
    return _send(signup, "reminder", key=key, extra={})


def send_change_mail(change: SessionChange, signup: Signup) -> OutboundMail:
    """Tell one attendee that their session moved or was cancelled; once per revision."""
    extra = {"change": change, "before": previous_state(change)}
    return _send(signup, mail_for_change(change), key=change_mail_key(change, signup), extra=extra)


def queue_change_mails(
    *, session_id: int, revision: int, after: int = 0, batch_size: int | None = None
) -> int | None:
    """Queue the change mails of one batch of attendees (signed up or waitlisted when the
    change was made), in its own short transaction. Returns the cursor for the next batch,
    or None when everyone has been told.

    A revision superseded by a newer one sends nothing: the newer one's run tells the same
    people the latest state. Safe to rerun: the outbox keys make each mail go out once.
    """
    batch_size = batch_size or CHANGE_MAIL_BATCH
    with transaction.atomic():
        session = Session.objects.select_related("event__venue", "room__venue__city").get(
            pk=session_id
        )
        if session.revision != revision:
            return None
        change = SessionChange.objects.get(
            session=session, revision=revision, kind__in=NOTIFYING_KINDS
        )
        batch = list(
            session.signups.active()
            .filter(pk__gt=after, created_at__lte=change.changed_at)
            .select_related("user")
            .order_by("pk")[:batch_size]
        )
        for signup in batch:
            signup.session = session
            send_change_mail(change, signup)
        if len(batch) == batch_size:
            return batch[-1].pk
        Session.objects.filter(pk=session_id, notified_revision__lt=revision).update(
            notified_revision=revision
        )
        return None


def sessions_owing_mails(
    *, older_than: dt.timedelta = dt.timedelta(minutes=5)
) -> list[tuple[int, int]]:
    """Public sessions whose latest change has not reached every attendee after a while:
    the fan-out was lost (a broker outage). (session id, revision) pairs for the sweep task."""
    rows = Session.objects.filter(
        published_at__isnull=False,
        notified_revision__lt=F("revision"),
        updated_at__lt=timezone.now() - older_than,
    )
    return list(rows.values_list("pk", "revision")[:1000])


def enqueue_change_mails(session_id: int, revision: int) -> None:
    """Start telling a change's attendees; if the broker is down, sweep_session_changes will."""
    enqueue(NOTIFY_SESSION_CHANGE, session_id, revision)


def _send(
    signup: Signup,
    mail: str,
    *,
    key: str,
    extra: dict[str, Any],
    seated: bool | None = None,
) -> OutboundMail:
    session = signup.session
    context: dict[str, object] = {
        "signup": signup,
        "session": session,
        "event": session.event,
        "room": session.room,
        "venue": session.room.venue,
        "name": str(signup.user),
        "event_url": settings.SITE_URL + session.event.get_absolute_url(),
        "session_url": settings.SITE_URL + session.get_absolute_url(),
        **extra,
    }
    language = mail_language(to=signup.user.email, preference=signup.user.language)
    with translation.override(language):  # the invite's description spells out dates too
        parts = calendar_parts(signup, mail=mail, seated=seated, language=language)
    return render_mail(
        f"session_{mail}", context, to=signup.user.email, key=key, language=language, **parts
    )


def previous_state(change: SessionChange) -> dict[str, object]:
    """Time and room before the change, for "was: …" lines; the session's own where unchanged."""
    session: Session = change.session
    before = change.before
    room = before.get("room")
    if not isinstance(room, dict):
        room = {"name": str(session.room), "time_zone": session.time_zone}
    return {
        "starts_at": _parse(before.get("starts_at")) or session.starts_at,
        "ends_at": _parse(before.get("ends_at")) or session.ends_at,
        "room": room["name"],
        "time_zone": room["time_zone"],
        "room_changed": "room" in before,
    }


def _parse(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
