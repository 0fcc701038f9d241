"""Whole pages kept for viewers who are not signed in, with what differs per request put back.

Two anonymous requests for the same page (same language, time zone and filters, which the
caller's cache key names) get the same HTML but for two things: the CSRF token of the
language switcher (Django masks it afresh for every request) and the switcher's `next`, the
path as asked, query string included. freeze() renders the page once with a marker in place
of each; thaw() puts this request's in with two byte replacements. A page served from the
cache then costs no template render at all: on the public agenda (240 kB) the render of the
base template around the cached content was half of the request's CPU.

Only for a viewer with no messages waiting (the base template shows them), and per person
for someone signed in: viewer(). get_token() is still called for every thawed page, so the
CSRF cookie is set exactly as the rendered page would set it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from summit import cache

# Letters only: they pass the csrf_token tag's and autoescape's escaping unchanged.
CSRF_MARK = "summitFrozenPageCsrfTokenMark"
CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_MARK}">'
NEXT_MARK = "summitFrozenPageNextPathMark"


def viewer(request: HttpRequest, *, people: bool = False) -> tuple[object, ...] | None:
    """Whom a frozen page of `request` is for, to put in its cache key: ("anonymous",), or
    with `people` ("person", pk) for someone signed in, so that a signed-in viewer's page is
    theirs alone. None when the page must be rendered: a message is waiting (the base
    template shows it), or someone is signed in and the caller did not ask for `people` (a
    page per person is only worth its room where few people see it, like organizers')."""
    if len(get_messages(request)):
        return None
    if not request.user.is_authenticated:
        return ("anonymous",)
    return ("person", request.user.pk) if people else None


def _next_field(path: str) -> bytes:
    """The language switcher's field as base.html renders it."""
    return f'name="next" value="{escape(path)}"'.encode()


@dataclass(frozen=True)
class FrozenPage:
    """A page with markers for the request's CSRF token and path, and the moment it goes
    stale (None: only when its cache versions change)."""

    html: bytes
    stale_at: dt.datetime | None = None

    def is_current(self, now: dt.datetime) -> bool:
        return self.stale_at is None or now < self.stale_at


def freeze(
    request: HttpRequest, template: str, context: dict[str, Any], stale_at: dt.datetime | None
) -> FrozenPage | None:
    """The page rendered for `request` with markers in place of its token and
    path; None if the path cannot be told apart from the rest of the page (then it is not
    kept, and the caller renders as usual)."""
    html = render_to_string(template, {**context, "csrf_token": CSRF_MARK}, request).encode()
    field = _next_field(request.get_full_path())
    if html.count(field) != 1 or NEXT_MARK.encode() in html:
        return None
    return FrozenPage(html.replace(field, _next_field(NEXT_MARK)), stale_at)


def thaw(request: HttpRequest, page: FrozenPage) -> HttpResponse:
    """The response for `request`: the frozen page with its own CSRF token and path."""
    html = page.html.replace(CSRF_MARK.encode(), get_token(request).encode())
    return HttpResponse(html.replace(_next_field(NEXT_MARK), _next_field(request.get_full_path())))


def lookup(
    request: HttpRequest,
    parts: tuple[object, ...],
    *,
    depends_on: list[str],
    now: dt.datetime | None = None,
    people: bool = False,
) -> tuple[cache.Fragment | None, HttpResponse | None]:
    """The cache entry of the whole page for `request` (None if it may not be kept: viewer())
    and the response from it when it holds a page current at `now` (default: this moment)."""
    who = viewer(request, people=people)
    if who is None:
        return None, None
    whole = cache.Fragment((*parts, who), depends_on=depends_on, local=True)
    page = whole.get()
    if page is not None and page.is_current(now or timezone.now()):
        return whole, thaw(request, page)
    return whole, None


def keep(
    request: HttpRequest,
    whole: cache.Fragment,
    template: str,
    context: dict[str, Any],
    stale_at: dt.datetime | None,
) -> HttpResponse | None:
    """Freeze the page into `whole` and answer with it; None if it cannot be frozen."""
    page = freeze(request, template, context, stale_at)
    if page is None:
        return None
    whole.set(page)
    return thaw(request, page)
