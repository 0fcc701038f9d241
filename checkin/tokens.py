"""What a badge's QR code holds: the badge's random code, signed with the site's key.

`<code>:<signature>`, about 66 characters of URL-safe base64: 128 random bits (the code) plus
an HMAC-SHA256 of it under SECRET_KEY (django.core.signing, so SECRET_KEY_FALLBACKS still read
badges printed before a key rotation). No personal data; nothing that works as a QR code is
stored, because the database holds only the code.
"""

from __future__ import annotations

import secrets

from django.core import signing

SALT = "checkin.badge"
# A real payload is 66 characters; anything much longer is not ours and is not even checked.
MAX_PAYLOAD = 200


def new_code() -> str:
    return secrets.token_urlsafe(16)


def payload_for(code: str) -> str:
    return signing.Signer(salt=SALT).sign(code)


def code_from(payload: str) -> str | None:
    """The badge code a scanned payload carries, or None for anything we did not sign."""
    payload = payload.strip()
    if not payload or len(payload) > MAX_PAYLOAD:
        return None
    try:
        return signing.Signer(salt=SALT).unsign(payload)
    except signing.BadSignature:
        return None
