"""The administration: badges (an organizer may set the role printed on one), lists, staff,
and the scan records, which are read-only (append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from checkin.models import Badge, Checkin, CheckinList, CheckinStaff


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["registration", "role", "issued_at", "revoked_at"]
    list_filter = ["role", "registration__event"]
    search_fields = ["registration__badge_name", "registration__user__email"]
    raw_id_fields = ["registration", "issued_by"]
    readonly_fields = ["registration", "issued_by", "issued_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # badges are made by checkin.services


@admin.register(CheckinList)
class CheckinListAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "session"]
    list_filter = ["event"]
    raw_id_fields = ["session"]


@admin.register(CheckinStaff)
class CheckinStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "granted_by", "granted_at"]
    list_filter = ["event"]
    raw_id_fields = ["user", "granted_by"]


@admin.register(Checkin)
class CheckinAdmin(admin.ModelAdmin):
    list_display = ["created_at", "checkin_list", "registration", "direction", "result", "staff"]
    list_filter = ["result", "direction", "method", "checkin_list__event"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
