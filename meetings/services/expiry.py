"""Requests nobody answered in time: expired, their slots free again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from meetings.models import MeetingChange, MeetingRequest
from meetings.services import common
from registrations.models import Delegation

EXPIRY_BATCH = 200


def expire_for(delegations: Iterable[Delegation], *, now: dt.datetime) -> int:
    """Expire the delegations' overdue requests now, inside the caller's transaction (which
    holds their locks): a hold past its time must not refuse a new request while the beat
    task has yet to run."""
    ids = [d.pk for d in delegations]
    due = (
        MeetingRequest.objects.open()
        .filter(expires_at__lte=now)
        .filter(Q(requester_id__in=ids) | Q(recipient_id__in=ids))
        .select_for_update(of=("self",))  # not the joined event and cities: others lock those
    )
    count = 0
    for meeting in due.select_related("requester__city", "recipient__city", "event"):
        _expire(meeting)
        count += 1
    return count


def _expire(meeting: MeetingRequest) -> None:
    common.release(meeting)
    meeting.status = MeetingRequest.Status.EXPIRED
    meeting.save()
    change = common.record(meeting, MeetingChange.Kind.EXPIRED, by=None)
    common.tell(meeting, change, MeetingRequest.Side.REQUESTER, MeetingRequest.Side.RECIPIENT)


def expire_due_requests(*, now: dt.datetime | None = None) -> int:
    """Expire every overdue request (the beat task), one short transaction per request,
    each under its delegations' locks; returns how many expired."""
    now = now or timezone.now()
    due = list(
        MeetingRequest.objects.open()
        .filter(expires_at__lte=now)
        .values_list("pk", "requester_id", "recipient_id")[:EXPIRY_BATCH]
    )
    count = 0
    for pk, requester_id, recipient_id in due:
        with transaction.atomic():
            common.lock_delegations(Delegation(pk=requester_id), Delegation(pk=recipient_id))
            meeting = MeetingRequest.objects.select_for_update().get(pk=pk)
            if meeting.is_open and meeting.expires_at and meeting.expires_at <= now:
                _expire(meeting)
                count += 1
    return count
