"""The organizers' grid: an event's meeting slots down, its rooms and tables across, each
cell the accepted meeting there (if any) and, per slot, how many requests hold it."""

from __future__ import annotations

from dataclasses import dataclass

from events.models import Event
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot


@dataclass(frozen=True)
class GridRow:
    slot: MeetingSlot
    cells: list[MeetingRequest | None]
    held: int  # open requests proposing this slot


@dataclass(frozen=True)
class Grid:
    rooms: list[MeetingRoom]
    rows: list[GridRow]


def build(event: Event, meetings: list[MeetingRequest]) -> Grid:
    """From the meetings already loaded (with proposed_slots prefetched): two more queries."""
    rooms = list(MeetingRoom.objects.filter(event=event))
    slots = list(MeetingSlot.objects.filter(event=event).select_related("event__venue"))
    booked = {
        (m.slot_id, m.room_id): m for m in meetings if m.status == MeetingRequest.Status.ACCEPTED
    }
    held: dict[int, int] = {}
    for meeting in meetings:
        if meeting.is_open:
            for slot in meeting.proposed_slots.all():
                held[slot.pk] = held.get(slot.pk, 0) + 1
    rows = [
        GridRow(slot, [booked.get((slot.pk, room.pk)) for room in rooms], held.get(slot.pk, 0))
        for slot in slots
    ]
    return Grid(rooms, rows)
