"""What the organizers' session endpoints accept and show.

Times must carry their UTC offset (2049-04-20T10:00:00+02:00): a bare wall-clock time would
have to guess the venue's zone. A session lies within a year of its event and lasts at most a
week, as in the builder (sessions_app.builder_forms), which also keeps the arithmetic in range.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.filters import MAX_ID
from api.organizer_serializers import StrictSerializer
from api.serializers import SessionSerializer
from events.models import Event, Room
from registrations.models import Registration
from sessions_app.builder_forms import MAX_DAYS_FROM_EVENT, MAX_SESSION_DAYS, event_rooms
from sessions_app.models import Session, Theme


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.Field):
    """ISO 8601 with an offset or Z; returned in UTC."""

    default_error_messages = {
        "invalid": _("Give a date and time in ISO 8601, e.g. 2049-04-20T10:00:00+02:00."),
        "naive": _("Give the time with its UTC offset, e.g. 2049-04-20T10:00:00+02:00."),
    }

    def to_internal_value(self, data: Any) -> dt.datetime:
        try:
            value = parse_datetime(data) if isinstance(data, str) and len(data) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            self.fail("invalid")
        assert value is not None
        if not timezone.is_aware(value):
            self.fail("naive")
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the year 1 in UTC
            self.fail("invalid")
            raise

    def to_representation(self, value: Any) -> Any:
        return value


class _When(StrictSerializer):
    """Room and times, checked against the event (set as self.event by the subclass)."""

    target: Event
    allow_conflicts = serializers.BooleanField(
        default=False,
        help_text="Save even if the agenda then has a conflict (a busy room or person, a day "
        "outside the event, a capacity over the room's). Without it such a change is refused "
        "with 409 and the conflicts.",
    )

    def room_of(self, room_id: int) -> Room:
        room = event_rooms(self.target).filter(pk=room_id).first()
        if room is None:
            raise serializers.ValidationError(
                {"room": [_("There is no room with this id at the event's venues.")]}
            )
        return room

    def check_times(self, starts_at: dt.datetime, ends_at: dt.datetime | None) -> None:
        event = self.target
        day = starts_at.date()
        if min(abs((day - event.start_date).days), abs((day - event.end_date).days)) > (
            MAX_DAYS_FROM_EVENT
        ):
            raise serializers.ValidationError(
                {"starts_at": [_("Choose a time within a year of the event's dates.")]}
            )
        if ends_at is None:
            return
        if ends_at <= starts_at:
            raise serializers.ValidationError(
                {"ends_at": [_("A session must end after it starts.")]}
            )
        if ends_at - starts_at > dt.timedelta(days=MAX_SESSION_DAYS):
            raise serializers.ValidationError({"ends_at": [_("A session lasts at most a week.")]})


class CreateSessionSerializer(_When):
    event = serializers.SlugField(help_text="The event's slug; the token must cover it")
    title = serializers.CharField(max_length=200)
    room = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="A room's id")
    starts_at = AwareDateTimeField()
    ends_at = AwareDateTimeField()
    slug = serializers.SlugField(
        max_length=100, required=False, help_text="Empty: made from the title"
    )
    format = serializers.ChoiceField(choices=Session.Format.choices, default="workshop")
    capacity = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, allow_null=True, default=None
    )
    description = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, default="", help_text="Markdown"
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=20, required=False, default=list
    )
    themes = serializers.ListField(
        child=serializers.SlugField(max_length=100),
        max_length=20,
        required=False,
        default=list,
        help_text="Themes' slugs",
    )
    join_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Session.Audience.choices, default="all")
    audience_offices = serializers.ListField(
        child=serializers.ChoiceField(choices=Registration.Office.choices),
        max_length=20,
        required=False,
        default=list,
    )

    def __init__(self, *args: Any, events: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = events  # the events the token covers

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        event = self.events.filter(slug=data["event"]).first()
        if event is None:
            raise serializers.ValidationError(
                {"event": [_("There is no event with this slug that this token covers.")]}
            )
        self.target = data["event"] = event
        data["room"] = self.room_of(data["room"])
        self.check_times(data["starts_at"], data["ends_at"])
        themes = list(Theme.objects.filter(slug__in=data["themes"]))
        if len(themes) != len(set(data["themes"])):
            raise serializers.ValidationError({"themes": [_("Unknown theme.")]})
        data["themes"] = themes
        if data["audience"] == Session.Audience.NETWORK_MEMBERS:
            raise serializers.ValidationError(
                {"audience": [_("Choose this audience in the agenda builder.")]}
            )
        if data["audience"] == Session.Audience.OFFICES and not data["audience_offices"]:
            raise serializers.ValidationError(
                {"audience_offices": [_("Choose at least one office.")]}
            )
        return data


class MoveSessionSerializer(_When):
    starts_at = AwareDateTimeField()
    ends_at = AwareDateTimeField(required=False, help_text="Empty: the session keeps its length")
    room = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Empty: the same room"
    )

    def __init__(self, *args: Any, session: Session | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if session is not None:
            self.session, self.target = session, session.event

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        room_id = data.get("room")
        # Empty: the room is the session's when the move holds the agenda lock (move_session).
        data["room"] = None if room_id is None else self.room_of(room_id)
        length = self.session.ends_at - self.session.starts_at
        self.check_times(data["starts_at"], data.get("ends_at") or data["starts_at"] + length)
        return data


class CancelSessionSerializer(StrictSerializer):
    """The body of cancel: nothing, or an empty JSON object."""


class OrganizerSessionSerializer(SessionSerializer):
    """A session as organizers see it: drafts too, with the revision (the calendar SEQUENCE)."""

    status = serializers.ChoiceField(choices=Session.Status.choices)
    revision = serializers.IntegerField(help_text="Goes up with each move or cancellation")
    join_url = serializers.CharField()
    audience = serializers.ChoiceField(choices=Session.Audience.choices)
