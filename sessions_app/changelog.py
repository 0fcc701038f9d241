"""The public changelog of an event's agenda: each publication of the agenda builder and what it
added, moved and cancelled, on the venues' clocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.roles import is_organizer
from events.models import Event
from events.templatetags.summit import format_local, format_local_span
from sessions_app.models import AgendaPublication, SessionChange, SessionPerson


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
    if name == "people" and isinstance(value, list):
        return ", ".join(_person(person) for person in value) or "—"
    return str(value)


def _person(person: dict[str, str]) -> str:
    """A speaker by name, a moderator with the role: "Jane Doe (Moderator)"."""
    if person.get("role") == SessionPerson.Role.MODERATOR:
        return f"{person.get('name', '')} ({SessionPerson.Role.MODERATOR.label})"
    return person.get("name", "")


FIELD_LABELS = {
    "starts_at": gettext_lazy("Starts"),
    "ends_at": gettext_lazy("Ends"),
    "room": gettext_lazy("Room"),
    "title": gettext_lazy("Title"),
    "people": gettext_lazy("Speakers and moderators"),
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
