"""How many meeting requests an event has, by status: the only thing about meetings the
organizers' dashboard shows (no topic, no delegation: confidential ones are counted alike)."""

from __future__ import annotations

from django.db.models import Count

from events.models import Event
from meetings.models import MeetingRequest


def status_counts(event: Event) -> list[tuple[str, int]]:
    """(status label, count) for every status, in the statuses' order; one query."""
    found = dict(
        MeetingRequest.objects.filter(event=event)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [(str(label), found.get(status, 0)) for status, label in MeetingRequest.Status.choices]
