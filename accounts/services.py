"""Writes to accounts."""

from __future__ import annotations

from django.db import transaction

from accounts.languages import supported_language
from accounts.models import User


@transaction.atomic
def choose_language(*, user: User, language: str) -> str:
    """Store the language `user` reads the site and their mails in; returns it as stored
    ("nb-NO" is stored "nb"). ValueError for a language Summit does not speak."""
    chosen = supported_language(language)
    if chosen is None:
        raise ValueError(f"Not one of settings.LANGUAGES: {language!r}")
    if user.language != chosen:
        user.language = chosen
        user.save(update_fields=["language"])
    return chosen
