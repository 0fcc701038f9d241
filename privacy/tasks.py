"""Thin Celery adapters over privacy.erasure, privacy.data_export and privacy.retention."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from privacy import data_export, erasure, retention


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=10, max_retries=None)
def erase_person(user_id: int) -> bool:
    return erasure.erase(user_id)


@shared_task
def sweep_erasures() -> int:
    return erasure.sweep()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=10, max_retries=None)
def build_data_export(export_id: int) -> bool:
    return data_export.build(export_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def purge_retention() -> dict[str, int]:
    return retention.purge_due()
