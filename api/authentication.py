"""`Authorization: Bearer smt_…`: an organizer's API token (api.models.ApiToken).

A request with no Authorization header is anonymous (the public endpoints answer it); a header
with a wrong, revoked or orphaned token is refused with 401 everywhere, so a client learns at
once that its token stopped working instead of silently getting the public view.
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.roles import is_organizer
from api.models import PREFIX_LENGTH, TOKEN_START, ApiToken

KEYWORD = "Bearer"
# last_used_at is written at most this often per token: not one UPDATE per request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send one token: Authorization: Bearer …"))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token.")) from None
        token = find_live_token(raw)
        if token is None or not _acts_for_organizer(token):
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        _touch(token)
        return token.created_by, token

    def authenticate_header(self, request: Any) -> str:
        return f'{KEYWORD} realm="api"'


def find_live_token(raw: str) -> ApiToken | None:
    """The live token with this secret, or None: wrong and revoked tokens look the same. The
    hash is compared in constant time after the lookup by prefix."""
    if not raw.startswith(TOKEN_START) or len(raw) > 100:
        return None
    digest = ApiToken.hash(raw)
    candidates = ApiToken.objects.live().filter(prefix=raw[:PREFIX_LENGTH])
    for token in candidates.select_related("created_by"):
        if hmac.compare_digest(token.token_hash, digest):
            return token
    return None


def _acts_for_organizer(token: ApiToken) -> bool:
    user = token.created_by
    return bool(user.is_active and is_organizer(user))


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An organizer's API token (smt_…), made at /organizers/api-tokens/.",
        }
