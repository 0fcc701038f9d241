"""Organizers set up each event's meeting slots and rooms or tables here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    MeetingChange,
    MeetingParticipant,
    MeetingRequest,
    MeetingRoom,
    MeetingSlot,
)


class MeetingSlotForm(forms.ModelForm):
    """Times as the event's clock shows them, not the site's UTC: the form reads and shows the
    wall-clock time at the event's main venue."""

    class Meta:
        model = MeetingSlot
        fields = ["event", "starts_at", "ends_at"]
        help_texts = {"starts_at": _("Local time at the event's main venue.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = self.instance.event.zone
            for name in ("starts_at", "ends_at"):
                local = getattr(self.instance, name).astimezone(zone).replace(tzinfo=None)
                self.initial[name] = local

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event = data.get("event")
        for name in ("starts_at", "ends_at"):
            value = data.get(name)
            if event is not None and value is not None:
                # The field made it aware in UTC; the organizer meant the venue's clock.
                data[name] = value.replace(tzinfo=None).replace(tzinfo=event.zone)
                setattr(self.instance, name, data[name])
        return data


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    form = MeetingSlotForm
    list_display = ["__str__", "event"]
    list_filter = ["event"]
    list_select_related = ["event__venue"]


@admin.register(MeetingRoom)
class MeetingRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "capacity", "room", "event"]
    list_filter = ["event"]
    list_select_related = ["event", "room"]


class ParticipantInline(admin.TabularInline):
    model = MeetingParticipant
    extra = 0
    raw_id_fields = ["registration"]


class ChangeInline(admin.TabularInline):
    model = MeetingChange
    extra = 0
    readonly_fields = ["kind", "by", "note", "at"]
    can_delete = False


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    """Read here; every change goes through the meeting pages, which run the checks."""

    list_display = ["topic", "requester", "recipient", "status", "confidential", "event"]
    list_filter = ["event", "status", "confidential"]
    list_select_related = [
        "event",
        "requester__city",
        "recipient__city",
        "requester__event",
        "recipient__event",
    ]
    readonly_fields = [f.name for f in MeetingRequest._meta.fields] + ["proposed_slots"]
    inlines = [ParticipantInline, ChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
