"""The builder's form to book interpreters for a session (issue #18)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from registrations.models import SignLanguage, spoken_languages


class BookingForm(forms.Form):
    source_language = forms.ChoiceField(label=gettext_lazy("From"))
    target_language = forms.ChoiceField(label=gettext_lazy("Into"))
    booth = forms.CharField(label=gettext_lazy("Booth"), max_length=60, required=False)
    interpreters = forms.IntegerField(
        label=gettext_lazy("Interpreters booked"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=gettext_lazy("Empty: the AIIC team for the session's length."),
    )
    notes = forms.CharField(label=gettext_lazy("Agency or notes"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spoken = list(spoken_languages().items())
        source, target = self.fields["source_language"], self.fields["target_language"]
        assert isinstance(source, forms.ChoiceField)
        assert isinstance(target, forms.ChoiceField)
        source.choices = spoken
        target.choices = [
            (gettext_lazy("Sign languages"), list(SignLanguage.choices)),
            (gettext_lazy("Spoken languages"), spoken),
        ]
