"""Reminders: one mail to each seated attendee before each of their sessions (issue #5, point 6).

A beat task scans the database every few minutes (tasks.send_session_reminders) rather than
scheduling one far-ahead ETA task per sign-up: with Redis such a task is delivered again after
the visibility timeout, and a moved or cancelled session would leave it stale.

"Never twice" is structural: the outbox key is per attendee and session, so a rerun, an
overlapping run or a redelivered task finds the existing row and sends nothing. The scan skips
the attendees whose key exists, so each run moves on to the next batch.

Decisions:
- A session moved after its reminder went out gets no second reminder: the move mail
  (METHOD:REQUEST with the new time) already told them, and the calendar entry updated.
- Signing up again after a withdrawal is still the same attendee of the same session: no
  second reminder either (the new sign-up mail carries the session's time).
- Whoever is seated inside the window is reminded, even if they signed up minutes ago: one
  rule that is easy to explain beats saving the odd redundant mail.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from outbox.models import OutboundMail
from sessions_app.emails import send_reminder_mail
from sessions_app.models import Session, SessionPolicy, Signup

# Mails queued by one run: about 0.3 s on PostgreSQL (measured), far from any time limit.
REMINDER_BATCH = 200


def reminder_key(*, session_id: int, user_id: int) -> str:
    return f"reminder:session:{session_id}:user:{user_id}"


def due_reminders(*, now: dt.datetime, limit: int) -> list[Signup]:
    """Seated sign-ups of published sessions that start after `now` and within their event's
    reminder_before, whose attendee has no reminder yet; soonest sessions first. One query.

    Inside a transaction on PostgreSQL the rows are locked (FOR UPDATE SKIP LOCKED): a
    withdrawal waits until their reminder is queued and then sends its CANCEL after it, and
    two overlapping runs share the work instead of waiting on each other.
    """
    default = SessionPolicy._meta.get_field("reminder_before").get_default()
    remind_from = ExpressionWrapper(
        F("session__starts_at")
        - Coalesce(F("session__event__session_policy__reminder_before"), Value(default)),
        output_field=DateTimeField(),
    )
    # reminder_key, built in SQL: an equality on the outbox's unique key, so an index lookup.
    reminded = OutboundMail.objects.filter(
        idempotency_key=Concat(
            Value("reminder:session:"),
            Cast(OuterRef("session_id"), CharField()),
            Value(":user:"),
            Cast(OuterRef("user_id"), CharField()),
            output_field=CharField(),
        )
    )
    due = (
        Signup.objects.seated()
        .filter(
            LessThanOrEqual(remind_from, Value(now)),
            session__status=Session.Status.PUBLISHED,
            session__starts_at__gt=now,
        )
        .exclude(Exists(reminded))
        .select_related("user", "session__event", "session__room__venue__city")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("session__starts_at", "pk")
    )
    return list(due[:limit])


def send_due_reminders(*, now: dt.datetime | None = None, limit: int | None = None) -> int:
    """Queue the reminders that are due, at most `limit` (REMINDER_BATCH) in one transaction;
    returns how many. The outbox delivers them after commit. Safe to run at any time, as often
    as you like: each attendee of a session is reminded once."""
    now = now or timezone.now()
    with transaction.atomic():
        due = due_reminders(now=now, limit=limit or REMINDER_BATCH)
        for signup in due:
            send_reminder_mail(
                signup, key=reminder_key(session_id=signup.session_id, user_id=signup.user_id)
            )
    return len(due)
