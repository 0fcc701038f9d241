"""An acceptance committed here, the invites written by a real Celery worker on the real
Redis, the outbox delivering over SMTP to a real sink; each invite parsed with icalendar."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from meetings import services
from meetings.models import MeetingRequest, MeetingSlot
from tests.conftest import SinkHandler
from tests.meetings.conftest import Side
from tests.outbox.support import celery_publishing_to, wait_until
from tests.services import need_postgres, need_redis

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def calendar_of(message: Any) -> Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def test_an_accepted_meeting_reaches_every_participant_through_the_real_worker(
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    tables: list[Any],
    celery_worker: Any,
    smtp_sink: SinkHandler,
) -> None:
    need_postgres()
    meeting = services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=oslo.coordinator,
        topic="Safe night-time streets",
        slots=slots[:2],
        participants=[oslo.lead, oslo.member],
    )
    participants = {oslo.lead.user.email, oslo.member.user.email, turku.lead.user.email}
    with celery_publishing_to(need_redis()):
        services.accept_meeting(
            meeting=meeting,
            delegation=turku.delegation,
            by=turku.coordinator,
            slot=slots[1],
            participants=[turku.lead],
        )
        invited = MeetingRequest.objects.filter(pk=meeting.pk, invited_sequence=0)
        wait_until(invited.exists, timeout=30, what="the worker to write the invites")
        wait_until(
            lambda: len([m for m in smtp_sink.messages if "Invitation" in m["Subject"]]) >= 3,
            timeout=30,
            what="three invites at the sink",
        )
    invites = [m for m in smtp_sink.messages if "Invitation" in m["Subject"]]
    assert {m["To"] for m in invites} == participants
    for message in invites:
        calendar = calendar_of(message)
        assert calendar["METHOD"] == "REQUEST"
        [entry] = calendar.walk("VEVENT")
        assert str(entry["UID"]) == meeting.uid
        assert entry["SEQUENCE"] == 0
        assert entry.decoded("DTSTART") == slots[1].starts_at
        assert entry.decoded("DTEND") == slots[1].ends_at
        assert f"mailto:{message['To']}" in str(entry["ATTENDEE"])
        assert str(entry["LOCATION"]).startswith("Table 1, Copenhagen City Hall")


def test_the_beat_tasks_run_on_the_real_worker(
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    tables: list[Any],
    celery_worker: Any,
    smtp_sink: SinkHandler,
) -> None:
    """expire_meeting_requests and sweep_meeting_invites, as beat queues them."""
    import datetime as dt

    from django.utils import timezone

    from meetings import tasks

    need_postgres()
    overdue = services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=None,
        topic="Too late",
        slots=slots[:1],
        participants=[oslo.lead],
        now=timezone.now() - dt.timedelta(days=5),
    )
    lost = services.request_meeting(
        requester=turku.delegation,
        recipient=oslo.delegation,
        by=None,
        topic="Lost invites",
        slots=slots[2:3],
        participants=[turku.lead],
    )
    # Accepted while the broker was away: its invites are owed.
    services.accept_meeting(
        meeting=lost, delegation=oslo.delegation, by=None, slot=slots[2], participants=[oslo.member]
    )
    MeetingRequest.objects.filter(pk=lost.pk).update(
        invited_sequence=-1, updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    with celery_publishing_to(need_redis()):
        tasks.expire_meeting_requests.delay()
        tasks.sweep_meeting_invites.delay()
        expired = MeetingRequest.objects.filter(pk=overdue.pk, status="expired")
        wait_until(expired.exists, timeout=30, what="the worker to expire the request")
        invited = MeetingRequest.objects.filter(pk=lost.pk, invited_sequence=0)
        wait_until(invited.exists, timeout=30, what="the swept invites")
        wait_until(
            lambda: len([m for m in smtp_sink.messages if "Invitation" in m["Subject"]]) >= 2,
            timeout=30,
            what="two invites at the sink",
        )
    assert MeetingRequest.objects.get(pk=overdue.pk).changes.last().kind == "expired"  # type: ignore[union-attr]
    invites = {m["To"] for m in smtp_sink.messages if "Invitation" in m["Subject"]}
    assert invites == {turku.lead.user.email, oslo.member.user.email}
