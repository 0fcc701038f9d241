"""The rules the database itself guards (PostgreSQL constraints), below every service."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot, SlotHold
from tests.meetings.conftest import Side

pytestmark = pytest.mark.django_db


def accepted(
    oslo: Side, turku: Side, slot: MeetingSlot, room: MeetingRoom | None
) -> MeetingRequest:
    return MeetingRequest.objects.create(
        event=oslo.delegation.event,
        requester=oslo.delegation,
        recipient=turku.delegation,
        topic="T",
        status="accepted",
        slot=slot,
        room=room,
    )


def refused(make: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()  # type: ignore[operator]


def test_one_accepted_meeting_per_room_and_slot(
    oslo: Side, turku: Side, slots: list[MeetingSlot], tables: list[MeetingRoom]
) -> None:
    accepted(oslo, turku, slots[0], tables[0])
    refused(lambda: accepted(turku, oslo, slots[0], tables[0]))
    accepted(turku, oslo, slots[0], tables[1])  # another room is fine


def test_an_accepted_meeting_has_a_slot_and_a_room(
    oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    refused(lambda: accepted(oslo, turku, slots[0], None))


def test_a_delegation_cannot_meet_itself(oslo: Side) -> None:
    refused(
        lambda: MeetingRequest.objects.create(
            event=oslo.delegation.event,
            requester=oslo.delegation,
            recipient=oslo.delegation,
            topic="T",
            status="declined",
        )
    )


def test_an_open_request_expires_and_an_interpreter_names_two_languages(
    oslo: Side, turku: Side
) -> None:
    base = {
        "event": oslo.delegation.event,
        "requester": oslo.delegation,
        "recipient": turku.delegation,
        "topic": "T",
    }
    refused(lambda: MeetingRequest.objects.create(**base, status="pending", expires_at=None))
    refused(
        lambda: MeetingRequest.objects.create(
            **base,
            status="declined",
            interpreter_needed=True,
            interpret_from="fi",
            interpret_to="fi",
        )
    )
    MeetingRequest.objects.create(
        **base, status="declined", interpreter_needed=True, interpret_from="fi", interpret_to="sv"
    )


def test_one_hold_per_delegation_and_slot(
    oslo: Side, turku: Side, slots: list[MeetingSlot]
) -> None:
    base = {
        "event": oslo.delegation.event,
        "requester": oslo.delegation,
        "recipient": turku.delegation,
        "topic": "T",
        "status": "declined",
    }
    first, second = (MeetingRequest.objects.create(**base) for _n in range(2))
    SlotHold.objects.create(meeting=first, delegation=oslo.delegation, slot=slots[0])
    refused(
        lambda: SlotHold.objects.create(meeting=second, delegation=oslo.delegation, slot=slots[0])
    )


def test_a_slot_ends_after_it_starts_and_lies_within_the_event(slots: list[MeetingSlot]) -> None:
    from django.core.exceptions import ValidationError

    slot = slots[0]
    refused(
        lambda: MeetingSlot.objects.create(
            event=slot.event, starts_at=slot.ends_at, ends_at=slot.starts_at
        )
    )
    outside = MeetingSlot(
        event=slot.event,
        starts_at=slot.starts_at.replace(year=2050),
        ends_at=slot.ends_at.replace(year=2050),
    )
    with pytest.raises(ValidationError, match="within the event's days"):
        outside.full_clean()
