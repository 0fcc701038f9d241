"""Organizers set up each event's meeting slots and rooms or tables here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from meetings.models import (
    MeetingChange,
    MeetingParticipant,
    MeetingRequest,
    MeetingRoom,
    MeetingSlot,
)


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
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
