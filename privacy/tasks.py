"""Thin Celery adapters over privacy.erasure."""

from __future__ import annotations

from celery import shared_task

from privacy import erasure


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=10, max_retries=None)
def erase_person(user_id: int) -> bool:
    return erasure.erase(user_id)


@shared_task
def sweep_erasures() -> int:
    return erasure.sweep()
