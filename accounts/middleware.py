from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.languages import supported_language


class UserLanguageMiddleware:
    """A signed-in person sees the site in the language stored on their account, on every
    device; the language cookie keeps it after they sign out.

    Runs after LocaleMiddleware (which chose from the cookie or Accept-Language) and after
    AuthenticationMiddleware. On the way out it writes the account's language into the cookie
    when they differ: so signing in switches the browser to the person's language, and
    signing out leaves it there.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = _account_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        language = _account_language(request)  # the request may have signed someone in
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def _account_language(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return supported_language(user.language)


class ClearSiteDataOnSignOutMiddleware:
    """Signing out tells the browser to forget what the site kept on the device: its caches
    and its storage (the check-in page's service worker, the offline list of names it keeps,
    its queue). A staff phone handed on keeps nobody's data (issue #13). Cookies stay: the
    language cookie outlives sign-out on purpose, and the session cookie is already gone.

    Django's logout() (allauth's sign-out, deleting one's account) sends user_logged_out with
    the request; mark_signed_out() marks it, and the response gets the header. No request
    reads the user for this.
    """

    HEADER = '"cache", "storage"'

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_summit_signed_out", False):
            response["Clear-Site-Data"] = self.HEADER
        return response


def mark_signed_out(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """user_logged_out receiver (AccountsConfig.ready)."""
    if request is not None:
        request._summit_signed_out = True  # type: ignore[attr-defined]
