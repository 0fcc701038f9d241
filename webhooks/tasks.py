"""Thin Celery adapters over webhooks.services."""

from __future__ import annotations

from celery import Task, shared_task

from webhooks import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self: Task, delivery_id: int) -> None:
    delay = services.deliver(delivery_id)
    if delay is not None:
        raise self.retry(countdown=delay.total_seconds())


@shared_task
def sweep_webhooks() -> int:
    return services.sweep()


@shared_task
def purge_webhook_deliveries() -> dict[str, int]:
    return services.purge_deliveries()
