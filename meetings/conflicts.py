"""Why a meeting cannot take place in a slot or a room: each check returns the reasons, in
words for the coordinator, and an empty list when there are none.

Checked for every participant of both delegations: a seat in a session or a role on one at
that time, another accepted meeting at that time. A room: too small, already booked, or (an
agenda room) in use by a session. The services run these under the delegations' and the
room's row locks, so two decisions about the same people or room see each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from meetings.models import MeetingParticipant, MeetingRequest, MeetingRoom, MeetingSlot, SlotHold
from registrations.models import Registration
from sessions_app.models import Session, SessionPerson, Signup


def slot_problems(slot: MeetingSlot, *, event_id: int) -> list[str]:
    if slot.event_id != event_id or not slot.within_event():
        return [_("The slot %(slot)s is outside the event.") % {"slot": slot}]
    return []


def participant_conflicts(
    registrations: Iterable[Registration], slot: MeetingSlot, *, exclude: int | None = None
) -> list[str]:
    """Who of these delegates is elsewhere during the slot (three queries)."""
    names = {r.user_id: r.badge_name for r in registrations}
    live = ~Q(session__status=Session.Status.CANCELLED)
    during = Q(session__starts_at__lt=slot.ends_at, session__ends_at__gt=slot.starts_at)
    reasons = []
    seats = Signup.objects.filter(
        live, during, user_id__in=names, status=Signup.Status.SIGNED_UP
    ).values_list("user_id", "session__title")
    roles = SessionPerson.objects.filter(live, during, user_id__in=names).values_list(
        "user_id", "session__title"
    )
    for user_id, title in {*seats, *roles}:
        reasons.append(
            _("%(name)s is in the session “%(session)s” at that time.")
            % {"name": names[user_id], "session": title}
        )
    meetings = MeetingParticipant.objects.filter(
        registration__user_id__in=names,
        meeting__status=MeetingRequest.Status.ACCEPTED,
        meeting__slot__starts_at__lt=slot.ends_at,
        meeting__slot__ends_at__gt=slot.starts_at,
    )
    if exclude is not None:
        meetings = meetings.exclude(meeting_id=exclude)
    for user_id in sorted(set(meetings.values_list("registration__user_id", flat=True))):
        reasons.append(_("%(name)s has another meeting at that time.") % {"name": names[user_id]})
    return sorted(reasons)


def room_problems(
    room: MeetingRoom, slot: MeetingSlot, *, seats: int, exclude: int | None = None
) -> list[str]:
    reasons = []
    if seats > room.capacity:
        reasons.append(
            _("%(room)s seats %(capacity)d; this meeting needs %(seats)d.")
            % {"room": room.name, "capacity": room.capacity, "seats": seats}
        )
    booked = MeetingRequest.objects.accepted().filter(
        room=room, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at
    )
    if exclude is not None:
        booked = booked.exclude(pk=exclude)
    if booked.exists():
        reasons.append(_("%(room)s is already booked at that time.") % {"room": room.name})
    if room.room_id is not None and (
        Session.objects.exclude(status=Session.Status.CANCELLED)
        .filter(room_id=room.room_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)
        .exists()
    ):
        reasons.append(_("A session takes place in %(room)s at that time.") % {"room": room.name})
    return reasons


def held_elsewhere(
    delegation_ids: Iterable[int], slots: Iterable[MeetingSlot], *, exclude: int | None = None
) -> list[str]:
    """Slots another unanswered request of either delegation holds."""
    holds = SlotHold.objects.filter(delegation_id__in=list(delegation_ids), slot__in=list(slots))
    if exclude is not None:
        holds = holds.exclude(meeting_id=exclude)
    held = sorted({hold.slot for hold in holds.select_related("slot__event__venue")}, key=str)
    return [
        _("The slot %(slot)s is held by another meeting request that waits for an answer.")
        % {"slot": slot}
        for slot in held
    ]
