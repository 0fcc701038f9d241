"""Select widgets for long lists built once per process: 400 cities, 249 countries and 91
languages make the registration form's page. Rendered through Django's option templates they
cost about 30 ms per page; rendered once per list and kept, they cost nothing the next time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.safestring import SafeString


class NormalizedChoices(BaseChoiceIterator):
    """Choices normalised once. Django normalises a plain list again each time a field's or a
    widget's choices are set (three times per form for the 400 cities), but keeps a
    BaseChoiceIterator as it is: so lists built once per process are not walked on every form.

    `rendered` keeps the HTML of the widgets drawn from these choices (RenderedOnce): it lives
    as long as the choices, which are rebuilt when what they list changes."""

    def __init__(self, choices: Any) -> None:
        self.choices = normalize_choices(choices)
        self.rendered: dict[str, SafeString] = {}

    def __iter__(self) -> Any:
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


class RenderedOnce(forms.Select):
    """A select drawn from NormalizedChoices renders its HTML once per name and attributes
    while nothing is chosen (a form shown for the first time), and keeps it with the choices.

    A chosen value is rendered every time: it comes from a posted form, so keeping it would
    let anyone grow the memory with made-up values."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        choices = self.choices
        if not isinstance(choices, NormalizedChoices) or value not in (None, "", []):
            return super().render(name, value, attrs, renderer)
        key = repr((type(self), name, sorted({**self.attrs, **(attrs or {})}.items()), renderer))
        html = choices.rendered.get(key)
        if html is None:
            html = choices.rendered[key] = super().render(name, value, attrs, renderer)
        return html


class SharedSelect(RenderedOnce):
    pass


class SharedSelectMultiple(RenderedOnce, forms.SelectMultiple):
    pass


class CitySelect(RenderedOnce):
    """A select of cities grouped by country; each option names its country in data-country,
    for the script that narrows the list to the chosen country."""

    def __init__(self, *args: Any, country_of: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country_of = country_of or {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.country_of:
            option["attrs"]["data-country"] = self.country_of[str(value)]
        return option
