"""Thin Celery adapters over outbox.services."""

from __future__ import annotations

from celery import Task, shared_task

from outbox import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_mail(self: Task, mail_id: int) -> None:
    delay = services.deliver_mail(mail_id)
    if delay is not None:
        raise self.retry(countdown=delay.total_seconds())


@shared_task
def sweep_outbox() -> int:
    return services.sweep_outbox()
