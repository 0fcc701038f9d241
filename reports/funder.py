"""The funder report: asked for on the event's report page, built by a Celery task sheet by
sheet (the page shows how far it got), downloaded by organizers until it expires
(FUNDER_REPORT_HOURS), then deleted by the sweep.

Asking again while one is being built is the same report: a partial unique index allows one
building report per event. The build is no single transaction on purpose: each sheet's progress
is committed at once, so that the page (another connection) sees it.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event
from reports.funder_data import SHEETS, read_facts
from reports.models import FunderReport
from summit.jobs import enqueue
from summit.xlsx import workbook

BUILD = "reports.tasks.build_funder_report"
STALE = dt.timedelta(minutes=15)  # a build this old without finishing was lost with its worker
Building = FunderReport.Status.BUILDING


def request_funder_report(*, event: Event, by: User) -> FunderReport:
    """Ask for a new report; while one is being built, that one is the answer."""
    building = FunderReport.objects.filter(event=event, status=Building).first()
    if building is not None:
        return building
    try:
        with transaction.atomic():
            report = FunderReport.objects.create(event=event, requested_by=by)
            transaction.on_commit(partial(enqueue, BUILD, report.pk), robust=True)
    except IntegrityError:  # a second click at the same moment: the first one's report
        return FunderReport.objects.get(event=event, status=Building)
    return report


def build_funder_report(report_id: int) -> bool:
    """Build a requested report; False when another worker has it or nothing is to be built."""
    now = timezone.now()
    claimed = FunderReport.objects.filter(pk=report_id, status=Building).filter(
        started_at__isnull=True
    ).update(started_at=now) or FunderReport.objects.filter(
        pk=report_id, status=Building, started_at__lt=now - STALE
    ).update(started_at=now)
    if not claimed:
        return False
    report = FunderReport.objects.select_related("event__network", "requested_by").get(pk=report_id)
    language = report.requested_by.language if report.requested_by else settings.LANGUAGE_CODE
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            content = _build(report)
    except Exception:
        # Let go of it, so that the task's retry can claim it again.
        FunderReport.objects.filter(pk=report_id).update(started_at=None)
        raise
    _finish(report_id, content)
    return True


def fail_funder_report(report_id: int) -> None:
    """The build failed for good (its retries spent): the page says so and offers another."""
    FunderReport.objects.filter(pk=report_id, status=Building).update(
        status=FunderReport.Status.FAILED, step=""
    )


def _build(report: FunderReport) -> bytes:
    _progress(report.pk, 5, _("Reading the registrations"))
    facts = read_facts(report.event)
    sheets = []
    for n, make in enumerate(SHEETS, start=1):
        sheet = make(facts)
        sheets.append(sheet)
        _progress(report.pk, 10 + 80 * n // len(SHEETS), sheet.title)
    _progress(report.pk, 95, _("Writing the workbook"))
    return workbook(sheets)


def _progress(report_id: int, percent: int, step: str) -> None:
    FunderReport.objects.filter(pk=report_id).update(progress=percent, step=step[:100])


@transaction.atomic
def _finish(report_id: int, content: bytes) -> None:
    now = timezone.now()
    FunderReport.objects.filter(pk=report_id).update(
        content=content,
        size=len(content),
        status=FunderReport.Status.READY,
        progress=100,
        step="",
        ready_at=now,
        expires_at=now + dt.timedelta(hours=settings.FUNDER_REPORT_HOURS),
    )


def sweep_funder_reports() -> int:
    """Delete expired reports and failed ones a day old; queue again a build that was lost (its
    broker message gone before a worker started it). Returns how many were deleted."""
    now = timezone.now()
    deleted, _rows = FunderReport.objects.filter(expires_at__lt=now).delete()
    failed, _rows = FunderReport.objects.filter(
        status=FunderReport.Status.FAILED, requested_at__lt=now - dt.timedelta(days=1)
    ).delete()
    lost = FunderReport.objects.filter(status=Building, requested_at__lt=now - STALE).filter(
        started_at__isnull=True
    ) | FunderReport.objects.filter(status=Building, started_at__lt=now - STALE)
    for pk in lost.values_list("pk", flat=True):
        enqueue(BUILD, pk)
    return deleted + failed
