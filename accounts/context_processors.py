from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.roles import is_organizer


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"is_organizer": is_organizer(getattr(request, "user", None))}
