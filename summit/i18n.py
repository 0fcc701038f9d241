"""The JavaScript catalog: the translations of the strings in static/js, at /jsi18n/."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe
from django.views.i18n import JavaScriptCatalog


def catalog_etag(request: HttpRequest) -> str:
    """Changes with the language and whenever a catalog is compiled again (a deploy), so a
    browser keeps its copy and asks with If-None-Match: a 304 costs no rendering."""
    stamps = sorted(
        f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}"
        for locale in settings.LOCALE_PATHS
        for path in Path(locale).glob("*/LC_MESSAGES/djangojs.mo")
    )
    digest = hashlib.sha256("\n".join(stamps).encode()).hexdigest()[:16]
    return f"{translation.get_language()}-{digest}"


# no-cache: the browser stores the catalog but checks it first, since the same URL answers in
# another language once the person switches.
javascript_catalog = require_safe(
    etag(catalog_etag)(cache_control(no_cache=True)(JavaScriptCatalog.as_view()))
)
