"""Thin Celery adapters over checkin.sheets."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from checkin import sheets


@shared_task(acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=5)
def build_badge_sheet(sheet_id: int) -> bool:
    try:
        return sheets.build(sheet_id)
    except DatabaseError:
        raise  # transient: retried
    except Exception as error:  # the same on every try: say so on the page
        sheets.fail_sheet(sheet_id=sheet_id, reason=f"{type(error).__name__}: {error}")
        raise


@shared_task
def sweep_badge_sheets() -> int:
    return sheets.sweep()
