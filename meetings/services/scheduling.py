"""The organizers' central scheduling: a meeting booked directly between two delegations,
and moving a booked one to another slot or room."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from meetings.models import MeetingChange, MeetingRequest, MeetingRoom, MeetingSlot
from meetings.services import common
from meetings.services.common import MeetingRefused, Side
from meetings.services.expiry import expire_for
from registrations.models import Delegation, Registration


@transaction.atomic
def schedule_meeting(
    *,
    requester: Delegation,
    recipient: Delegation,
    by: User | None,
    topic: str,
    slot: MeetingSlot,
    participants: Iterable[Registration],
    room: MeetingRoom | None = None,
    interpreter_needed: bool = False,
    interpret_from: str = "",
    interpret_to: str = "",
    confidential: bool = False,
    now: dt.datetime | None = None,
) -> MeetingRequest:
    """Book a meeting between two delegations at once, as organizers do when they arrange the
    programme centrally: the same checks as an acceptance (people, room, slot, holds of
    other requests), both coordinators told, every participant invited."""
    now = common.now_or(now)
    if requester.pk == recipient.pk or requester.event_id != recipient.event_id:
        raise MeetingRefused(_("Choose two different delegations of this event."))
    common.lock_delegations(requester, recipient)
    expire_for([requester, recipient], now=now)
    common.check_slots(requester.event_id, [slot], now=now)
    common.check_holds([requester, recipient], [slot], exclude=None)
    people = list(participants)
    sides = {
        Side.REQUESTER: [r for r in people if r.delegation_id == requester.pk],
        Side.RECIPIENT: [r for r in people if r.delegation_id == recipient.pk],
    }
    if len(sides[Side.REQUESTER]) + len(sides[Side.RECIPIENT]) != len(people):
        raise MeetingRefused(_("Every participant must belong to one of the two delegations."))
    meeting = MeetingRequest(
        event_id=requester.event_id,
        requester=requester,
        recipient=recipient,
        topic=topic.strip(),
        interpreter_needed=interpreter_needed,
        interpret_from=interpret_from if interpreter_needed else "",
        interpret_to=interpret_to if interpreter_needed else "",
        confidential=confidential,
        expires_at=now,
        created_by=by,
    )
    meeting.full_clean(exclude=["event", "requester", "recipient", "created_by"])
    meeting.save()
    meeting.proposed_slots.set([slot])
    for side, delegation in ((Side.REQUESTER, requester), (Side.RECIPIENT, recipient)):
        common.set_participants(meeting, side, common.members(delegation, sides[side]))
    common.book(meeting, slot, room)
    change = common.record(meeting, MeetingChange.Kind.SCHEDULED, by=by)
    common.tell(meeting, change, Side.REQUESTER, Side.RECIPIENT)
    common.invite_on_commit(meeting)
    return meeting


@transaction.atomic
def move_meeting(
    *,
    meeting: MeetingRequest,
    by: User | None,
    slot: MeetingSlot,
    room: MeetingRoom | None = None,
    now: dt.datetime | None = None,
) -> MeetingRequest:
    """Move an accepted meeting (organizers): the same checks as a booking; SEQUENCE goes up,
    so each participant's invite replaces the entry in their calendar."""
    now = common.now_or(now)
    common.lock_delegations(meeting.requester, meeting.recipient)
    meeting = common.lock_meeting(meeting)
    if meeting.status != MeetingRequest.Status.ACCEPTED:
        raise MeetingRefused(_("Only an accepted meeting can be moved."))
    common.check_slots(meeting.event_id, [slot], now=now)
    common.check_holds([meeting.requester, meeting.recipient], [slot], exclude=meeting.pk)
    if slot == meeting.slot and (room is None or room == meeting.room):
        return meeting
    meeting.sequence += 1
    common.book(meeting, slot, room)
    meeting.proposed_slots.set([slot])
    change = common.record(meeting, MeetingChange.Kind.MOVED, by=by)
    common.tell(meeting, change, Side.REQUESTER, Side.RECIPIENT)
    common.invite_on_commit(meeting)
    return meeting
