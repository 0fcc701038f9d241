"""Which event texts organizers may write in every site language (django-modeltranslation adds
a column per language: description_da, description_fi, ...). See summit/settings.py."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from events.models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("summary", "description")
