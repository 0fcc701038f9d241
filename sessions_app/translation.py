"""Which session and theme texts organizers may write in every site language
(django-modeltranslation: one column per language). See summit/settings.py."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from sessions_app.models import Session, Theme


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
    # Names are unique in every language: a name not translated is NULL, not a second "".
    empty_values = None
