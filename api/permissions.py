"""Who may call the organizers' endpoints: a live organizer token, a write token to write."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from api.models import ApiToken


class OrganizerToken(permissions.BasePermission):
    message = _("This needs an organizer's API token with the write scope.")

    def has_permission(self, request: Any, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        return request.method in permissions.SAFE_METHODS or token.can_write
