"""Every participant's calendar invite for a meeting's current SEQUENCE (the Celery task's
work), and the sweep that finds meetings whose invites a broker outage lost."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from meetings import emails
from meetings.models import MeetingRequest

INVITE_STATUSES = (MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.CANCELLED)


@transaction.atomic
def send_invites(meeting_id: int) -> int:
    """Queue one invite (REQUEST) or cancellation (CANCEL) per participant for the meeting's
    SEQUENCE, then note that SEQUENCE as sent. Safe to rerun: the outbox keys make each mail
    go out once, and a sequence already noted as sent is not sent again. Returns how many
    participants it wrote to."""
    meeting = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("event__venue", "requester__city", "recipient__city", "slot", "room")
        .get(pk=meeting_id)
    )
    if meeting.status not in INVITE_STATUSES or meeting.slot is None:
        return 0
    if meeting.invited_sequence >= meeting.sequence:
        return 0  # every participant has this sequence's invite already
    people = [
        p.registration.user for p in meeting.participants.select_related("registration__user")
    ]
    for user in people:
        emails.send_invite(meeting, user)
    MeetingRequest.objects.filter(pk=meeting.pk, invited_sequence__lt=meeting.sequence).update(
        invited_sequence=meeting.sequence
    )
    return len(people)


def meetings_owing_invites(*, older_than: dt.timedelta = dt.timedelta(minutes=5)) -> list[int]:
    rows = MeetingRequest.objects.filter(
        status__in=INVITE_STATUSES,
        slot__isnull=False,
        invited_sequence__lt=F("sequence"),
        updated_at__lt=timezone.now() - older_than,
    )
    return list(rows.values_list("pk", flat=True)[:1000])
