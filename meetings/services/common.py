"""The steps every meeting service takes: locks, checks, holds, history, mails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from meetings import conflicts, emails
from meetings.models import (
    MeetingChange,
    MeetingParticipant,
    MeetingRequest,
    MeetingRoom,
    MeetingSlot,
    SlotHold,
)
from outbox.services import is_mail_suppressed
from registrations.models import SEAT_STATUSES, Delegation, Registration
from summit.jobs import enqueue

SEND_INVITES = "meetings.tasks.send_meeting_invites"  # calls meetings.invites.send_invites
Side = MeetingRequest.Side


class MeetingRefused(Exception):
    """A meeting step that cannot be done, with the reasons in words for the person."""

    def __init__(self, *reasons: str) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = list(reasons)


def lock_delegations(*delegations: Delegation) -> None:
    """Lock both delegations' rows, always in the same order (no deadlock between two
    steps on overlapping pairs): every decision about their people runs one at a time."""
    ids = sorted({d.pk for d in delegations})
    list(Delegation.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def lock_meeting(meeting: MeetingRequest) -> MeetingRequest:
    """The meeting as it is now, locked; refuses if it was answered in the meantime."""
    return MeetingRequest.objects.select_for_update().get(pk=meeting.pk)


def hold_hours() -> int:
    return int(settings.MEETING_REQUEST_HOLD_HOURS)


def expiry_for(slots: Sequence[MeetingSlot], now: dt.datetime) -> dt.datetime:
    """The hold ends after the setting's hours, or when the first proposed slot begins."""
    return min([now + dt.timedelta(hours=hold_hours()), *(s.starts_at for s in slots)])


def check_slots(
    meeting_or_event_id: int, slots: Sequence[MeetingSlot], *, now: dt.datetime
) -> None:
    if not slots:
        raise MeetingRefused(_("Propose at least one slot."))
    reasons: list[str] = []
    for slot in slots:
        reasons += conflicts.slot_problems(slot, event_id=meeting_or_event_id)
        if slot.starts_at <= now:
            reasons.append(_("The slot %(slot)s has already begun.") % {"slot": slot})
    if reasons:
        raise MeetingRefused(*reasons)


def check_people(
    registrations: Iterable[Registration], slots: Sequence[MeetingSlot], *, exclude: int | None
) -> None:
    people = list(registrations)
    reasons: list[str] = []
    for slot in slots:
        found = conflicts.participant_conflicts(people, slot, exclude=exclude)
        reasons += [f"{slot}: {reason}" for reason in found]
    if reasons:
        raise MeetingRefused(*reasons)


def check_holds(
    delegations: Iterable[Delegation], slots: Sequence[MeetingSlot], *, exclude: int | None
) -> None:
    reasons = conflicts.held_elsewhere([d.pk for d in delegations], slots, exclude=exclude)
    if reasons:
        raise MeetingRefused(*reasons)


def members(delegation: Delegation, registrations: Iterable[Registration]) -> list[Registration]:
    """The chosen delegates, refused unless each is a seated member of the delegation."""
    chosen = list(registrations)
    for registration in chosen:
        if registration.delegation_id != delegation.pk or registration.status not in SEAT_STATUSES:
            raise MeetingRefused(
                _("%(name)s is not a member of the delegation of %(city)s.")
                % {"name": registration.badge_name, "city": delegation.city.name}
            )
    if not chosen:
        raise MeetingRefused(_("Choose at least one participant."))
    return chosen


def set_participants(meeting: MeetingRequest, side: str, chosen: list[Registration]) -> None:
    meeting.participants.filter(side=side).delete()
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=meeting, registration=r, side=side) for r in chosen
    )


def participants_of(meeting: MeetingRequest) -> list[Registration]:
    return [
        p.registration for p in meeting.participants.select_related("registration").order_by("pk")
    ]


def hold(meeting: MeetingRequest, slots: Sequence[MeetingSlot]) -> None:
    SlotHold.objects.filter(meeting=meeting).delete()
    try:
        with transaction.atomic():
            SlotHold.objects.bulk_create(
                SlotHold(meeting=meeting, delegation_id=delegation_id, slot=slot)
                for delegation_id in (meeting.requester_id, meeting.recipient_id)
                for slot in slots
            )
    except IntegrityError as error:  # the locks make this rare; the constraint has the word
        raise MeetingRefused(_("One of these slots was just taken by another request.")) from error


def release(meeting: MeetingRequest) -> None:
    SlotHold.objects.filter(meeting=meeting).delete()


def book(meeting: MeetingRequest, slot: MeetingSlot, room: MeetingRoom | None) -> None:
    """Take the slot and a room: the one given, or the smallest free one that seats everyone.

    Locks the room rows of the event (in order), so two bookings of one room run one after the
    other; the unique constraint on (room, slot) is the last word if anything got past.
    """
    people = participants_of(meeting)
    reasons = [
        f"{slot}: {r}" for r in conflicts.participant_conflicts(people, slot, exclude=meeting.pk)
    ]
    reasons += conflicts.slot_problems(slot, event_id=meeting.event_id)
    if reasons:
        raise MeetingRefused(*reasons)
    seats = len(people) + (1 if meeting.interpreter_needed else 0)
    rooms = list(
        MeetingRoom.objects.select_for_update()
        .filter(event_id=meeting.event_id)
        .order_by("capacity", "name", "pk")
    )
    if room is not None:
        if room.pk not in {r.pk for r in rooms}:
            raise MeetingRefused(_("This room is not one of the event's meeting rooms."))
        found = conflicts.room_problems(room, slot, seats=seats, exclude=meeting.pk)
        if found:
            raise MeetingRefused(*found)
        chosen = room
    else:
        free = [
            r
            for r in rooms
            if not conflicts.room_problems(r, slot, seats=seats, exclude=meeting.pk)
        ]
        if not free:
            raise MeetingRefused(
                _("No meeting room or table seating %(seats)d is free at that time.")
                % {"seats": seats}
            )
        chosen = free[0]
    meeting.slot, meeting.room = slot, chosen
    meeting.status = MeetingRequest.Status.ACCEPTED
    meeting.expires_at = None
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:
        raise MeetingRefused(
            _("%(room)s was booked for this slot a moment ago.") % {"room": chosen.name}
        ) from error
    release(meeting)


def record(meeting: MeetingRequest, kind: str, *, by: User | None, note: str = "") -> MeetingChange:
    return MeetingChange.objects.create(meeting=meeting, kind=kind, by=by, note=note[:500])


def tell(meeting: MeetingRequest, change: MeetingChange, *sides: str) -> None:
    """Mail the coordinators of these sides about the step, through the outbox."""
    for side in sides:
        emails.send_notice(meeting, change, meeting.delegation_of(side))


def invite_on_commit(meeting: MeetingRequest) -> None:
    """Queue the participants' calendar invites (REQUEST or CANCEL) after commit; if the
    broker is down, the sweep finds the meeting by its invited_sequence. Inside
    mail_suppressed() (the demo) nobody is told: the sequence is noted as sent."""
    if is_mail_suppressed():
        MeetingRequest.objects.filter(pk=meeting.pk).update(invited_sequence=meeting.sequence)
        return
    meeting_id = meeting.pk
    transaction.on_commit(lambda: enqueue(SEND_INVITES, meeting_id))


def other(side: str) -> str:
    return Side.RECIPIENT if side == Side.REQUESTER else Side.REQUESTER


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()
