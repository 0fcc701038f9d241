"""The exchange between two coordinators: request, propose other slots, accept, decline,
cancel. Each step locks both delegations first (common.lock_delegations), then the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from meetings.models import MeetingChange, MeetingRequest, MeetingRoom, MeetingSlot
from meetings.services import common
from meetings.services.common import MeetingRefused, Side
from meetings.services.expiry import expire_for
from registrations.models import Delegation, Registration

Kind = MeetingChange.Kind


@transaction.atomic
def request_meeting(
    *,
    requester: Delegation,
    recipient: Delegation,
    by: User | None,
    topic: str,
    slots: Sequence[MeetingSlot],
    participants: Iterable[Registration],
    message: str = "",
    interpreter_needed: bool = False,
    interpret_from: str = "",
    interpret_to: str = "",
    confidential: bool = False,
    now: dt.datetime | None = None,
) -> MeetingRequest:
    """Ask another delegation of the same event for a meeting in one of `slots`.

    Refused (MeetingRefused, with the reasons) when: the delegations are one or of different
    events; the requester has settings.MEETING_MAX_OPEN_REQUESTS open requests already; a
    slot is outside the event, past, held by another open request of either delegation, or a
    participant is elsewhere then. The request holds its slots for both delegations until it
    is answered or expires; the invited coordinator is told by mail.
    """
    now = common.now_or(now)
    if requester.pk == recipient.pk:
        raise MeetingRefused(_("A delegation cannot request a meeting with itself."))
    if requester.event_id != recipient.event_id:
        raise MeetingRefused(_("Both delegations must be at the same event."))
    common.lock_delegations(requester, recipient)
    expire_for([requester, recipient], now=now)
    cap = int(settings.MEETING_MAX_OPEN_REQUESTS)
    if MeetingRequest.objects.open().filter(requester=requester).count() >= cap:
        raise MeetingRefused(
            _("Your delegation already has %(cap)d open requests; wait for answers first.")
            % {"cap": cap}
        )
    slots = list(slots)
    common.check_slots(requester.event_id, slots, now=now)
    chosen = common.members(requester, participants)
    common.check_holds([requester, recipient], slots, exclude=None)
    common.check_people(chosen, slots, exclude=None)
    meeting = MeetingRequest(
        event_id=requester.event_id,
        requester=requester,
        recipient=recipient,
        topic=topic.strip(),
        message=message.strip(),
        interpreter_needed=interpreter_needed,
        interpret_from=interpret_from if interpreter_needed else "",
        interpret_to=interpret_to if interpreter_needed else "",
        confidential=confidential,
        expires_at=common.expiry_for(slots, now),
        created_by=by,
    )
    meeting.full_clean(exclude=["event", "requester", "recipient", "created_by"])
    meeting.save()
    meeting.proposed_slots.set(slots)
    common.set_participants(meeting, Side.REQUESTER, chosen)
    common.hold(meeting, slots)
    change = common.record(meeting, Kind.REQUESTED, by=by, note=meeting.message)
    common.tell(meeting, change, Side.RECIPIENT)
    return meeting


def _open_for(meeting: MeetingRequest, delegation: Delegation) -> tuple[MeetingRequest, str]:
    """Lock, re-read and check that it is this delegation's turn to answer."""
    common.lock_delegations(meeting.requester, meeting.recipient)
    fresh = common.lock_meeting(meeting)
    side = fresh.side_of(delegation.pk)
    if side is None:
        raise MeetingRefused(_("Your delegation is not part of this meeting."))
    if not fresh.is_open:
        raise MeetingRefused(_("This request has been answered already."))
    if fresh.awaiting != side:
        raise MeetingRefused(_("The other delegation has yet to answer."))
    return fresh, side


