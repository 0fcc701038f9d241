"""The languages people choose, and which one applies: to a request (accounts.middleware), to a
mail (mail_language), to a new account (accounts.adapter)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_supported_language_variant

from accounts.models import User


def supported_language(code: str | None) -> str | None:
    """`code` as one of settings.LANGUAGES ("nb-NO" gives "nb"); None for an empty code or one
    Summit does not speak."""
    if not code:
        return None
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def mail_language(*, to: str, preference: str | None = None, default: str | None = None) -> str:
    """The language a mail to the address `to` is written in: the recipient's, never that of
    whoever caused the mail.

    `preference` is the recipient's User.language when the caller holds their account ("" if
    they never chose); None looks up the account with that address. Without a choice: `default`,
    else settings.LANGUAGE_CODE.
    """
    if preference is None:
        accounts = User.objects.filter(email__iexact=to)
        preference = accounts.values_list("language", flat=True).first()
    return supported_language(preference) or supported_language(default) or settings.LANGUAGE_CODE
