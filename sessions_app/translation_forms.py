"""The builder's per-language block (issue #18): a session's title and description in each
site language besides the original. Empty fields fall back to the original where shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.translated import ORIGINAL

TEXTS = {"title": 200, "description": None}  # field -> max length (None: a long text)


def other_languages() -> list[tuple[str, str]]:
    """(code, name in itself) of every site language but the original's."""
    return [(code, name) for code, name in settings.LANGUAGES if code != ORIGINAL]


def columns() -> list[str]:
    return [f"{field}_{code}" for code, _name in other_languages() for field in TEXTS]


def add_translation_fields(form: forms.Form) -> None:
    for code, name in other_languages():
        form.fields[f"title_{code}"] = forms.CharField(
            label=_("Title in %(language)s") % {"language": name},
            max_length=TEXTS["title"],
            required=False,
        )
        form.fields[f"description_{code}"] = forms.CharField(
            label=_("Description in %(language)s") % {"language": name},
            widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            required=False,
        )
        form.fields[f"title_{code}"].widget.attrs["lang"] = code


def collect_translations(data: dict[str, Any]) -> dict[str, Any]:
    """Move the per-language fields of cleaned data into data["translations"]."""
    data["translations"] = {name: data.pop(name) or "" for name in columns() if name in data}
    return data


def translation_blocks(form: forms.Form) -> list[tuple[str, str, list[forms.BoundField]]]:
    """(code, language name, its bound fields) for the template's compact block."""
    return [
        (code, name, [form[f"{field}_{code}"] for field in TEXTS])
        for code, name in other_languages()
    ]


def translations_initial(session: Any) -> dict[str, str]:
    return {name: getattr(session, name) or "" for name in columns()}
