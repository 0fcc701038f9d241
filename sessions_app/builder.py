"""The organizers' agenda builder: per event and day, a grid of rooms by time, and one plain form
per action (create, edit, move or resize, duplicate, cancel, publish) calling the services.

Every action works without JavaScript; static/js/builder.js posts the same move form when a
block is dragged, with X-Requested-With: fetch, and then gets 204 or 400 with the errors as JSON
instead of a redirect or a page. Sessions are placed on their own venue's clocks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from accounts.roles import is_organizer
from events.models import Event, Room
from events.templatetags.summit import format_local, format_local_span
from sessions_app import services
from sessions_app.builder_forms import (
    CreateSessionForm,
    DuplicateSessionForm,
    EditSessionForm,
    MoveSessionForm,
    event_days,
    event_rooms,
    when_initial,
)
from sessions_app.conflicts import Conflict, ConflictKind, find_conflicts, slot_of
from sessions_app.models import AgendaPublication, Session, SessionChange
from sessions_app.views import clock_span, local_day

STEP = 15  # minutes per grid row
SHORT_REASONS = {
    ConflictKind.ROOM_DOUBLE_BOOKED: gettext_lazy("room booked twice"),
    ConflictKind.PERSON_DOUBLE_BOOKED: gettext_lazy("speaker double-booked"),
    ConflictKind.OUTSIDE_EVENT_DATES: gettext_lazy("outside the event's dates"),
    ConflictKind.OVER_ROOM_CAPACITY: gettext_lazy("over the room's capacity"),
    ConflictKind.NO_TIME_TO_TRAVEL: gettext_lazy("no time to travel"),
}


# --- permission helpers -------------------------------------------------------------------------
def _organizer(request: HttpRequest) -> User:
    """Behind login_required: anonymous people are sent to log in, others get 403."""
    if not is_organizer(request.user):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user


def _get_event(request: HttpRequest, slug: str) -> Event:
    _organizer(request)
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)


def _get_session(request: HttpRequest, slug: str, pk: int) -> Session:
    """The session, only under its own event's address: a tampered id is a 404."""
    _organizer(request)
    sessions = Session.objects.select_related("event__venue", "room__venue__city")
    return get_object_or_404(sessions, pk=pk, event__slug=slug)


# --- the grid -----------------------------------------------------------------------------------
@dataclass
class Block:
    session: Session
    column: int
    rows: str  # "start / end" grid lines
    clock: str
    local_start: str
    local_end: str
    minutes: int
    reasons: list[str] = field(default_factory=list)
    lane: int = 0  # side by side with the sessions it overlaps in its room
    lanes: int = 1


@dataclass
class Grid:
    rooms: list[Room]
    hours: list[tuple[int, str]]  # (grid row, "09:00")
    cells: list[tuple[int, int, int, str]]  # (column, row, room id, "09:15")
    blocks: list[Block]
    row_count: int

    def by_room(self) -> list[tuple[Room, list[Block]]]:
        """Each room with its blocks in time order: the table screen readers read."""
        blocks: dict[int, list[Block]] = defaultdict(list)
        for block in sorted(self.blocks, key=lambda b: (b.session.starts_at, b.session.pk)):
            blocks[block.session.room_id].append(block)
        return [(room, blocks[room.pk]) for room in self.rooms]


def _minutes(moment: dt.datetime, session: Session, day: dt.date) -> int:
    """Minutes after local midnight of `day` on the session's venue clocks, within the day."""
    local = moment.astimezone(session.zone)
    if local.date() < day:
        return 0
    if local.date() > day:
        return 24 * 60
    return local.hour * 60 + local.minute


