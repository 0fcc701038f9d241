"""The erasure forms. They validate and clean; privacy.erasure does the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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
