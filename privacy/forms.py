"""The privacy forms: erasure, notices, consents, retention. They validate and clean; the
services (privacy.erasure, privacy.consents, privacy.retention) do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from events.models import Event
from privacy.models import PrivacyNotice
from registrations.consent import OPTIONAL_PURPOSES


class DeleteAccountForm(forms.Form):
    """The person deletes their own account: their password again, and a tick that says they
    understood."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand: my account and my registrations' personal details are erased for good."
        )
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class ErasePersonForm(forms.Form):
    """An organizer erases a person who asked them to, found by their address."""

    email = forms.EmailField(label=_("The person's email address"), max_length=320)
    understood = forms.BooleanField(
        label=_("The person asked for it. Their account and personal details are erased for good.")
    )

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("No account has this address."), code="unknown")
        return user


class NoticeForm(forms.Form):
    """An organizer publishes a new version of an event's privacy notice."""

    text = forms.CharField(
        label=_("The privacy notice"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Saving publishes a new version; the earlier ones stay readable. Everyone "
            "registered for the event is asked to accept it at their next sign-in."
        ),
    )


class AcceptNoticesForm(forms.Form):
    """The person accepts each new notice version that waits for them (one tick each)."""

    def __init__(self, *args: Any, notices: list[PrivacyNotice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices = notices
        for notice in notices:
            self.fields[f"accept_{notice.pk}"] = forms.BooleanField(
                label=_("I have read and accept the privacy notice of %(event)s.")
                % {"event": notice.event.name},
                error_messages={"required": _("Please accept the privacy notice.")},
            )


class ConsentChangeForm(forms.Form):
    """Give or withdraw one optional consent for one of the person's events."""

    event = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    purpose = forms.ChoiceField(choices=[(p.value, p.label) for p in OPTIONAL_PURPOSES])
    given = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")

    def __init__(self, *args: Any, events: dict[int, Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = events

    def clean_event(self) -> Event:
        event = self.events.get(self.cleaned_data["event"])
        if event is None:
            raise forms.ValidationError(_("You are not registered for this event."), code="unknown")
        return event


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Days kept after the event's last day"),
        min_value=1,
        max_value=3650,
        help_text=_("Dietary and accessibility needs, ID numbers and phone numbers."),
    )
