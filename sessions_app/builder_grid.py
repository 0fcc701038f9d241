"""The agenda builder's grid for one day: rooms as columns, STEP-minute rows, sessions as blocks.

One time axis for the whole grid, in real moments: a row is the same instant in every column,
so sessions side by side happen at the same time wherever their venues are. Rooms are grouped
by time zone and each group has its own column of hour labels on its venues' clocks: for an
event in London and Helsinki the row that reads 09:00 beside the Guildhall's rooms reads 11:00
beside Helsinki's. That is what a person planning reads most easily: the local hour next to the
room, and a speaker's clash across venues in one line. (Each group on its own local axis would
set 09:00 in London beside 09:00 in Helsinki, two hours apart, and hide that clash.)

The day is each venue's own local day: a group shows cells and hours from its local midnight to
the next, and the rows of the grid before or after that are shaded. A session crossing local
midnight is on both days, cut at midnight and marked as continuing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext as _

from events.models import Room
from sessions_app.models import Session
from sessions_app.views import clock_span

STEP = 15  # minutes per grid row
SHOWN_FROM, SHOWN_UNTIL = dt.time(8), dt.time(20)  # local hours always shown
HOUR_COLUMN, ROOM_COLUMN = 4, 10  # widths in rem


@dataclass
class Block:
    session: Session
    column: int
    rows: str  # "start / end" grid lines
    clock: str
    local_start: str  # when it really starts and ends, on its venue's clocks
    local_end: str
    start_day: dt.date
    minutes: int
    continues_before: bool = False  # began on an earlier local day
    continues_after: bool = False  # ends on a later one
    reasons: list[str] = field(default_factory=list)
    lane: int = 0  # side by side with the sessions it overlaps in its room
    lanes: int = 1


@dataclass
class ZoneGroup:
    """The rooms of one time zone, after their own column of hour labels."""

    time_zone: str
    abbreviation: str  # "CEST", as the clocks show it at noon of the day
    hour_column: int
    rooms: list[tuple[int, Room]]  # (column, room)
    day_start: dt.datetime  # local midnight of the day, and of the next, in UTC
    day_end: dt.datetime


@dataclass
class Grid:
    groups: list[ZoneGroup]
    hours: list[tuple[int, int, str]]  # (column, grid row, "09:00")
    cells: list[tuple[int, int, int, str]]  # (column, row, room id, "09:15")
    shaded: list[tuple[str, str, str]]  # (grid-column, grid-row, "Previous day")
    blocks: list[Block]
    row_count: int

    @property
    def rooms(self) -> list[Room]:
        return [room for group in self.groups for _column, room in group.rooms]

    @property
    def columns(self) -> str:
        """The CSS grid-template-columns: per group an hour column, then its rooms."""
        return " ".join(
            f"{HOUR_COLUMN}rem repeat({len(group.rooms)}, minmax({ROOM_COLUMN}rem, 1fr))"
            for group in self.groups
        )

    @property
    def min_width(self) -> int:
        return HOUR_COLUMN * len(self.groups) + ROOM_COLUMN * len(self.rooms)

    def by_room(self) -> list[tuple[Room, list[Block]]]:
        """Each room with its blocks in time order: the table screen readers read."""
        blocks: dict[int, list[Block]] = defaultdict(list)
        for block in sorted(self.blocks, key=lambda b: (b.session.starts_at, b.session.pk)):
            blocks[block.session.room_id].append(block)
        return [(room, blocks[room.pk]) for room in self.rooms]


def local_days(session: Session) -> list[dt.date]:
    """The local dates a session is on: two or more when it crosses midnight."""
    first = session.starts_at.astimezone(session.zone).date()
    last = (session.ends_at - dt.timedelta(microseconds=1)).astimezone(session.zone).date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _at(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def _zone_groups(day: dt.date, rooms: list[Room]) -> list[ZoneGroup]:
    """Rooms by time zone, west to east (by the offset at noon), in their given order within."""

    def offset(room: Room) -> dt.timedelta:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=room.venue.zone)
        return noon.utcoffset() or dt.timedelta(0)

    ordered = sorted(rooms, key=lambda room: (offset(room), room.venue.time_zone))
    groups, column = [], 1
    for time_zone, in_zone in groupby(ordered, key=lambda room: room.venue.time_zone):
        zone_rooms = list(in_zone)
        zone = zoneinfo.ZoneInfo(time_zone)
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=zone)
        groups.append(
            ZoneGroup(
                time_zone=time_zone,
                abbreviation=noon.tzname() or time_zone,
                hour_column=column,
                rooms=[(column + 1 + n, room) for n, room in enumerate(zone_rooms)],
                day_start=_at(day, dt.time.min, zone),
                day_end=_at(day + dt.timedelta(days=1), dt.time.min, zone),
            )
        )
        column += 1 + len(zone_rooms)
    return groups


def build_grid(
    day: dt.date, rooms: list[Room], sessions: list[Session], reasons: dict[int, list[str]]
) -> Grid:
    """The day's grid: at least 08:00 to 20:00 on every group's clocks, wider to fit the
    sessions, in whole hours. Cancelled sessions are not on it."""
    groups = _zone_groups(day, rooms)
    if not groups:  # an event whose venues have no rooms yet
        return Grid(groups=[], hours=[], cells=[], shaded=[], blocks=[], row_count=0)
    columns = {room.pk: column for group in groups for column, room in group.rooms}
    spans = _spans(groups, [s for s in sessions if s.room_id in columns])
    axis = _Axis.around(day, groups, spans)
    grid = Grid(groups=groups, hours=[], cells=[], shaded=[], blocks=[], row_count=len(axis.steps))
    for group in groups:
        _label(grid, group, axis)
    blocks = [_block(s, start, end, axis, columns[s.room_id]) for s, start, end in spans]
    for block in blocks:
        block.reasons = reasons.get(block.session.pk, [])
    grid.blocks = _in_lanes(blocks)
    return grid


Span = tuple[Session, dt.datetime, dt.datetime]  # a session, cut to its venue's local day


def _spans(groups: list[ZoneGroup], sessions: list[Session]) -> list[Span]:
    by_zone = {group.time_zone: group for group in groups}
    spans = []
    for s in sessions:
        group = by_zone[s.time_zone]
        if not s.is_cancelled and s.starts_at < group.day_end and s.ends_at > group.day_start:
            spans.append((s, max(s.starts_at, group.day_start), min(s.ends_at, group.day_end)))
    return spans


@dataclass(frozen=True)
class _Axis:
    """The rows: STEP-minute moments from `origin`, in UTC, the same in every column."""

    origin: dt.datetime
    steps: list[dt.datetime]

    @classmethod
    def around(cls, day: dt.date, groups: list[ZoneGroup], spans: list[Span]) -> _Axis:
        zones = [zoneinfo.ZoneInfo(group.time_zone) for group in groups]
        first = min([*(_at(day, SHOWN_FROM, z) for z in zones), *(s[1] for s in spans)])
        last = max([*(_at(day, SHOWN_UNTIL, z) for z in zones), *(s[2] for s in spans)])
        origin = _hour_of(first)
        last_hour = _hour_of(last - dt.timedelta(microseconds=1))
        length = _minutes(last_hour + dt.timedelta(hours=1) - origin)
        return cls(origin, [origin + dt.timedelta(minutes=m) for m in range(0, length, STEP)])

    def row(self, moment: dt.datetime, *, end: bool = False) -> int:
        """The grid line at or before the moment; with end, at or after it."""
        minutes = _minutes(moment - self.origin)
        return 2 + (minutes + (STEP - 1 if end else 0)) // STEP

    @property
    def last_line(self) -> int:
        return len(self.steps) + 2


def _label(grid: Grid, group: ZoneGroup, axis: _Axis) -> None:
    """The group's hour labels and free cells on its own clocks, within its local day only;
    the rows of the grid before or after that day shaded."""
    zone = zoneinfo.ZoneInfo(group.time_zone)
    local = [(m, m.astimezone(zone)) for m in axis.steps if group.day_start <= m < group.day_end]
    grid.hours += [(group.hour_column, axis.row(m), f"{t:%H:00}") for m, t in local if not t.minute]
    grid.cells += [
        (column, axis.row(m), room.pk, f"{t:%H:%M}")
        for column, room in group.rooms
        for m, t in local
    ]
    span = f"{group.hour_column} / {group.hour_column + 1 + len(group.rooms)}"
    if axis.origin < group.day_start:
        grid.shaded.append((span, f"2 / {axis.row(group.day_start)}", _("Previous day")))
    if axis.row(group.day_end) < axis.last_line:
        grid.shaded.append((span, f"{axis.row(group.day_end)} / {axis.last_line}", _("Next day")))


def _block(s: Session, start: dt.datetime, end: dt.datetime, axis: _Axis, column: int) -> Block:
    local_start, local_end = s.starts_at.astimezone(s.zone), s.ends_at.astimezone(s.zone)
    first = axis.row(start)
    return Block(
        session=s,
        column=column,
        rows=f"{first} / {max(axis.row(end, end=True), first + 1)}",
        clock=clock_span(s.starts_at, s.ends_at, s.time_zone),
        local_start=f"{local_start:%H:%M}",
        local_end=f"{local_end:%H:%M}",
        start_day=local_start.date(),
        minutes=_minutes(s.ends_at - s.starts_at),
        continues_before=s.starts_at < start,
        continues_after=s.ends_at > end,
    )


def _hour_of(moment: dt.datetime) -> dt.datetime:
    """The whole UTC hour the moment is in."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def _minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _in_lanes(blocks: list[Block]) -> list[Block]:
    """Give overlapping blocks of one room their own lane, so that none hides another: a sweep
    per room over groups of blocks that overlap one another, first free lane for each."""
    by_room: dict[int, list[Block]] = defaultdict(list)
    for block in sorted(blocks, key=lambda b: (b.session.starts_at, b.session.pk)):
        by_room[block.column].append(block)
    for room_blocks in by_room.values():
        group: list[Block] = []
        ends: list[dt.datetime] = []  # per lane, when it is free again
        for block in room_blocks:
            if group and block.session.starts_at >= max(ends):
                _close(group, len(ends))
                group, ends = [], []
            free = [n for n, end in enumerate(ends) if end <= block.session.starts_at]
            block.lane = free[0] if free else len(ends)
            if free:
                ends[block.lane] = block.session.ends_at
            else:
                ends.append(block.session.ends_at)
            group.append(block)
        _close(group, len(ends))
    return blocks


def _close(group: list[Block], lanes: int) -> None:
    for block in group:
        block.lanes = lanes
