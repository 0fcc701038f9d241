from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.roles import is_organizer
from events.models import Event, EventQuerySet


def _visible_events(request: HttpRequest) -> EventQuerySet:
    events = Event.objects.for_listing()
    return events if is_organizer(request.user) else events.published()


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    events = _visible_events(request)
    return render(
        request,
        "events/home.html",
        {
            "upcoming": events.upcoming(today),
            "past": events.past(today),
        },
    )


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        _visible_events(request).prefetch_related("other_venues__city"), slug=slug
    )
    return render(
        request,
        "events/event_detail.html",
        {"event": event, "is_past": event.is_past(timezone.localdate())},
    )
