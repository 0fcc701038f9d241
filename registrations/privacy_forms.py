"""The registration forms' privacy part: the notice's tick and the version shown, and the
optional consents (registrations.consent). Mixed into RegistrationForm and, for a substitute
who has not accepted the notice yet, EditDetailsForm."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.consent import Purpose


class NoticeFields(forms.Form):
    privacy_accepted = forms.BooleanField(
        label=_("I have read and accept the privacy notice."),
        error_messages={"required": _("Please accept the privacy notice.")},
    )
    # Which version of the event's notice the form showed; anything else posted here reads as
    # "the standard text", never as an error on a hidden field.
    notice_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_notice_version(self) -> int | None:
        value: str = self.cleaned_data.get("notice_version") or ""
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class ConsentFields(NoticeFields):
    consent_photos = forms.BooleanField(
        label=_("Photos of me taken at the event may be published."), required=False
    )
    consent_partner_network = forms.BooleanField(
        label=_("My name, office and city may be shared with the partner network."),
        required=False,
    )

    def consents(self) -> dict[str, bool]:
        """The optional purposes' answers (the notice and the delegate list come apart)."""
        data = self.cleaned_data
        return {
            Purpose.PHOTOS: data["consent_photos"],
            Purpose.PARTNER_NETWORK: data["consent_partner_network"],
        }
