"""Asking again: when an event's privacy notice has a version the person has not accepted, the
next sign-in marks the session (ask_at_sign_in, a user_logged_in receiver), and every page
then sends them to the notice first, with where they were going as ?next=. Answering clears
the mark. A session without the mark costs nothing here: no query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from privacy.consents import outstanding_notices

DUE = "privacy_notices_due"
# What stays reachable while a notice waits: the notice itself, signing out, the language
# switcher, and what pages load besides themselves.
OPEN_PREFIXES = ("/static/", "/jsi18n/", "/i18n/", "/api/", "/healthz/", "/favicon")
OPEN_NAMES = (
    "privacy:review_notices",
    "privacy:notice",
    "privacy:notice_version",
    "account_logout",
)


def ask_at_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if outstanding_notices(user):
        request.session[DUE] = True
    else:
        request.session.pop(DUE, None)


class PrivacyNoticeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.session.get(DUE)
            and request.user.is_authenticated
            and _navigation(request)
            and not _open(request)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('privacy:review_notices')}?{query}")
        return self.get_response(request)


def _navigation(request: HttpRequest) -> bool:
    """A page the person opens, not a script's request (a check-in scan, live counts): those
    come from pages, and every page waits for the answer. Without the header: a page."""
    return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


def _open(request: HttpRequest) -> bool:
    if request.path.startswith(OPEN_PREFIXES):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in OPEN_NAMES
