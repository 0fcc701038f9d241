"""Thin Celery adapters over privacy.erasure and privacy.data_export."""

from __future__ import annotations

from celery import shared_task

from privacy import data_export, erasure


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=10, max_retries=None)
def erase_person(user_id: int) -> bool:
    return erasure.erase(user_id)


@shared_task
def sweep_erasures() -> int:
    return erasure.sweep()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=10, max_retries=None)
def build_data_export(export_id: int) -> bool:
    return data_export.build(export_id)