def build_grid(
    day: dt.date, rooms: list[Room], sessions: list[Session], reasons: dict[int, list[str]]
) -> Grid:
    """Rooms as columns, STEP-minute rows from 08:00 to 20:00 or wider to fit the sessions."""
    spans = [
        (s, _minutes(s.starts_at, s, day), _minutes(s.ends_at, s, day))
        for s in sessions
        if local_day(s) == day and not s.is_cancelled
    ]
    first = min([8 * 60, *(start for _s, start, _e in spans)]) // 60 * 60
    last = min(-(-max([20 * 60, *(end for _s, _st, end in spans)]) // 60) * 60, 24 * 60)
    column = {room.pk: n + 2 for n, room in enumerate(rooms)}

    def row_of(minute: int) -> int:
        return 2 + (minute - first) // STEP

    blocks = [
        Block(
            session=s,
            column=column[s.room_id],
            rows=f"{row_of(start)} / {max(row_of(end + STEP - 1), row_of(start) + 1)}",
            clock=clock_span(s.starts_at, s.ends_at, s.time_zone),
            local_start=f"{start // 60:02d}:{start % 60:02d}",
            local_end=f"{end // 60 % 24:02d}:{end % 60:02d}",
            minutes=int((s.ends_at - s.starts_at).total_seconds() // 60),
            reasons=reasons.get(s.pk, []),
        )
        for s, start, end in spans
        if s.room_id in column
    ]
    minutes = range(first, last, STEP)
    return Grid(
        rooms=rooms,
        hours=[(row_of(m), f"{m // 60:02d}:00") for m in minutes if m % 60 == 0],
        cells=[
            (column[room.pk], row_of(m), room.pk, f"{m // 60:02d}:{m % 60:02d}")
            for room in rooms
            for m in minutes
        ],
        blocks=_in_lanes(blocks),
        row_count=len(minutes),
    )


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


def _conflicts(sessions: list[Session], event: Event) -> list[Conflict]:
    slots = [slot_of(s) for s in sessions if not s.is_cancelled]
    return find_conflicts(slots, first_day=event.start_date, last_day=event.end_date)


def _reasons(conflicts: list[Conflict]) -> dict[int, list[str]]:
    reasons: dict[int, list[str]] = defaultdict(list)
    for conflict in conflicts:
        for pk in conflict.session_ids:
            reason = str(SHORT_REASONS[conflict.kind])
            if reason not in reasons[pk]:
                reasons[pk].append(reason)
    return reasons


def _chosen_day(request: HttpRequest, days: list[dt.date]) -> dt.date:
    try:
        chosen = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return days[0]
    return chosen if chosen in days else days[0]


def _builder_page(
    request: HttpRequest, event: Event, *, create_form: CreateSessionForm | None = None
) -> HttpResponse:
    sessions = list(
        Session.objects.filter(event=event)
        .select_related("room__venue__city")
        .prefetch_related("people")
    )
    days = sorted({*event_days(event), *(local_day(s) for s in sessions)})
    day = _chosen_day(request, days)
    if create_form is None:
        create_form = CreateSessionForm(event=event, initial=_create_initial(request, day))
    conflicts = _conflicts(sessions, event)
    by_pk = {s.pk: s for s in sessions}
    context = {
        "event": event,
        "day": day,
        "days": days,
        "grid": build_grid(day, list(event_rooms(event)), sessions, _reasons(conflicts)),
        "conflicts": [(c, [by_pk[pk] for pk in c.session_ids]) for c in conflicts],
        "drafts": [
            (s, format_local_span(s.starts_at, s.ends_at, s.time_zone))
            for s in sessions
            if s.status == Session.Status.DRAFT
        ],
        "pending_changes": SessionChange.objects.filter(
            session__event=event, is_public=True, publication__isnull=True
        ).count(),
        "create_form": create_form,
    }
    return render(
        request, "sessions_app/builder.html", context, status=400 if create_form.errors else 200
    )


def _create_initial(request: HttpRequest, day: dt.date) -> dict[str, Any]:
    """A click on a free cell links here with its room and start: an hour from there."""
    initial: dict[str, Any] = {"day": day, "format": Session.Format.WORKSHOP}
    try:
        start = dt.time.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        return initial
    end = (dt.datetime.combine(day, start) + dt.timedelta(hours=1)).time()
    return {**initial, "room": request.GET.get("room"), "start": start, "end": end}


def _back(session: Session) -> str:
    url = reverse("sessions_app:builder", kwargs={"slug": session.event.slug})
    return f"{url}?day={local_day(session).isoformat()}"


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _errors_of(error: Exception) -> list[str]:
    if isinstance(error, services.SessionError):
        return [error.message]
    assert isinstance(error, ValidationError)
    return list(error.messages)


# --- pages --------------------------------------------------------------------------------------
@require_safe
@login_required
def builder(request: HttpRequest, slug: str) -> HttpResponse:
    return _builder_page(request, _get_event(request, slug))


def _session_page(
    request: HttpRequest, session: Session, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    forms = forms or {}
    event, initial = session.event, when_initial(session)
    conflicts = [
        c for c in _conflicts(_event_sessions(event), event) if session.pk in c.session_ids
    ]
    context = {
        "event": event,
        "session": session,
        "when": format_local_span(session.starts_at, session.ends_at, session.time_zone),
        "conflicts": conflicts,
        "back": _back(session),
        "edit_form": forms.get("edit")
        or EditSessionForm(
            initial={
                "title": session.title,
                "format": session.format,
                "capacity": session.capacity,
                "description": session.description,
            }
        ),
        "move_form": forms.get("move") or MoveSessionForm(event=event, initial=initial),
        "duplicate_form": forms.get("duplicate")
        or DuplicateSessionForm(event=event, initial=initial),
    }
    return render(request, "sessions_app/builder_session.html", context, status=status)


def _event_sessions(event: Event) -> list[Session]:
    sessions = Session.objects.filter(event=event).select_related("room__venue__city")
    return list(sessions.prefetch_related("people"))


@require_safe
@login_required
def builder_session(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _session_page(request, _get_session(request, slug, pk))


# --- actions ------------------------------------------------------------------------------------
def _refused(
    request: HttpRequest, session: Session, name: str, form: Any, errors: list[str]
) -> HttpResponse:
    """A refusal: JSON for the script, else the session page with the form and the errors."""
    if _is_fetch(request):
        field_errors = [f"{e}" for errors_ in form.errors.values() for e in errors_]
        return JsonResponse({"errors": [*errors, *field_errors]}, status=400)
    for message in errors:
        messages.error(request, message)
    return _session_page(request, session, {name: form}, status=400)


def _done(request: HttpRequest, session: Session, message: str) -> HttpResponse:
    messages.success(request, message)
    if _is_fetch(request):
        return HttpResponse(status=204)
    return redirect(_back(session))


@require_POST
@login_required
def builder_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event(request, slug)
    form = CreateSessionForm(request.POST, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_session(
                event=event,
                title=data["title"],
                format=data["format"],
                room=data["room"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=_organizer(request),
            )
        except (services.SessionError, ValidationError) as error:
            for message in _errors_of(error):
                form.add_error(None, message)
        else:
            return _done(request, session, _("Draft “%(title)s” added.") % {"title": session})
    return _builder_page(request, event, create_form=form)


@require_POST
@login_required
def builder_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _get_session(request, slug, pk)
    form = EditSessionForm(request.POST)
    if not form.is_valid():
        return _refused(request, session, "edit", form, [])
    try:
        session = services.update_session(
            session=session, by=_organizer(request), **form.cleaned_data
        )
    except (services.SessionError, ValidationError) as error:
        return _refused(request, session, "edit", form, _errors_of(error))
    return _done(request, session, _("“%(title)s” saved.") % {"title": session})


@require_POST
@login_required
def builder_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move to another room and time, or resize (a new end): drag and drop posts this too."""
    session = _get_session(request, slug, pk)
    form = MoveSessionForm(request.POST, event=session.event)
    if not form.is_valid():
        return _refused(request, session, "move", form, [])
    data = form.cleaned_data
    try:
        session = services.move_session(
            session=session,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            room=data["room"],
            by=_organizer(request),
        )
    except (services.SessionError, ValidationError) as error:
        return _refused(request, session, "move", form, _errors_of(error))
    when = format_local_span(session.starts_at, session.ends_at, session.time_zone)
    text = _("“%(title)s” is now in %(room)s, %(when)s.")
    return _done(
        request, session, text % {"title": session, "room": session.room.name, "when": when}
    )


@require_POST
@login_required
def builder_duplicate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _get_session(request, slug, pk)
    form = DuplicateSessionForm(request.POST, event=session.event)
    if not form.is_valid():
        return _refused(request, session, "duplicate", form, [])
    try:
        copy = services.duplicate_session(
            session=session,
            starts_at=form.cleaned_data["starts_at"],
            room=form.cleaned_data["room"],
            by=_organizer(request),
        )
    except (services.SessionError, ValidationError) as error:
        return _refused(request, session, "duplicate", form, _errors_of(error))
    return _done(request, copy, _("Draft copy of “%(title)s” added.") % {"title": copy})


@require_POST
@login_required
def builder_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _get_session(request, slug, pk)
    try:
        session = services.cancel_session(session=session, by=_organizer(request))
    except services.SessionError as error:
        messages.error(request, error.message)
        return redirect(_back(session))
    return _done(request, session, _("“%(title)s” is cancelled.") % {"title": session})


@require_POST
@login_required
def builder_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event(request, slug)
    try:
        publication = services.publish_event_agenda(event=event, by=_organizer(request))
    except services.SessionError as error:
        messages.error(request, error.message)
    else:
        text = _("Agenda published (publication %(number)d): the public sees it now.")
        messages.success(request, text % {"number": publication.number})
    url = reverse("sessions_app:builder", kwargs={"slug": slug})
    day = request.GET.get("day", "")
    return redirect(f"{url}?{urlencode({'day': day})}" if day else url)


# --- the public changelog -----------------------------------------------------------------------
def _zone_of(change: SessionChange) -> str:
    for values in (change.after, change.before):
        room = values.get("room")
        if isinstance(room, dict) and room.get("time_zone"):
            return str(room["time_zone"])
    return change.session.time_zone


def _value(name: str, value: Any, zone: str) -> str:
    if name in ("starts_at", "ends_at") and isinstance(value, str):
        return format_local(dt.datetime.fromisoformat(value), zone)
    if name == "room" and isinstance(value, dict):
        return str(value.get("name", ""))
    return str(value)


FIELD_LABELS = {
    "starts_at": gettext_lazy("Starts"),
    "ends_at": gettext_lazy("Ends"),
    "room": gettext_lazy("Room"),
    "title": gettext_lazy("Title"),
}


def change_lines(change: SessionChange) -> list[str]:
    """What a changelog entry says, field by field, on the venue's clocks: "Starts: 24 October
    2022, 10:00 CEST → 24 October 2022, 14:00 CEST". Only the fields that changed are known."""
    zone = _zone_of(change)
    if change.kind == SessionChange.Kind.ADDED:
        after = change.after
        span = format_local_span(
            dt.datetime.fromisoformat(str(after["starts_at"])),
            dt.datetime.fromisoformat(str(after["ends_at"])),
            zone,
        )
        return [f"{span}, {_value('room', after.get('room'), zone)}"]
    if change.kind == SessionChange.Kind.CANCELLED:
        return []
    return [
        f"{FIELD_LABELS[name]}: {_value(name, change.before.get(name), zone)} → "
        f"{_value(name, value, zone)}"
        for name, value in change.after.items()
        if name in FIELD_LABELS
    ] or [_("Details updated.")]


@require_safe
def changelog(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: each publication and what it added, moved and cancelled, newest first; changes
    to public sessions since the last one first of all (the agenda already shows them)."""
    events = Event.objects.all()
    if not is_organizer(request.user):
        events = events.published()
    event = get_object_or_404(events, slug=slug)
    changes = (
        SessionChange.objects.filter(session__event=event, is_public=True)
        .select_related("session__room__venue", "publication")
        .order_by("changed_at", "pk")
    )
    groups: dict[int | None, list[tuple[SessionChange, list[str]]]] = {}
    for change in changes:
        groups.setdefault(change.publication_id, []).append((change, change_lines(change)))
    sections: list[dict[str, Any]] = [
        {
            "id": f"publication-{p.number}",
            "title": _("Publication %(number)d") % {"number": p.number},
            "published_at": p.published_at,
            "changes": groups.get(p.pk, []),
        }
        for p in AgendaPublication.objects.filter(event=event).order_by("-number")
    ]
    if groups.get(None):
        pending = {
            "id": "pending",
            "title": _("Since the last publication"),
            "changes": groups[None],
        }
        sections.insert(0, pending)
    return render(request, "sessions_app/changelog.html", {"event": event, "sections": sections})
