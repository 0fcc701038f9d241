"""The organizers' reports: the list of events, and each event's dashboard of figures, each a
chart with its table beside it, every row leading to the registrations behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.roles import is_organizer
from events.models import Event
from registrations.access import get_event_for_organizer
from reports.figures import event_figures
from reports.panels import list_links, panels


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    events = Event.objects.select_related("network").order_by("-start_date", "name")
    return render(request, "reports/list.html", {"events": events})


@require_safe
@login_required
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    listing = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    charts = panels(event_figures(event), list_links(listing))
    return render(request, "reports/dashboard.html", {"event": event, "charts": charts})
