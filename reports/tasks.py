"""Thin Celery adapters over reports.funder."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from reports import funder


@shared_task(bind=True, acks_late=True, max_retries=3)
def build_funder_report(self: Any, report_id: int) -> bool:
    try:
        return funder.build_funder_report(report_id)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            funder.fail_funder_report(report_id)
            raise
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error


@shared_task
def sweep_funder_reports() -> int:
    return funder.sweep_funder_reports()
