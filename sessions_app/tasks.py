"""Thin Celery adapters over sessions_app.emails."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import OperationalError

from sessions_app import emails, reminders


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_session_change(self: Task, session_id: int, revision: int, after: int = 0) -> None:
    """Tell one batch of a session's attendees about a change, then queue the next batch as a
    task of its own: however many attendees, no task runs long."""
    cursor = emails.queue_change_mails(session_id=session_id, revision=revision, after=after)
    if cursor is not None:
        notify_session_change.delay(session_id, revision, cursor)


@shared_task
def sweep_session_changes() -> int:
    """Restart the fan-out of changes whose attendees were not all told (see
    emails.sessions_owing_mails). Meant for beat, every few minutes."""
    owing = emails.sessions_owing_mails()
    for session_id, revision in owing:
        notify_session_change.delay(session_id, revision)
    return len(owing)


@shared_task
def send_session_reminders() -> int:
    """Queue the reminders that are due (see sessions_app.reminders). Meant for beat, every few
    minutes; a full batch queues the next run at once, so a backlog drains in short tasks."""
    sent = reminders.send_due_reminders()
    if sent == reminders.REMINDER_BATCH:
        send_session_reminders.delay()
    return sent
