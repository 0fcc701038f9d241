"""What the organizers' endpoints show and accept. Everything an organizer sees on the
registrations page and in its CSV export; nothing more."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import local_iso
from registrations.models import Registration


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a typo must not pass as "nothing to change"."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Unknown field.")] for name in unknown}, code="unknown"
                )
        return super().to_internal_value(data)


class DecisionSerializer(StrictSerializer):
    """The body of approve and decline: nothing, or an empty JSON object."""


class RegistrationCitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(source="country.code")
    is_confirmed = serializers.BooleanField()


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.SlugField(source="event.slug")
    status = serializers.ChoiceField(choices=Registration.Status.choices)
    badge_name = serializers.CharField()
    email = serializers.EmailField(source="user.email")
    office = serializers.ChoiceField(choices=Registration.Office.choices)
    organization = serializers.CharField()
    city = RegistrationCitySerializer()
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2")
    phone = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    created_at = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created_at(self, registration: Registration) -> str | None:
        return local_iso(registration.created_at, registration.event.time_zone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, registration: Registration) -> str | None:
        return local_iso(registration.updated_at, registration.event.time_zone)
