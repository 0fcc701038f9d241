"""The public endpoints: published events, their agenda (rooms, sessions, people).

Only what the public pages show: published events, and sessions that were published (a
cancelled one stays, marked cancelled); drafts never. Every list costs a fixed number of
queries, whatever its length (tests/api/test_queries.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from api import filters, serializers
from api.ids import find_session, session_public_id
from events.models import Event, Room
from sessions_app.models import Session, SessionPerson

TAGS = ["public"]


def published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().for_listing(), slug=slug)


def public_sessions() -> Any:
    people = SessionPerson.objects.select_related("city")
    return (
        Session.objects.public()
        .filter(event__is_published=True)
        .select_related("event", "room__venue__city")
        .prefetch_related("themes", Prefetch("people", queryset=people))
        .order_by("starts_at", "room__name", "pk")
    )


@extend_schema(tags=TAGS, parameters=[filters.EventFilters])
class EventList(generics.ListAPIView):
    """Published events, soonest first."""

    serializer_class = serializers.EventSerializer

    def get_queryset(self) -> Any:
        chosen = filters.validated(filters.EventFilters, self.request.query_params)
        events = Event.objects.published().for_listing().order_by("start_date", "name", "pk")
        return filters.EventFilters.apply(events, chosen)


@extend_schema(tags=TAGS)
class EventDetail(generics.RetrieveAPIView):
    """One published event."""

    serializer_class = serializers.EventSerializer

    def get_object(self) -> Event:
        return published_event(self.kwargs["slug"])


@extend_schema(tags=TAGS)
class RoomList(generics.ListAPIView):
    """The rooms of the event's venues (its main venue and the others)."""

    serializer_class = serializers.RoomSerializer

    def get_queryset(self) -> Any:
        event = published_event(self.kwargs["slug"])
        at_event = Q(venue_id=event.venue_id) | Q(venue__in=event.other_venues.all())
        rooms = Room.objects.filter(at_event).select_related("venue__city")
        return rooms.order_by("venue__name", "name", "pk")


@extend_schema(tags=TAGS, parameters=[filters.SessionFilters])
class SessionList(generics.ListAPIView):
    """The event's public agenda in order: published sessions and cancelled ones that had been
    published (status "cancelled"). Times on the venue's clocks, with its zone."""

    serializer_class = serializers.SessionSerializer

    def get_queryset(self) -> Any:
        event = published_event(self.kwargs["slug"])
        chosen = filters.validated(filters.SessionFilters, self.request.query_params)
        sessions = public_sessions().filter(event=event)
        return filters.SessionFilters.apply(sessions, chosen, event)


@extend_schema(tags=TAGS)
class SessionDetail(generics.RetrieveAPIView):
    """One public session, by its public id (the UUID in its calendar UID)."""

    serializer_class = serializers.SessionSerializer

    def get_object(self) -> Session:
        return find_public_session(self.kwargs["public_id"])


def find_public_session(public_id: uuid.UUID) -> Session:
    return find_session(public_sessions(), public_id)


@extend_schema(tags=TAGS, parameters=[filters.PeopleFilters])
class PeopleList(generics.ListAPIView):
    """Speakers and moderators on the event's public agenda, by name, each once with their
    sessions. As billed on the agenda: name, office and city, nothing else."""

    serializer_class = serializers.PersonSerializer

    def get_queryset(self) -> Any:
        event = published_event(self.kwargs["slug"])
        chosen = filters.validated(filters.PeopleFilters, self.request.query_params)
        sessions = Session.objects.public().filter(event=event)
        rows = (
            SessionPerson.objects.filter(session__in=sessions)
            .order_by("name", "session__starts_at", "pk")
            .values(*PERSON_FIELDS)
        )
        people = people_of(rows)
        if "role" in chosen:
            people = [p for p in people if any(s["role"] == chosen["role"] for s in p["sessions"])]
        return people


PERSON_FIELDS = ("user_id", "name", "office", "city__name", "city__country", "session__uid", "role")


def people_of(rows: Any) -> list[dict[str, Any]]:
    """One entry per person, in name order: a registered person by their account, a guest by
    their name. Name, office and city as on their first session."""
    people: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = f"user:{row['user_id']}" if row["user_id"] else f"name:{row['name'].casefold()}"
        person = people.setdefault(key, _person(row))
        session = {"id": session_public_id(row["session__uid"]), "role": row["role"]}
        person["sessions"].append(session)
    return list(people.values())


def _person(row: dict[str, Any]) -> dict[str, Any]:
    city = None
    if row["city__name"] is not None:
        city = {"name": row["city__name"], "country": {"code": row["city__country"]}}
    return {"name": row["name"], "office": row["office"], "city": city, "sessions": []}
