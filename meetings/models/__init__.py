"""Bilateral meetings between two delegations of one event (issue #17).

Organizers define an event's meeting slots and its meeting rooms or tables (a table of its own,
or a room of the agenda while no session uses it). A coordinator requests a meeting with another
delegation; the other side accepts (a slot, its participants, a room), declines or proposes
other slots; either side may cancel. Every step is a MeetingChange line.

A request that waits for an answer holds its proposed slots for both delegations (SlotHold, one
row per delegation and slot, unique): no other request of either delegation can take those
slots until this one is answered or expires. An accepted meeting holds its room for its slot
(a unique constraint, so two acceptances at once cannot both win).
"""

from meetings.models.meeting import (
    OPEN_STATUSES,
    MeetingChange,
    MeetingParticipant,
    MeetingQuerySet,
    MeetingRequest,
    SlotHold,
    new_meeting_uid,
)
from meetings.models.setup import MeetingRoom, MeetingSlot

__all__ = [
    "OPEN_STATUSES",
    "MeetingChange",
    "MeetingParticipant",
    "MeetingQuerySet",
    "MeetingRequest",
    "MeetingRoom",
    "MeetingSlot",
    "SlotHold",
    "new_meeting_uid",
]
