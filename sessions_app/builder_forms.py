"""Forms of the organizers' agenda builder. They validate and clean: local wall-clock times in
the chosen room's venue zone become aware UTC datetimes; the services decide and write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from events.models import Event, Room
from sessions_app.models import Session


def event_rooms(event: Event) -> QuerySet[Room]:
    """The rooms of the event's main venue and of its other venues (one query when read)."""
    at_event = Q(venue_id=event.venue_id) | Q(venue_id__in=event.other_venues.values("pk"))
    return Room.objects.filter(at_event).select_related("venue").order_by("venue__name", "name")


def event_days(event: Event) -> list[dt.date]:
    days = (event.end_date - event.start_date).days + 1
    return [event.start_date + dt.timedelta(days=n) for n in range(days)]


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.venue.name}, {obj.venue.time_zone})"


class _WhenForm(forms.Form):
    """Room, day and local start/end on the room's venue clocks -> aware UTC times."""

    room = RoomChoiceField(label=_("Room"), queryset=Room.objects.none())
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Starts (local time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("Ends (local time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        room = self.fields["room"]
        assert isinstance(room, forms.ModelChoiceField)
        room.queryset = event_rooms(event)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        room, day = data.get("room"), data.get("day")
        if room is None or day is None or data.get("start") is None:
            return data
        zone = room.venue.zone
        data["starts_at"] = dt.datetime.combine(day, data["start"], tzinfo=zone).astimezone(dt.UTC)
        if data.get("end") is not None:
            ends_at = dt.datetime.combine(day, data["end"], tzinfo=zone).astimezone(dt.UTC)
            if ends_at <= data["starts_at"]:
                self.add_error("end", _("A session must end after it starts."))
            data["ends_at"] = ends_at
        return data


class CreateSessionForm(_WhenForm):
    """A new draft in a free slot."""

    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    field_order = ["title", "format", "room", "day", "start", "end"]


class MoveSessionForm(_WhenForm):
    """Move (room and time) or resize (a new end): one form, so drag and drop posts it too."""


class DuplicateSessionForm(_WhenForm):
    """Where the copy goes; it keeps the original's length."""

    end = None  # type: ignore[assignment]


class EditSessionForm(forms.Form):
    """The details that are no move: a title or format fix does not bump the revision."""

    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Empty: the room's capacity."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


def when_initial(session: Session) -> dict[str, Any]:
    """A session's room, local day and local times, as the forms' initial values."""
    start, end = (
        session.starts_at.astimezone(session.zone),
        session.ends_at.astimezone(session.zone),
    )
    return {
        "room": session.room_id,
        "day": start.date(),
        "start": start.time().replace(tzinfo=None),
        "end": end.time().replace(tzinfo=None),
    }
