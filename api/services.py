"""Making and revoking API tokens."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from api.models import PREFIX_LENGTH, ApiToken
from events.models import Event


@transaction.atomic
def create_api_token(
    *, name: str, scope: str, event: Event | None, by: User, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token; returns it with the raw secret, which is stored nowhere: show it once."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        name=name,
        scope=scope,
        event=event,
        prefix=raw[:PREFIX_LENGTH],
        token_hash=ApiToken.hash(raw),
        created_by=by,
        expires_at=expires_at,
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> bool:
    """Revoke a live token at once; False when it was revoked already (a double click)."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(revoked)
