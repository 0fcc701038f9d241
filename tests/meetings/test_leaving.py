"""A delegate whose registration ends leaves their meetings: a CANCEL for their copy, an
update for the others; a side left with nobody calls the meeting off."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from meetings import services
from meetings.models import MeetingRequest, MeetingSlot
from outbox.models import OutboundMail
from registrations.services import cancel_registration
from tests.meetings.conftest import Side

pytestmark = pytest.mark.django_db


def calendars_to(email: str) -> list[tuple[str, int]]:
    found = []
    for mail in OutboundMail.objects.filter(to=email, idempotency_key__contains=":seq:").order_by(
        "pk"
    ):
        [part] = [a for a in mail.alternatives if a["mimetype"].startswith("text/calendar")]
        calendar = Calendar.from_ical(part["content"])
        found.append((str(calendar["METHOD"]), int(str(calendar.walk("VEVENT")[0]["SEQUENCE"]))))
    return found


def test_a_cancelled_registration_leaves_an_agreed_meeting(
    request_: MeetingRequest,
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_meeting(
            meeting=request_,
            delegation=turku.delegation,
            by=None,
            slot=slots[0],
            participants=[turku.lead, turku.member],
        )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=turku.member, by=turku.member.user)
    request_.refresh_from_db()
    assert request_.status == "accepted"
    assert not request_.participants.filter(registration=turku.member).exists()
    assert calendars_to(turku.member.user.email) == [("REQUEST", 0), ("CANCEL", 1)]
    assert calendars_to(turku.lead.user.email) == [("REQUEST", 0), ("REQUEST", 1)]
    assert request_.changes.last().kind == "left"  # type: ignore[union-attr]


def test_the_last_of_a_side_leaving_calls_the_meeting_off(
    request_: MeetingRequest,
    oslo: Side,
    slots: list[MeetingSlot],
) -> None:
    cancel_registration(registration=oslo.lead, by=None)
    request_.refresh_from_db()
    assert request_.status == "cancelled"
    assert "Ola Coordinator no longer takes part." in request_.changes.last().note  # type: ignore[union-attr]
