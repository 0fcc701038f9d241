"""The query parameters of the list endpoints, validated: a bad value is a 400 that names it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from checkin.models import Checkin
from events.models import Event
from registrations.models import Delegation, Registration
from sessions_app.models import Session, SessionPerson, Signup

MAX_ID = 2**63 - 1  # a bigger id is not one (PostgreSQL would refuse it with an error)


def validated(filters: type[serializers.Serializer], params: Any) -> dict[str, Any]:
    form = filters(data={name: params.get(name) for name in filters().fields if name in params})
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


class EventFilters(serializers.Serializer):
    network = serializers.SlugField(required=False, help_text="The organizing network's slug")
    kind = serializers.ChoiceField(choices=Event.Kind.choices, required=False)
    ends_after = serializers.DateField(
        required=False, help_text="Only events whose last day is on or after this date"
    )

    @staticmethod
    def apply(events: QuerySet[Event], chosen: dict[str, Any]) -> QuerySet[Event]:
        if "network" in chosen:
            events = events.filter(network__slug=chosen["network"])
        if "kind" in chosen:
            events = events.filter(kind=chosen["kind"])
        if "ends_after" in chosen:
            events = events.filter(end_date__gte=chosen["ends_after"])
        return events


class SessionFilters(serializers.Serializer):
    day = serializers.DateField(required=False, help_text="A day on the event's clocks")
    room = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    theme = serializers.SlugField(required=False, help_text="A theme's slug")
    format = serializers.ChoiceField(choices=Session.Format.choices, required=False)
    status = serializers.ChoiceField(
        choices=[Session.Status.PUBLISHED.value, Session.Status.CANCELLED.value], required=False
    )

    @staticmethod
    def apply(sessions: QuerySet[Session], chosen: dict[str, Any], event: Event) -> Any:
        if "day" in chosen:
            start = dt.datetime.combine(chosen["day"], dt.time(), tzinfo=event.zone)
            end = dt.datetime.combine(chosen["day"] + dt.timedelta(days=1), dt.time(), event.zone)
            sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
        if "room" in chosen:
            sessions = sessions.filter(room_id=chosen["room"])
        if "theme" in chosen:
            sessions = sessions.filter(themes__slug=chosen["theme"])
        for name in ("format", "status"):
            if name in chosen:
                sessions = sessions.filter(**{name: chosen[name]})
        return sessions


class PeopleFilters(serializers.Serializer):
    role = serializers.ChoiceField(choices=SessionPerson.Role.choices, required=False)


class RegistrationFilters(serializers.Serializer):
    event = serializers.SlugField(required=False, help_text="The event's slug")
    status = serializers.ChoiceField(choices=Registration.Status.choices, required=False)
    country = serializers.RegexField(
        r"^[A-Z]{2}$", required=False, help_text="ISO 3166-1 alpha-2, e.g. DK"
    )
    city = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    @staticmethod
    def apply(rows: QuerySet[Registration], chosen: dict[str, Any]) -> QuerySet[Registration]:
        lookups = {"event": "event__slug", "status": "status", "country": "country"}
        lookups["city"] = "city_id"
        return rows.filter(**{lookups[name]: value for name, value in chosen.items()})


class DelegationFilters(serializers.Serializer):
    event = serializers.SlugField(required=False, help_text="The event's slug")
    country = serializers.RegexField(
        r"^[A-Z]{2}$", required=False, help_text="ISO 3166-1 alpha-2, e.g. DK"
    )
    city = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    has_coordinator = serializers.BooleanField(required=False, allow_null=True, default=None)

    @staticmethod
    def apply(rows: QuerySet[Delegation], chosen: dict[str, Any]) -> QuerySet[Delegation]:
        lookups = {"event": "event__slug", "country": "city__country", "city": "city_id"}
        rows = rows.filter(**{lookups[k]: v for k, v in chosen.items() if k in lookups})
        if chosen.get("has_coordinator") is not None:
            rows = rows.filter(coordinator__isnull=not chosen["has_coordinator"])
        return rows


class SignupFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Signup.Status.choices, required=False)

    @staticmethod
    def apply(rows: QuerySet[Signup], chosen: dict[str, Any]) -> QuerySet[Signup]:
        return rows.filter(**chosen)


class CheckinFilters(serializers.Serializer):
    event = serializers.SlugField(required=False, help_text="The event's slug")
    session = serializers.UUIDField(
        required=False, help_text="A session's public id: its check-in list only"
    )
    entrance = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: the entrance list only"
    )
    result = serializers.ChoiceField(choices=Checkin.Result.choices, required=False)
    direction = serializers.ChoiceField(choices=Checkin.Direction.choices, required=False)
    since = serializers.DateTimeField(
        required=False, help_text="Only check-ins recorded after this moment (ISO 8601)"
    )

    @staticmethod
    def apply(rows: QuerySet[Checkin], chosen: dict[str, Any]) -> QuerySet[Checkin]:
        lookups = {"event": "checkin_list__event__slug", "result": "result"}
        lookups |= {"direction": "direction", "since": "created_at__gt"}
        rows = rows.filter(**{lookups[k]: v for k, v in chosen.items() if k in lookups})
        if chosen.get("entrance") is not None:
            rows = rows.filter(checkin_list__session__isnull=chosen["entrance"])
        return rows


class OrganizerSessionFilters(serializers.Serializer):
    event = serializers.SlugField(required=False, help_text="The event's slug")
    status = serializers.ChoiceField(choices=Session.Status.choices, required=False)
    room = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    @staticmethod
    def apply(rows: QuerySet[Session], chosen: dict[str, Any]) -> QuerySet[Session]:
        lookups = {"event": "event__slug", "status": "status", "room": "room_id"}
        return rows.filter(**{lookups[name]: value for name, value in chosen.items()})
