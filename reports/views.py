"""The organizers' reports: the list of events, and each event's dashboard of figures, each a
chart with its table beside it, every row leading to the registrations behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.roles import is_organizer
from events.models import Event, Network
from registrations.access import get_delegation_for_coordinator, get_event_for_organizer
from reports.delegation_figures import delegation_figures
from reports.figures import event_figures
from reports.needs_figure import needs_figure
from reports.network_figures import network_events, network_figures
from reports.panels import list_links, panels


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    events = Event.objects.select_related("network").order_by("-start_date", "name")
    years = (
        Event.objects.annotate(year=ExtractYear("start_date"))
        .values_list("network__slug", "network__name", "year")
        .order_by("network__name", "-year")
        .distinct()
    )
    return render(request, "reports/list.html", {"events": events, "years": years})


@require_safe
@login_required
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    listing = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    charts = panels([*event_figures(event), needs_figure(event)], list_links(listing))
    return render(request, "reports/dashboard.html", {"event": event, "charts": charts})


@require_safe
@login_required
def network_dashboard(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    network = get_object_or_404(Network, slug=slug)
    events = network_events(network, year) if 1 <= year <= 9999 else []  # a date's years
    if not events:
        raise Http404
    charts = panels(network_figures(network, events), lambda row: row.url)
    context = {"network": network, "year": year, "events": events, "charts": charts}
    return render(request, "reports/network_dashboard.html", context)


@require_safe
@login_required
def delegation_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegation's figures for its coordinator (and organizers); anyone else gets 404."""
    delegation = get_delegation_for_coordinator(request, pk)
    charts = panels(delegation_figures(delegation), lambda row: "")
    context = {"delegation": delegation, "event": delegation.event, "charts": charts}
    return render(request, "reports/delegation_dashboard.html", context)
