"""Texts organizers write in every site language (issue #18), read for one language.

django-modeltranslation keeps one column per language (`title_da`, `title_fi`, ...); reading
`session.title` gives the active language's text, else the original (the English column, see
MODELTRANSLATION_DEFAULT_LANGUAGE). Code that must not depend on the active language (the
calendars, which are pure) asks for a language by name with `in_language`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as active_language

ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
__all__ = ["ORIGINAL", "active_language", "in_language", "lookups", "translation_fields"]


def in_language(obj: models.Model, field: str, language: str | None) -> str:
    """`obj.field` in `language`, else the original; None: the active language. Reads the
    columns already loaded, so it runs no query."""
    if language is None:
        return str(getattr(obj, field) or "")
    for code in dict.fromkeys((language, ORIGINAL)):
        value = getattr(obj, build_localized_fieldname(field, code), None)
        if value:
            return str(value)
    return str(obj.__dict__.get(field) or "")


def lookups(path: str) -> tuple[str, str]:
    """The active language's column and the original's behind a lookup such as "theme__name",
    for queries through a model modeltranslation does not rewrite (an M2M's through model):
    read both and take the first that is not empty."""
    return f"{path}_{active_language()}", f"{path}_{ORIGINAL}"


def translation_fields(field: str) -> list[tuple[str, str]]:
    """(language, column) for each site language but the original's: what organizers fill in
    besides the original."""
    return [
        (code, build_localized_fieldname(field, code))
        for code, _name in settings.LANGUAGES
        if code != ORIGINAL
    ]
