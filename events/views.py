from __future__ import annotations

from django.conf import settings
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


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (issue #18): the standard we aim at, what we know falls
    short, and how to report a barrier."""
    context = {"contact": settings.SUMMIT_ORGANIZER_EMAIL, "reviewed": ACCESSIBILITY_REVIEWED}
    return render(request, "events/accessibility.html", context)


# When the statement was last checked against the site; change it with the statement.
ACCESSIBILITY_REVIEWED = "2026-12-07"
