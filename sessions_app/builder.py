"""The organizers' agenda builder: per event and day, a grid of rooms by time (builder_grid), and
one plain form per action (create, edit, move or resize, duplicate, cancel, publish) calling the
services. The pages are here, the actions in builder_actions.

Every action works without JavaScript; static/js/builder.js posts the same move form when a
block is dragged, with X-Requested-With: fetch, and then gets 204 or 400 with the errors as JSON
instead of a redirect or a page. While a block is dragged it asks builder_preview which
conflicts the drop would cause: the same form in a GET, the same conflict rules, nothing saved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.roles import is_organizer
from events.models import Event
from events.templatetags.summit import format_local_span
from sessions_app import services
from sessions_app.builder_forms import (
    BasePeopleFormSet,
    CreateSessionForm,
    DuplicateSessionForm,
    EditSessionForm,
    MoveSessionForm,
    PeopleFormSet,
    details_initial,
    event_days,
    event_rooms,
    when_initial,
)
from sessions_app.builder_grid import build_grid, local_days
from sessions_app.builder_warnings import builder_warnings
from sessions_app.conflicts import (
    Conflict,
    ConflictKind,
    conflicts_if_moved,
    find_conflicts,
    slot_of,
)
from sessions_app.interpretation import session_team_size, understaffed
from sessions_app.interpretation_forms import BookingForm
from sessions_app.models import Session, SessionChange
from sessions_app.needs_totals import publish_warnings
from sessions_app.views import local_day

SHORT_REASONS = {
    ConflictKind.ROOM_DOUBLE_BOOKED: gettext_lazy("room booked twice"),
    ConflictKind.PERSON_DOUBLE_BOOKED: gettext_lazy("speaker double-booked"),
    ConflictKind.OUTSIDE_EVENT_DATES: gettext_lazy("outside the event's dates"),
    ConflictKind.OVER_ROOM_CAPACITY: gettext_lazy("over the room's capacity"),
    ConflictKind.NO_TIME_TO_TRAVEL: gettext_lazy("no time to travel"),
}


# --- permission helpers -------------------------------------------------------------------------
def organizer(request: HttpRequest) -> User:
    """Behind login_required: anonymous people are sent to log in, others get 403."""
    if not is_organizer(request.user):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user


def get_event(request: HttpRequest, slug: str) -> Event:
    organizer(request)
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)


def get_session(request: HttpRequest, slug: str, pk: int) -> Session:
    """The session, only under its own event's address: a tampered id is a 404."""
    organizer(request)
    sessions = Session.objects.select_related("event__venue", "room__venue__city")
    return get_object_or_404(sessions, pk=pk, event__slug=slug)


# --- reading the agenda -------------------------------------------------------------------------
def _event_sessions(event: Event) -> list[Session]:
    sessions = Session.objects.filter(event=event).select_related("room__venue__city")
    return list(sessions.prefetch_related("people"))


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


def _with_span(sessions: list[Session]) -> list[tuple[Session, str]]:
    return [(s, format_local_span(s.starts_at, s.ends_at, s.time_zone)) for s in sessions]


def builder_page(
    request: HttpRequest,
    event: Event,
    *,
    create_form: CreateSessionForm | None = None,
    people: BasePeopleFormSet | None = None,
) -> HttpResponse:
    sessions = _event_sessions(event)
    days = sorted({*event_days(event), *(d for s in sessions for d in local_days(s))})
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
        "drafts": _with_span([s for s in sessions if s.status == Session.Status.DRAFT]),
        "cancelled": _with_span([s for s in sessions if s.is_cancelled]),
        "pending_changes": SessionChange.objects.filter(
            session__event=event, is_public=True, publication__isnull=True
        ).count(),
        "create_form": create_form,
        "people": people or PeopleFormSet(event=event),
        "needs_warnings": publish_warnings(event, sessions),
        "clashes": builder_warnings(event, sessions),
    }
    invalid = create_form.errors or (people is not None and not people.is_valid())
    return render(request, "sessions_app/builder.html", context, status=400 if invalid else 200)


