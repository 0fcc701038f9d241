from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import language_choices


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        help_text=_("The language of this site and of the mails you receive."),
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )
