"""The organizers' endpoint form. It validates and cleans; services.create_endpoint writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from events.models import Event
from webhooks.models import EventType


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Summit POSTs each event there as JSON, signed (see the secret)."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )
    event = forms.ModelChoiceField(
        label=_("Of which event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Every event"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["event"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Event.objects.order_by("-start_date")