def _create_initial(request: HttpRequest, day: dt.date) -> dict[str, Any]:
    """A click on a free cell links here with its room and start: an hour from there."""
    initial: dict[str, Any] = {"day": day, "format": Session.Format.WORKSHOP}
    try:
        start = dt.time.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        return initial
    end = dt.datetime.combine(day, start) + dt.timedelta(hours=1)
    initial = {**initial, "room": request.GET.get("room"), "start": start, "end": end.time()}
    return {**initial, "end_day": end.date()} if end.date() != day else initial


def back_to_builder(session: Session) -> str:
    url = reverse("sessions_app:builder", kwargs={"slug": session.event.slug})
    return f"{url}?day={local_day(session).isoformat()}"


def is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def errors_of(error: Exception) -> list[str]:
    if isinstance(error, services.SessionError):
        return [error.message]
    assert isinstance(error, ValidationError)
    return list(error.messages)


def form_errors(form: forms.Form) -> list[str]:
    return [f"{error}" for errors in form.errors.values() for error in errors]


# --- pages --------------------------------------------------------------------------------------
@require_safe
@login_required
def builder(request: HttpRequest, slug: str) -> HttpResponse:
    return builder_page(request, get_event(request, slug))


def session_page(
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
        # What apps above warn of before publishing, as on the builder's page (issue #18).
        "clashes": [text for _session, text in builder_warnings(event, [session])],
        "back": back_to_builder(session),
        "edit_form": forms.get("edit") or EditSessionForm(initial=details_initial(session)),
        "people": forms.get("people") or PeopleFormSet(event=event, session=session),
        "move_form": forms.get("move") or MoveSessionForm(event=event, initial=initial),
        "duplicate_form": forms.get("duplicate")
        or DuplicateSessionForm(event=event, initial=initial),
        **_interpretation(session),
    }
    return render(request, "sessions_app/builder_session.html", context, status=status)


def _interpretation(session: Session) -> dict[str, Any]:
    """The interpreters panel: what is booked, the AIIC team, the needs it leaves uncovered."""
    bookings = list(session.interpreter_bookings.all())
    needs = publish_warnings(session.event, [session])
    return {
        "bookings": bookings,
        "team_size": session_team_size(session),
        "understaffed": understaffed(session, bookings),
        "missing": needs[0][1] if needs else [],
        "booking_form": BookingForm(initial={"source_language": (session.languages or ["en"])[0]}),
    }


@require_safe
@login_required
def builder_session(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return session_page(request, get_session(request, slug, pk))


@require_safe
@login_required
def builder_preview(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """The conflicts the session would have in the room and at the time of the move form's
    fields, given in the query string; nothing is saved. builder.js asks while a block is
    dragged, so that the organizer sees a clash before the drop."""
    session = get_session(request, slug, pk)
    form = MoveSessionForm(request.GET, event=session.event)
    if not form.is_valid():
        return JsonResponse({"errors": form_errors(form)}, status=400)
    if session.is_cancelled:
        message = _("A cancelled session cannot be changed.")
        return JsonResponse({"errors": [message]}, status=400)
    data, event = form.cleaned_data, session.event
    sessions = [s for s in _event_sessions(event) if not s.is_cancelled]
    conflicts = conflicts_if_moved(
        [slot_of(s) for s in sessions],
        session.pk,
        room=data["room"],
        starts_at=data["starts_at"],
        ends_at=data.get("ends_at") or data["starts_at"] + (session.ends_at - session.starts_at),
        first_day=event.start_date,
        last_day=event.end_date,
    )
    return JsonResponse(
        {
            "conflicts": [
                {"kind": c.kind, "message": c.message, "sessions": list(c.session_ids)}
                for c in conflicts
            ],
            "reasons": _reasons(conflicts).get(session.pk, []),
        }
    )
