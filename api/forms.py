from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from events.models import Event


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Who or what uses it, e.g. the city's CRM.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Every event"),
    )
    expires = forms.TypedChoiceField(
        label=_("Expires"),
        choices=[
            ("", _("Never")),
            (30, _("In 30 days")),
            (90, _("In 90 days")),
            (365, _("In a year")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Event.objects.order_by("-start_date", "name")

    def clean(self) -> dict[str, Any]:
        """The lifetime becomes the moment the token stops working (expires_at)."""
        data = super().clean() or {}
        days = data.pop("expires", None)
        data["expires_at"] = None if days is None else timezone.now() + dt.timedelta(days=days)
        return data
