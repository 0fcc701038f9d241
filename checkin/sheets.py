"""The badge sheet of a whole event (800 badges take seconds to draw): built by a Celery task,
its progress shown on the organizers' page, downloadable until it expires.

request_sheet() is idempotent while a sheet is being built: asked twice (a double click, two
organizers at once) it returns the one being built, and the partial unique constraint on
BadgeSheet makes a race end the same way. build() draws the sheet outside a transaction, so
the page can read its progress meanwhile, and stores it only if it is still the one being
built. A ready sheet is "out of date" once a badge was issued or revoked after it started, or
the number of approved delegates changed; it is deleted when it expires (sweep()).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from checkin import badges, pdf
from checkin.models import Badge, BadgeSheet
from events.models import Event
from registrations.models import Registration
from summit.jobs import enqueue

logger = logging.getLogger(__name__)

BUILD = "checkin.tasks.build_badge_sheet"
PROGRESS_EVERY = 0.5  # seconds between two progress writes
Status = BadgeSheet.Status


def request_sheet(*, event: Event, by: Any) -> BadgeSheet:
    """Ask for the event's badge sheet; while one is being built, that one is the answer."""
    building = BadgeSheet.objects.filter(event=event, status=Status.BUILDING).first()
    if building is not None:
        return building
    try:
        with transaction.atomic():
            sheet = BadgeSheet.objects.create(event=event, requested_by=by)
            transaction.on_commit(partial(enqueue, BUILD, sheet.pk), robust=True)
    except IntegrityError:  # asked at the same moment by someone else: theirs
        return BadgeSheet.objects.get(event=event, status=Status.BUILDING)
    return sheet


def build(sheet_id: int) -> bool:
    """Draw a sheet that is being built and store it; False when there is none to build
    (built already, expired and deleted). A second run (a redelivered task) draws it again."""
    sheet = BadgeSheet.objects.select_related("event").filter(pk=sheet_id).first()
    if sheet is None or sheet.status != Status.BUILDING:
        return False
    event = sheet.event
    cards = badges.cards_for(event, badges.approved_registrations(event))  # issues missing ones
    started = timezone.now()  # what changes after this, the sheet does not show
    ours = BadgeSheet.objects.filter(pk=sheet.pk, status=Status.BUILDING)
    ours.update(total=len(cards), done=0, started_at=started)
    content = pdf.badge_sheets(cards, title=event.name, progress=_progress_writer(ours))
    ready = timezone.now()
    stored = ours.update(
        status=Status.READY,
        done=len(cards),
        content=content,
        size=len(content),
        ready_at=ready,
        expires_at=ready + dt.timedelta(hours=settings.BADGE_SHEET_HOURS),
    )
    logger.info("Badge sheet %s: %s badges in %.1f s", sheet.pk, len(cards), _secs(started))
    return bool(stored)


def _progress_writer(ours: Any) -> Any:
    last = [0.0]

    def write(done: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            ours.update(done=done)

    return write


def _secs(since: dt.datetime) -> float:
    return (timezone.now() - since).total_seconds()


def current_sheet(event: Event) -> BadgeSheet | None:
    """The event's newest sheet that has not expired (being built, ready or failed)."""
    rows = BadgeSheet.objects.filter(event=event).defer("content")
    rows = rows.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
    return rows.first()


def is_out_of_date(sheet: BadgeSheet) -> bool:
    """A ready sheet that no longer shows the event's badges: one was issued or revoked after
    it started, or the number of approved delegates is not what it drew."""
    if sheet.status != Status.READY or sheet.started_at is None:
        return False
    event_badges = Badge.objects.filter(registration__event_id=sheet.event_id)
    changed = event_badges.filter(
        Q(issued_at__gte=sheet.started_at) | Q(revoked_at__gte=sheet.started_at)
    ).exists()
    approved = Registration.objects.filter(
        event_id=sheet.event_id, status=Registration.Status.APPROVED
    ).count()
    return changed or approved != sheet.total


@transaction.atomic
def fail_sheet(*, sheet_id: int, reason: str) -> None:
    BadgeSheet.objects.filter(pk=sheet_id, status=Status.BUILDING).update(
        status=Status.FAILED, expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    logger.error("Badge sheet %s failed: %s", sheet_id, reason)


def sweep(now: dt.datetime | None = None) -> int:
    """Delete expired sheets; a sheet still "being built" an hour after it was asked for lost
    its worker and is marked failed (asking again builds a new one). Returns rows changed."""
    now = now or timezone.now()
    deleted, _ = BadgeSheet.objects.filter(expires_at__lte=now).delete()
    lost = BadgeSheet.objects.filter(
        status=Status.BUILDING, requested_at__lt=now - dt.timedelta(hours=1)
    ).update(status=Status.FAILED, expires_at=now + dt.timedelta(hours=1))
    return deleted + lost
