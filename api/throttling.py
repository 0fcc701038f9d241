"""Rate limits: per token for organizers' programs, per address for anonymous readers.

The rates are read from settings when a request is throttled, not when this module is
imported (DRF's own classes copy them at import), so settings and tests can change them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from api.models import ApiToken


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return str(settings.API_ANON_RATE)


class TokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        return str(settings.API_TOKEN_RATE)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
