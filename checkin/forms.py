from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from checkin.models import Checkin

nonce_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{8,64}$", _("The scan needs a client nonce of 8 to 64 letters or digits.")
)


class ScanForm(forms.Form):
    """A scanned payload (any text: a bad one is a result, not an error) or a registration
    picked by hand; the device's nonce makes a repeated request one record."""

    # No length limit here: an over-long payload is an "unknown" result, recorded like any other.
    payload = forms.CharField(required=False, strip=True)
    registration = forms.IntegerField(min_value=1, required=False)
    nonce = forms.CharField(max_length=64, validators=[nonce_validator])
    device = forms.CharField(max_length=64, required=False)
    direction = forms.ChoiceField(
        choices=Checkin.Direction.choices, required=False, initial=Checkin.Direction.ENTRY
    )

    # When the device scanned, for a scan it queued while offline and sends later.
    scanned_at = forms.DateTimeField(required=False)

    def clean_direction(self) -> str:
        return self.cleaned_data["direction"] or Checkin.Direction.ENTRY

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("payload") and not data.get("registration"):
            raise forms.ValidationError(_("Scan a badge or choose a person."))
        return data


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"))
