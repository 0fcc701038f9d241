"""Organizers' pages of issue #18: the needs of the people holding seats, per session and per
venue (totals, not names), the names behind one session's totals when opened, and booking
interpreters per session. Organizers only: anyone else gets 403 (sign-in first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events.templatetags.summit import format_local_span
from sessions_app import services
from sessions_app.builder import get_event, get_session
from sessions_app.interpretation import bookings_by_session, session_team_size, understaffed
from sessions_app.interpretation_forms import BookingForm
from sessions_app.models import InterpreterBooking, Session
from sessions_app.needs_totals import Totals, event_totals, people_with_needs, uncovered


@require_safe
@login_required
def event_needs(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event(request, slug)
    sessions = Session.objects.filter(event=event).exclude(status=Session.Status.CANCELLED)
    sessions = sessions.select_related("room__venue")
    per_session, per_venue = event_totals(event)
    bookings = bookings_by_session(event)
    rows = []
    for session in sessions:
        totals = per_session.get(session.pk, Totals())
        booked = bookings.get(session.pk, [])
        rows.append(
            {
                "session": session,
                "when": format_local_span(session.starts_at, session.ends_at, session.time_zone),
                "totals": totals,
                "bookings": booked,
                "team": session_team_size(session),
                "missing": uncovered(totals, booked),
                "understaffed": understaffed(session, booked),
            }
        )
    venues = {s.room.venue_id: s.room.venue for s in sessions}
    context = {
        "event": event,
        "rows": rows,
        "venues": [(venue, per_venue.get(pk, Totals())) for pk, venue in venues.items()],
    }
    return render(request, "sessions_app/needs.html", context)


@require_safe
@login_required
def session_needs(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The names: opened on purpose, one session at a time."""
    session = get_session(request, slug, pk)
    context = {"event": session.event, "session": session, "people": people_with_needs(session)}
    return render(request, "sessions_app/needs_people.html", context)


@require_POST
@login_required
def book_interpreters(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session(request, slug, pk)
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            services.book_interpreters(session=session, **form.cleaned_data)
        except services.SessionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Interpreters booked."))
    else:
        for message in (m for errors in form.errors.values() for m in errors):
            messages.error(request, str(message))
    return redirect(_builder_session(session))


@require_POST
@login_required
def remove_booking(request: HttpRequest, slug: str, pk: int, booking: int) -> HttpResponse:
    session = get_session(request, slug, pk)
    found = get_object_or_404(InterpreterBooking, pk=booking, session=session)
    services.remove_booking(booking=found)
    messages.success(request, _("Booking removed."))
    return redirect(_builder_session(session))


def _builder_session(session: Session) -> str:
    url = reverse(
        "sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": session.pk}
    )
    return f"{url}#interpreters-h"
