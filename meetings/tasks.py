"""Thin Celery adapters over meetings.invites and meetings.services."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import OperationalError

from meetings import invites, services


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
)
def send_meeting_invites(self: Task, meeting_id: int) -> int:
    return invites.send_invites(meeting_id)


@shared_task
def sweep_meeting_invites() -> int:
    """Queue the invites a broker outage lost (meetings.invites.meetings_owing_invites)."""
    owing = invites.meetings_owing_invites()
    for meeting_id in owing:
        send_meeting_invites.delay(meeting_id)
    return len(owing)


@shared_task
def expire_meeting_requests() -> int:
    """Expire the requests nobody answered in time. Meant for beat, every few minutes."""
    return services.expire_due_requests()
