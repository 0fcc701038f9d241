"""Meeting services, continued: counter-proposals, declines, who may act, history."""

from __future__ import annotations

import pytest

from meetings import services
from meetings.models import MeetingChange, MeetingRequest, MeetingSlot, SlotHold
from outbox.models import OutboundMail
from tests.meetings.conftest import Side

Status = MeetingRequest.Status
pytestmark = pytest.mark.django_db


def mails_to(email: str) -> list[str]:
    return list(
        OutboundMail.objects.filter(to=email).order_by("pk").values_list("subject", flat=True)
    )


def test_a_counter_proposal_moves_the_holds_and_the_turn(
    request_: MeetingRequest, oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    meeting = services.counter_propose(
        meeting=request_,
        delegation=turku.delegation,
        by=turku.coordinator,
        slots=[slots[3]],
        participants=[turku.member],
        note="Afternoon is better",
    )
    assert meeting.status == Status.COUNTER_PROPOSED
    assert meeting.awaiting == MeetingRequest.Side.REQUESTER
    assert set(SlotHold.objects.values_list("slot_id", flat=True)) == {slots[3].pk}
    assert "Turku proposes other times for a meeting" in mails_to(oslo.coordinator.email)
    with pytest.raises(services.MeetingRefused, match="other delegation has yet to answer"):
        services.accept_meeting(
            meeting=meeting, delegation=turku.delegation, by=None, slot=slots[3]
        )
    with pytest.raises(services.MeetingRefused, match="Choose one of the proposed slots"):
        services.accept_meeting(meeting=meeting, delegation=oslo.delegation, by=None, slot=slots[0])
    done = services.accept_meeting(
        meeting=meeting, delegation=oslo.delegation, by=None, slot=slots[3]
    )
    assert done.status == Status.ACCEPTED
    assert list(done.changes.values_list("kind", flat=True)) == [
        "requested",
        "counter_proposed",
        "accepted",
    ]
    assert done.changes.get(kind="counter_proposed").note == "Afternoon is better"


def test_declining_frees_the_slots_and_tells_the_requester(
    request_: MeetingRequest, oslo: Side, turku: Side
) -> None:
    services.decline_meeting(meeting=request_, delegation=turku.delegation, by=None, note="Busy")
    request_.refresh_from_db()
    assert request_.status == Status.DECLINED
    assert not SlotHold.objects.exists()
    assert "Turku declined your meeting request" in mails_to(oslo.coordinator.email)
    with pytest.raises(services.MeetingRefused, match="answered already"):
        services.decline_meeting(meeting=request_, delegation=turku.delegation, by=None)


def test_a_stranger_delegation_cannot_act(
    request_: MeetingRequest, oslo: Side, slots: list[MeetingSlot]
) -> None:
    from tests.meetings.conftest import make_side

    aarhus = make_side(request_.event, "Aarhus", "DK", "aase")
    with pytest.raises(services.MeetingRefused, match="not part of this meeting"):
        services.decline_meeting(meeting=request_, delegation=aarhus.delegation, by=None)
    with pytest.raises(services.MeetingRefused, match="not part of this meeting"):
        services.cancel_meeting(meeting=request_, delegation=aarhus.delegation, by=None)


def test_a_delegation_cannot_meet_itself_or_one_of_another_event(oslo: Side) -> None:
    from tests.factories import EventFactory
    from tests.meetings.conftest import make_side

    with pytest.raises(services.MeetingRefused, match="with itself"):
        services.request_meeting(
            requester=oslo.delegation,
            recipient=oslo.delegation,
            by=None,
            topic="T",
            slots=[],
            participants=[oslo.lead],
        )
    elsewhere = make_side(EventFactory.create(), "Bergen", "NO", "berit")
    with pytest.raises(services.MeetingRefused, match="same event"):
        services.request_meeting(
            requester=oslo.delegation,
            recipient=elsewhere.delegation,
            by=None,
            topic="T",
            slots=[],
            participants=[oslo.lead],
        )


def test_history_records_who_did_what(request_: MeetingRequest, oslo: Side, turku: Side) -> None:
    services.cancel_meeting(
        meeting=request_, delegation=oslo.delegation, by=oslo.coordinator, note="Sorry"
    )
    lines = list(request_.changes.values_list("kind", "by_id", "note"))
    assert lines == [
        ("requested", oslo.coordinator.pk, ""),
        ("cancelled", oslo.coordinator.pk, "Sorry"),
    ]
    assert MeetingChange.objects.count() == 2
    assert "Meeting with Oslo cancelled" in mails_to(turku.coordinator.email)