@transaction.atomic
def counter_propose(
    *,
    meeting: MeetingRequest,
    delegation: Delegation,
    by: User | None,
    slots: Sequence[MeetingSlot],
    participants: Iterable[Registration] = (),
    note: str = "",
    now: dt.datetime | None = None,
) -> MeetingRequest:
    """Answer with other slots (and, optionally, this side's participants): the other side
    answers next. The old slots are released, the new ones held, the expiry starts again."""
    now = common.now_or(now)
    meeting, side = _open_for(meeting, delegation)
    slots = list(slots)
    common.check_slots(meeting.event_id, slots, now=now)
    chosen = list(participants)
    if chosen:
        common.set_participants(meeting, side, common.members(delegation, chosen))
    common.check_holds([meeting.requester, meeting.recipient], slots, exclude=meeting.pk)
    common.check_people(common.participants_of(meeting), slots, exclude=meeting.pk)
    meeting.proposed_slots.set(slots)
    common.hold(meeting, slots)
    meeting.status = MeetingRequest.Status.COUNTER_PROPOSED
    meeting.awaiting = common.other(side)
    meeting.expires_at = common.expiry_for(slots, now)
    meeting.save()
    change = common.record(meeting, Kind.COUNTER_PROPOSED, by=by, note=note)
    common.tell(meeting, change, meeting.awaiting)
    return meeting


@transaction.atomic
def accept_meeting(
    *,
    meeting: MeetingRequest,
    delegation: Delegation,
    by: User | None,
    slot: MeetingSlot,
    participants: Iterable[Registration] = (),
    room: MeetingRoom | None = None,
) -> MeetingRequest:
    """Agree to one of the proposed slots with this side's participants, in `room` or the
    smallest free one that seats everyone (and the interpreter). Every participant of both
    delegations is checked against sessions and other meetings, under the locks. Both
    coordinators are told; every participant gets a calendar invite."""
    meeting, side = _open_for(meeting, delegation)
    if not meeting.proposed_slots.filter(pk=slot.pk).exists():
        raise MeetingRefused(_("Choose one of the proposed slots."))
    chosen = list(participants)
    if chosen:
        common.set_participants(meeting, side, common.members(delegation, chosen))
    if not meeting.participants.filter(side=side).exists():
        raise MeetingRefused(_("Choose at least one participant."))
    common.book(meeting, slot, room)
    change = common.record(meeting, Kind.ACCEPTED, by=by)
    common.tell(meeting, change, Side.REQUESTER, Side.RECIPIENT)
    common.invite_on_commit(meeting)
    return meeting


@transaction.atomic
def decline_meeting(
    *, meeting: MeetingRequest, delegation: Delegation, by: User | None, note: str = ""
) -> MeetingRequest:
    """Say no; the slots are free again and the other coordinator is told."""
    meeting, side = _open_for(meeting, delegation)
    common.release(meeting)
    meeting.status = MeetingRequest.Status.DECLINED
    meeting.save()
    change = common.record(meeting, Kind.DECLINED, by=by, note=note)
    common.tell(meeting, change, common.other(side))
    return meeting


@transaction.atomic
def cancel_meeting(
    *,
    meeting: MeetingRequest,
    delegation: Delegation | None,
    by: User | None,
    note: str = "",
) -> MeetingRequest:
    """Call off an open request or an accepted meeting; `delegation` None for organizers.

    An accepted meeting's participants get a CANCEL with a higher SEQUENCE, so their
    calendars drop it. The other side's coordinator is told (both, when organizers cancel).
    """
    common.lock_delegations(meeting.requester, meeting.recipient)
    meeting = common.lock_meeting(meeting)
    side = None if delegation is None else meeting.side_of(delegation.pk)
    if delegation is not None and side is None:
        raise MeetingRefused(_("Your delegation is not part of this meeting."))
    was_accepted = meeting.status == MeetingRequest.Status.ACCEPTED
    if not (meeting.is_open or was_accepted):
        raise MeetingRefused(_("This meeting is over or off already."))
    common.release(meeting)
    meeting.status = MeetingRequest.Status.CANCELLED
    meeting.expires_at = None
    if was_accepted:
        meeting.sequence += 1
    else:
        meeting.invited_sequence = meeting.sequence  # nobody has an invite to take back
    meeting.save()
    change = common.record(meeting, Kind.CANCELLED, by=by, note=note)
    sides: list[str] = [Side.REQUESTER, Side.RECIPIENT] if side is None else [common.other(side)]
    common.tell(meeting, change, *sides)
    if was_accepted:
        common.invite_on_commit(meeting)
    return meeting
