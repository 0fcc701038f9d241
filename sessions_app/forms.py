"""Forms of the sessions' pages. They validate and clean; the services decide and write."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import Room
from registrations.models import spoken_languages
from registrations.widgets import NormalizedChoices, SharedSelect
from sessions_app.interpretation import language_name
from sessions_app.models import Session


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """IANA zones people live in ("Europe/Copenhagen"), sorted; not the legacy aliases."""
    legacy = ("Etc/", "SystemV/", "posix/", "right/", "US/", "Canada/", "Brazil/", "Mexico/")
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(legacy)
    )
    return [(name, name.replace("_", " ")) for name in names]


def is_time_zone(value: str) -> bool:
    return value in dict(time_zone_choices())


_zone_choices: dict[str | None, NormalizedChoices] = {}


def zone_field_choices() -> NormalizedChoices:
    """The zone select's choices, normalised once per language and process: Django would walk
    the 420 zones again for every form (a millisecond of each agenda render)."""
    language = get_language()
    choices = _zone_choices.get(language)
    if choices is None:
        everything = ("", _("Only the venue's local time"))
        choices = _zone_choices[language] = NormalizedChoices([everything, *time_zone_choices()])
    return choices


class TimeZoneForm(forms.Form):
    """The viewer's own time zone (GET): empty shows the venues' local times only."""

    # No zone chosen, the 420 options are rendered once per language and process (SharedSelect).
    tz = forms.ChoiceField(label=_("Also show times in"), required=False, widget=SharedSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tz"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = zone_field_choices()


class AgendaFilterForm(TimeZoneForm):
    """The public agenda's filters (GET). `place` is a whole venue ("venue-3") or one room
    ("room-7"), so that one select, grouped by venue, does both."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    place = forms.ChoiceField(label=_("Venue or room"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    interpretation = forms.ChoiceField(label=_("Interpretation into"), required=False)
    field_order = ["theme", "format", "place", "language", "interpretation", "tz"]

    def __init__(
        self,
        *args: Any,
        themes: Iterable[tuple[str, str]],  # slug, name
        rooms: Iterable[Room],
        languages: Iterable[str],
        interpretation: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        names = spoken_languages()
        self._set_choices("theme", _("All themes"), [(slug, name) for slug, name in themes])
        self._set_choices("format", _("All formats"), Session.Format.choices)
        self._set_choices("place", _("Everywhere"), _places(rooms))
        self._set_choices(
            "language",
            _("Any language"),
            sorted(((code, names.get(code, code)) for code in languages), key=lambda c: c[1]),
        )
        self._set_choices(
            "interpretation",
            _("With or without"),
            sorted(((code, language_name(code)) for code in interpretation), key=lambda c: c[1]),
        )

    def _set_choices(self, name: str, everything: Any, options: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", everything), *options]

    def filters(self) -> dict[str, str]:
        """The valid, chosen filters; an invalid value is ignored rather than refused."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def _places(rooms: Iterable[Room]) -> list[Any]:
    """Choices grouped by venue: the whole venue first, then each of its rooms."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for room in rooms:
        venue = room.venue
        if venue.pk not in groups:
            everywhere = str(_("All of %(venue)s") % {"venue": venue.name})
            groups[venue.pk] = (venue.name, [(f"venue-{venue.pk}", everywhere)])
        groups[venue.pk][1].append((f"room-{room.pk}", room.name))
    return list(groups.values())


class SignupForm(forms.Form):
    """The sign-up button; confirm_clash is set when the delegate confirmed an overlap."""

    confirm_clash = forms.BooleanField(required=False)
