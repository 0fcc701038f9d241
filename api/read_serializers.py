"""What the organizers' read endpoints for delegations, sign-ups and check-ins show: what the
organizers' pages show of them, nothing more."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.ids import session_public_id
from api.organizer_serializers import RegistrationCitySerializer
from api.serializers import local_iso
from checkin.models import Checkin
from registrations.models import Delegation, RegistrationPolicy
from sessions_app.models import Signup

NULLABLE_INT = {"type": ["integer", "null"]}


class AccountSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(source="get_full_name")


class DelegationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.SlugField(source="event.slug")
    city = RegistrationCitySerializer()
    coordinator = AccountSerializer(allow_null=True)
    quota = serializers.SerializerMethodField(
        help_text="The city's seats: the delegation's own quota, else the event's per city; "
        "null: no limit"
    )
    quota_override = serializers.IntegerField(allow_null=True)
    approved = serializers.IntegerField(help_text="Approved registrations")
    pending = serializers.IntegerField(help_text="Submitted or pending approval")
    waitlisted = serializers.IntegerField()
    created_at = serializers.SerializerMethodField()

    @extend_schema_field(NULLABLE_INT)
    def get_quota(self, delegation: Delegation) -> int | None:
        try:
            policy = delegation.event.registration_policy
        except RegistrationPolicy.DoesNotExist:
            policy = RegistrationPolicy(event=delegation.event)
        return delegation.quota(policy)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created_at(self, delegation: Delegation) -> str | None:
        return local_iso(delegation.created_at, delegation.event.time_zone)


class SignupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session = serializers.SerializerMethodField(help_text="The session's public id")
    status = serializers.ChoiceField(choices=Signup.Status.choices)
    person = AccountSerializer(source="user")
    registration = serializers.IntegerField(
        source="registration_id",
        allow_null=True,
        help_text="The person's registration at the event (its id in /registrations/)",
    )
    created_at = serializers.SerializerMethodField(help_text="The waiting list's order")
    updated_at = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.UUID)
    def get_session(self, signup: Signup) -> uuid.UUID:
        return session_public_id(signup.session.uid)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created_at(self, signup: Signup) -> str | None:
        return local_iso(signup.created_at, signup.session.time_zone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_updated_at(self, signup: Signup) -> str | None:
        return local_iso(signup.updated_at, signup.session.time_zone)


class CheckinListSerializer(serializers.Serializer):
    entrance = serializers.BooleanField(source="is_entrance")
    session = serializers.SerializerMethodField(help_text="null for the entrance")
    name = serializers.CharField()

    @extend_schema_field({"type": ["string", "null"], "format": "uuid"})
    def get_session(self, checkin_list: Any) -> uuid.UUID | None:
        if checkin_list.session is None:
            return None
        return session_public_id(checkin_list.session.uid)


class CheckinRegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    badge_name = serializers.CharField()


class CheckinSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.SlugField(source="checkin_list.event.slug")
    list = CheckinListSerializer(source="checkin_list")
    registration = CheckinRegistrationSerializer(
        allow_null=True, help_text="null for an unknown code, or once the person was erased"
    )
    result = serializers.ChoiceField(choices=Checkin.Result.choices)
    direction = serializers.ChoiceField(choices=Checkin.Direction.choices)
    method = serializers.ChoiceField(choices=Checkin.Method.choices)
    staff = serializers.EmailField(source="staff.email", allow_null=True)
    device = serializers.CharField()
    scanned_at = serializers.SerializerMethodField(help_text="The device's clock; may be null")
    created_at = serializers.SerializerMethodField(help_text="When the server recorded it")

    @extend_schema_field({"type": ["string", "null"], "format": "date-time"})
    def get_scanned_at(self, checkin: Checkin) -> str | None:
        return local_iso(checkin.scanned_at, checkin.checkin_list.event.time_zone)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_created_at(self, checkin: Checkin) -> str | None:
        return local_iso(checkin.created_at, checkin.checkin_list.event.time_zone)
