"""allauth adapter: mails name the site "Summit" and link to SITE_URL, never to the Host header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.forms import Form
from django.http import HttpRequest
from django.utils import translation

from accounts.languages import mail_language, supported_language
from accounts.models import User


@dataclass(frozen=True)
class SummitSite:
    """Stands in for django.contrib.sites (not installed) in allauth's mail templates."""

    name: str
    domain: str


def on_site(url: str) -> str:
    """The same URL on settings.SITE_URL's scheme and host. The path is kept as it is: it
    already carries any script prefix the site is mounted under."""
    site = urlsplit(settings.SITE_URL)
    return urlunsplit(urlsplit(url)._replace(scheme=site.scheme, netloc=site.netloc))


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # allauth's email fields have no length limit but the columns do: without this check
        # an overlong address reaches the INSERT and PostgreSQL answers with a 500.
        MaxLengthValidator(app_settings.EMAIL_MAX_LENGTH)(email)
        return super().clean_email(email)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth builds links from the request's Host header: behind a proxy that can be an
        # internal name, and a forged Host would put an attacker's host into a reset link.
        links = {
            key: on_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        site = SummitSite(name="Summit", domain=urlsplit(settings.SITE_URL).netloc)
        extra = {"current_site": site, "site_url": settings.SITE_URL}
        # In the language of the account the mail is about. Without one chosen, or for an
        # address without an account (a reset asked for an unknown address), the language of
        # the page the address was typed into: allauth mails whoever typed their own address.
        user = context.get("user")
        language = mail_language(
            to=email,
            preference=user.language if isinstance(user, User) else None,
            default=translation.get_language(),
        )
        with translation.override(language):
            super().send_mail(template_prefix, email, {**context, **links, **extra})

    def save_user(self, request: HttpRequest, user: User, form: Form, commit: bool = True) -> User:
        # A new account keeps the language it signed up in, for its mails (the confirmation
        # that follows included) and on every device it signs in from.
        user.language = supported_language(translation.get_language()) or ""
        return super().save_user(request, user, form, commit=commit)
