"""Accepted meetings reach every participant as calendar invites (Celery run eagerly here;
test_invites_worker.py runs the real worker): REQUEST with a stable UID, SEQUENCE bumped on a
move, CANCEL on cancellation, in each participant's language."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from meetings import invites, services, tasks
from meetings.models import MeetingRequest, MeetingSlot
from outbox.models import OutboundMail
from tests.meetings.conftest import Side

pytestmark = pytest.mark.django_db


def invites_to(email: str) -> list[Any]:
    """Each invite mail's calendar, parsed, oldest first."""
    rows = OutboundMail.objects.filter(to=email, idempotency_key__contains=":seq:").order_by("pk")
    found = []
    for mail in rows:
        [part] = [a for a in mail.alternatives if a["mimetype"].startswith("text/calendar")]
        found.append((mail, Calendar.from_ical(part["content"])))
    return found


def accept(
    request_: MeetingRequest, turku: Side, slot: MeetingSlot, capture: Any
) -> MeetingRequest:
    with capture(execute=True):
        return services.accept_meeting(
            meeting=request_,
            delegation=turku.delegation,
            by=None,
            slot=slot,
            participants=[turku.lead, turku.member],
        )


def test_every_participant_of_both_sides_gets_a_request(
    request_: MeetingRequest,
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = accept(request_, turku, slots[0], django_capture_on_commit_callbacks)
    for person in (oslo.lead, turku.lead, turku.member):
        [(mail, calendar)] = invites_to(person.user.email)
        assert calendar["METHOD"] == "REQUEST"
        [entry] = calendar.walk("VEVENT")
        assert str(entry["UID"]) == meeting.uid
        assert entry["SEQUENCE"] == 0
        assert entry.decoded("DTSTART") == slots[0].starts_at
        assert person.user.email in str(entry["ATTENDEE"])
        assert "Safe night-time streets" in str(entry["SUMMARY"])
    assert oslo.member.user.email not in {
        m.to for m in OutboundMail.objects.filter(idempotency_key__contains=":seq:")
    }
    meeting.refresh_from_db()
    assert meeting.invited_sequence == 0


def test_a_move_sends_a_higher_sequence_and_a_cancellation_a_cancel(
    request_: MeetingRequest,
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    django_capture_on_commit_callbacks: Any,
) -> None:
    meeting = accept(request_, turku, slots[0], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(meeting=meeting, by=None, slot=slots[2])
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, delegation=oslo.delegation, by=None)
    sent = invites_to(turku.member.user.email)
    methods = [(str(c["METHOD"]), c.walk("VEVENT")[0]["SEQUENCE"]) for _m, c in sent]
    assert methods == [("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)]
    uids = {str(c.walk("VEVENT")[0]["UID"]) for _m, c in sent}
    assert uids == {meeting.uid}
    moved = sent[1][1].walk("VEVENT")[0]
    assert moved.decoded("DTSTART") == slots[2].starts_at
    assert sent[2][1].walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_the_invite_is_in_the_participants_language(
    request_: MeetingRequest,
    turku: Side,
    slots: list[MeetingSlot],
    django_capture_on_commit_callbacks: Any,
) -> None:
    user = turku.member.user
    user.language = "fi"
    user.save()
    accept(request_, turku, slots[0], django_capture_on_commit_callbacks)
    [(mail, _calendar)] = invites_to(user.email)
    english = invites_to(turku.lead.user.email)[0][0]
    assert mail.subject != english.subject
    assert english.subject == "Invitation: meeting on Safe night-time streets"
    assert "Safe night-time streets" in mail.subject


def test_invites_are_sent_once_per_sequence_and_the_sweep_finds_lost_ones(
    request_: MeetingRequest,
    turku: Side,
    slots: list[MeetingSlot],
) -> None:
    # Accepted without running the on-commit hand-over: as if the broker had been down.
    meeting = services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=None,
        slot=slots[0],
        participants=[turku.lead],
    )
    MeetingRequest.objects.filter(pk=meeting.pk).update(
        updated_at=meeting.updated_at.replace(year=2000)
    )
    assert invites.meetings_owing_invites() == [meeting.pk]
    assert tasks.sweep_meeting_invites.delay().get() == 1
    assert invites.meetings_owing_invites() == []
    assert invites.send_invites(meeting.pk) == 0  # again: noted as sent, nothing more
    assert OutboundMail.objects.filter(idempotency_key__contains=":seq:").count() == 2
