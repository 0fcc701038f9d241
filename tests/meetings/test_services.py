"""The exchange between two coordinators, step by step, through meetings.services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot, SlotHold
from outbox.models import OutboundMail
from sessions_app.models import Signup
from tests.factories import RoomFactory
from tests.meetings.conftest import FIRST_DAY, Side
from tests.sessions_app.factories import SessionFactory, local

Status = MeetingRequest.Status
pytestmark = pytest.mark.django_db


def mails_to(email: str) -> list[str]:
    return list(
        OutboundMail.objects.filter(to=email).order_by("pk").values_list("subject", flat=True)
    )


def test_a_request_holds_its_slots_for_both_delegations_and_tells_the_other_coordinator(
    request_: MeetingRequest, oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    holds = set(SlotHold.objects.values_list("delegation_id", "slot_id"))
    assert holds == {(d.pk, s.pk) for d in (oslo.delegation, turku.delegation) for s in slots[:2]}
    assert request_.status == Status.PENDING
    assert request_.awaiting == MeetingRequest.Side.RECIPIENT
    assert mails_to(turku.coordinator.email) == ["Meeting request from Oslo"]
    assert mails_to(oslo.coordinator.email) == []
    assert list(request_.changes.values_list("kind", flat=True)) == ["requested"]


def test_a_held_slot_refuses_another_request_of_either_delegation(
    request_: MeetingRequest, oslo: Side, turku: Side, event: object, slots: list[MeetingSlot]
) -> None:
    from tests.meetings.conftest import make_side

    aarhus = make_side(request_.event, "Aarhus", "DK", "aase")
    with pytest.raises(services.MeetingRefused, match="held by another meeting request"):
        services.request_meeting(
            requester=aarhus.delegation,
            recipient=turku.delegation,
            by=aarhus.coordinator,
            topic="Another",
            slots=[slots[1]],
            participants=[aarhus.lead],
        )
    # A free slot is fine.
    services.request_meeting(
        requester=aarhus.delegation,
        recipient=turku.delegation,
        by=aarhus.coordinator,
        topic="Another",
        slots=[slots[2]],
        participants=[aarhus.lead],
    )


def test_an_expired_request_no_longer_holds_its_slots(
    request_: MeetingRequest, oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    assert request_.expires_at is not None
    later = request_.expires_at + dt.timedelta(seconds=1)
    again = services.request_meeting(
        requester=turku.delegation,
        recipient=oslo.delegation,
        by=turku.coordinator,
        topic="Our own",
        slots=[slots[0]],
        participants=[turku.lead],
        now=later,
    )
    request_.refresh_from_db()
    assert request_.status == Status.EXPIRED
    assert again.status == Status.PENDING
    assert "Meeting request with Turku expired" in mails_to(oslo.coordinator.email)


def test_the_beat_task_expires_requests_nobody_answered(
    request_: MeetingRequest, settings: object
) -> None:
    assert services.expire_due_requests(now=timezone.now()) == 0
    assert services.expire_due_requests(now=request_.expires_at) == 1
    request_.refresh_from_db()
    assert request_.status == Status.EXPIRED
    assert not SlotHold.objects.exists()
    assert list(request_.changes.values_list("kind", flat=True)) == ["requested", "expired"]


def test_expiry_is_the_setting_or_the_first_slot_whichever_is_sooner(
    oslo: Side, turku: Side, slots: list[MeetingSlot], settings: object
) -> None:
    settings.MEETING_REQUEST_HOLD_HOURS = 5  # type: ignore[attr-defined]
    now = timezone.now()
    meeting = services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=None,
        topic="T",
        slots=slots[:1],
        participants=[oslo.lead],
        now=now,
    )
    assert meeting.expires_at == now + dt.timedelta(hours=5)
    close = slots[0].starts_at - dt.timedelta(hours=1)
    services.cancel_meeting(meeting=meeting, delegation=oslo.delegation, by=None)
    second = services.request_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=None,
        topic="T",
        slots=slots[:1],
        participants=[oslo.lead],
        now=close,
    )
    assert second.expires_at == slots[0].starts_at


def test_the_cap_on_open_outgoing_requests(
    oslo: Side, turku: Side, slots: list[MeetingSlot], settings: object
) -> None:
    settings.MEETING_MAX_OPEN_REQUESTS = 2  # type: ignore[attr-defined]
    for slot in slots[:2]:
        services.request_meeting(
            requester=oslo.delegation,
            recipient=turku.delegation,
            by=None,
            topic="T",
            slots=[slot],
            participants=[oslo.lead],
        )
    with pytest.raises(services.MeetingRefused, match="already has 2 open requests"):
        services.request_meeting(
            requester=oslo.delegation,
            recipient=turku.delegation,
            by=None,
            topic="T",
            slots=[slots[2]],
            participants=[oslo.lead],
        )


def test_a_slot_outside_the_event_or_past_is_refused(
    oslo: Side, turku: Side, event: object, slots: list[MeetingSlot]
) -> None:
    outside = MeetingSlot.objects.create(
        event=oslo.delegation.event,
        starts_at=local(FIRST_DAY + dt.timedelta(days=5), 9),
        ends_at=local(FIRST_DAY + dt.timedelta(days=5), 10),
    )
    with pytest.raises(services.MeetingRefused, match="outside the event"):
        services.request_meeting(
            requester=oslo.delegation,
            recipient=turku.delegation,
            by=None,
            topic="T",
            slots=[outside],
            participants=[oslo.lead],
        )
    with pytest.raises(services.MeetingRefused, match="already begun"):
        services.request_meeting(
            requester=oslo.delegation,
            recipient=turku.delegation,
            by=None,
            topic="T",
            slots=[slots[0]],
            participants=[oslo.lead],
            now=slots[0].starts_at,
        )


def test_participants_must_be_members_of_their_own_delegation(
    oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    with pytest.raises(services.MeetingRefused, match="not a member of the delegation of Oslo"):
        services.request_meeting(
            requester=oslo.delegation,
            recipient=turku.delegation,
            by=None,
            topic="T",
            slots=slots[:1],
            participants=[turku.member],
        )


def test_a_participant_in_a_session_at_that_time_is_refused(
    oslo: Side, turku: Side, slots: list[MeetingSlot], request_: MeetingRequest
) -> None:
    room = RoomFactory.create(venue=oslo.delegation.event.venue)
    session = SessionFactory.create(
        event=oslo.delegation.event,
        room=room,
        title="Night economy panel",
        starts_at=slots[0].starts_at,
        ends_at=slots[0].ends_at,
    )
    Signup.objects.create(session=session, user=turku.member.user, status=Signup.Status.SIGNED_UP)
    with pytest.raises(
        services.MeetingRefused, match="Tuula Member is in the session “Night economy panel”"
    ):
        services.accept_meeting(
            meeting=request_,
            delegation=turku.delegation,
            by=turku.coordinator,
            slot=slots[0],
            participants=[turku.member],
        )
    meeting = services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=turku.coordinator,
        slot=slots[1],
        participants=[turku.member],
    )
    assert meeting.slot == slots[1]


def test_accepting_books_the_smallest_free_room_and_releases_the_holds(
    request_: MeetingRequest, turku: Side, slots: list[MeetingSlot], tables: list[MeetingRoom]
) -> None:
    meeting = services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=turku.coordinator,
        slot=slots[0],
        participants=[turku.lead, turku.member],
    )
    assert (meeting.status, meeting.slot, meeting.room) == (Status.ACCEPTED, slots[0], tables[0])
    assert not SlotHold.objects.exists()
    assert meeting.expires_at is None
    assert "Meeting with Turku agreed" in mails_to(request_.requester.coordinator.email)  # type: ignore[union-attr]
    assert "Meeting with Oslo agreed" in mails_to(turku.coordinator.email)


def test_a_room_over_capacity_or_booked_is_refused(
    request_: MeetingRequest,
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    tables: list[MeetingRoom],
) -> None:
    small = MeetingRoom.objects.create(event=oslo.delegation.event, name="Sofa", capacity=2)
    with pytest.raises(services.MeetingRefused, match="Sofa seats 2; this meeting needs 3"):
        services.accept_meeting(
            meeting=request_,
            delegation=turku.delegation,
            by=None,
            slot=slots[0],
            participants=[turku.lead, turku.member],
            room=small,
        )
    services.schedule_meeting(
        requester=oslo.delegation,
        recipient=turku.delegation,
        by=None,
        topic="Other",
        slot=slots[2],
        participants=[oslo.member, turku.member],
        room=tables[0],
    )
    third = services.request_meeting(
        requester=turku.delegation,
        recipient=oslo.delegation,
        by=None,
        topic="Third",
        slots=[slots[2]],
        participants=[turku.lead],
    )
    with pytest.raises(services.MeetingRefused, match="Table 1 is already booked at that time"):
        services.accept_meeting(
            meeting=third,
            delegation=oslo.delegation,
            by=None,
            slot=slots[2],
            participants=[oslo.lead],
            room=tables[0],
        )
    booked = services.accept_meeting(
        meeting=third, delegation=oslo.delegation, by=None, slot=slots[2], participants=[oslo.lead]
    )
    assert booked.room == small  # the smallest free one that seats the two


def test_a_participant_in_another_meeting_at_that_time_is_refused(
    request_: MeetingRequest,
    oslo: Side,
    turku: Side,
    slots: list[MeetingSlot],
    tables: list[MeetingRoom],
) -> None:
    services.accept_meeting(
        meeting=request_,
        delegation=turku.delegation,
        by=None,
        slot=slots[0],
        participants=[turku.member],
    )
    with pytest.raises(
        services.MeetingRefused, match="Ola Coordinator has another meeting at that time"
    ):
        services.schedule_meeting(
            requester=oslo.delegation,
            recipient=turku.delegation,
            by=None,
            topic="Twice",
            slot=slots[0],
            participants=[oslo.lead, turku.lead],
        )


def test_an_agenda_room_is_used_only_while_no_session_is_in_it(
    request_: MeetingRequest, turku: Side, slots: list[MeetingSlot]
) -> None:
    event = request_.event
    hall = RoomFactory.create(venue=event.venue, name="Hall B", capacity=20)
    MeetingRoom.objects.create(event=event, name="Hall B", capacity=20, room=hall)
    SessionFactory.create(
        event=event, room=hall, starts_at=slots[0].starts_at, ends_at=slots[1].ends_at
    )
    room = MeetingRoom.objects.get(room=hall)
    with pytest.raises(services.MeetingRefused, match="A session takes place in Hall B"):
        services.accept_meeting(
            meeting=request_,
            delegation=turku.delegation,
            by=None,
            slot=slots[0],
            participants=[turku.lead],
            room=room,
        )
