"""What the public endpoints show: published events and their agenda, as on the public pages.

Only what the public agenda shows: no e-mail, no user id, no join link, no sign-ups. Times are
ISO 8601 with the offset of the venue's zone, and the zone is named beside them.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.ids import session_public_id
from events.models import Event
from registrations.models import Registration
from sessions_app.models import Session, SessionPerson


def local_iso(value: dt.datetime | None, time_zone: str) -> str | None:
    """An aware datetime as ISO 8601 on the zone's clocks: 2049-04-20T10:00:00+02:00."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(time_zone)).isoformat()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


# --- shared pieces --------------------------------------------------------------------------------
class CitySerializer(serializers.Serializer):
    name = serializers.CharField()
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2")


class NetworkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class VenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    city = CitySerializer()
    time_zone = serializers.CharField(help_text="IANA time zone, e.g. Europe/Copenhagen")


class ThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


# --- events ---------------------------------------------------------------------------------------
class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    network = NetworkSerializer()
    host_city = CitySerializer()
    venue = VenueSerializer()
    time_zone = serializers.CharField(help_text="The main venue's IANA time zone")
    start_date = serializers.DateField(help_text="First day, local to the venue")
    end_date = serializers.DateField(help_text="Last day, local to the venue")
    registration_opens_at = serializers.SerializerMethodField()
    registration_closes_at = serializers.SerializerMethodField()
    summary = serializers.CharField()
    description = serializers.CharField(help_text="Plain text")
    url = serializers.SerializerMethodField()

    @extend_schema_field({"type": ["string", "null"], "format": "date-time"})
    def get_registration_opens_at(self, event: Event) -> str | None:
        return local_iso(event.registration_opens_at, event.time_zone)

    @extend_schema_field({"type": ["string", "null"], "format": "date-time"})
    def get_registration_closes_at(self, event: Event) -> str | None:
        return local_iso(event.registration_closes_at, event.time_zone)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event: Event) -> str:
        return absolute(event.get_absolute_url())


# --- rooms ----------------------------------------------------------------------------------------
class RoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    venue = VenueSerializer()


# --- sessions and people --------------------------------------------------------------------------
class BilledPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=SessionPerson.Role.choices)
    office = serializers.ChoiceField(
        choices=[("", ""), *Registration.Office.choices], help_text="Empty when not given"
    )
    city = CitySerializer(allow_null=True)


class SessionRoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    venue = serializers.CharField(source="venue.name")


class SessionSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField(help_text="The UUID in the session's calendar UID")
    event = serializers.SlugField(source="event.slug")
    title = serializers.CharField()
    slug = serializers.SlugField()
    description = serializers.CharField(help_text="Markdown")
    format = serializers.ChoiceField(choices=Session.Format.choices)
    status = serializers.ChoiceField(
        choices=[Session.Status.PUBLISHED.value, Session.Status.CANCELLED.value]
    )
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    time_zone = serializers.CharField(help_text="The venue's IANA time zone")
    room = SessionRoomSerializer()
    capacity = serializers.IntegerField(source="effective_capacity")
    languages = serializers.ListField(child=serializers.CharField())
    themes = ThemeSerializer(many=True)
    people = BilledPersonSerializer(many=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.UUID)
    def get_id(self, session: Session) -> uuid.UUID:
        return session_public_id(session.uid)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, session: Session) -> str | None:
        return local_iso(session.starts_at, session.time_zone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, session: Session) -> str | None:
        return local_iso(session.ends_at, session.time_zone)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, session: Session) -> str:
        return absolute(session.get_absolute_url())


class PersonSessionSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The session's public id")
    role = serializers.ChoiceField(choices=SessionPerson.Role.choices)


class PersonSerializer(serializers.Serializer):
    """Someone billed on the event's public agenda, once however many sessions they have."""

    name = serializers.CharField()
    office = serializers.ChoiceField(choices=[("", ""), *Registration.Office.choices])
    city = CitySerializer(allow_null=True)
    sessions = PersonSessionSerializer(many=True)
