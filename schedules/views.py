"""schedule.xml and schedule.json of an event (and the draft schedule2.json), for schedule
apps (EventFahrplan, Giggity) and video tooling.

Cached (summit.cache) under the "agenda" version, as the agenda page is: a hit costs no query,
a miss the four of schedules.reads. The files are the same for everyone, so shared caches may
keep them for a minute; the ETag (a hash of the body) and Last-Modified let apps that poll
revalidate with a 304.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from schedules import frab, schedule2
from schedules.reads import Read, read_schedule
from summit import cache

MAX_AGE = 60  # seconds: a cancellation reaches the apps within a minute


@dataclass(frozen=True)
class File:
    content: bytes
    content_type: str
    etag: str
    last_modified: int | None  # a Unix timestamp


def _json(read: Read, slug: str) -> bytes:
    document = frab.schedule_json(read.schedule)
    return json.dumps(document, ensure_ascii=False, indent=1).encode() + b"\n"


def _json2(read: Read, slug: str) -> bytes:
    document = schedule2.schedule2_json(read.schedule)
    return json.dumps(document, ensure_ascii=False, indent=1).encode() + b"\n"


def _xml(read: Read, slug: str) -> bytes:
    url = settings.SITE_URL + reverse("schedules:schedule_xml", kwargs={"slug": slug})
    return frab.schedule_xml(read.schedule, url=url)


BUILDERS = {
    "json": (_json, "application/json"),
    "json2": (_json2, "application/json"),
    "xml": (_xml, "application/xml; charset=utf-8"),
}


def _file(slug: str, kind: str) -> File:
    # Titles are in the asker's language (issue #18), so each language is a file of its own.
    cached = cache.Fragment(
        ("schedule", kind, slug, get_language()), depends_on=["agenda"], local=True
    )
    found: File | None = cached.get()
    if found is None:
        read = read_schedule(slug)
        if read is None:
            raise Http404("No such published event.")
        build, content_type = BUILDERS[kind]
        content = build(read, slug)
        stamp = read.last_modified
        found = File(
            content=content,
            content_type=content_type,
            etag=quote_etag(hashlib.sha256(content).hexdigest()[:32]),
            last_modified=int(stamp.timestamp()) if stamp is not None else None,
        )
        cached.set(found)
    return found


def _response(request: HttpRequest, found: File) -> HttpResponse:
    response = HttpResponse(found.content, content_type=found.content_type)
    response["ETag"] = found.etag
    if found.last_modified is not None:
        response["Last-Modified"] = http_date(found.last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    answer = get_conditional_response(
        request, etag=found.etag, last_modified=found.last_modified, response=response
    )
    return answer or response


@require_safe
def schedule_xml(request: HttpRequest, slug: str) -> HttpResponse:
    return _response(request, _file(slug, "xml"))


@require_safe
def schedule_json(request: HttpRequest, slug: str) -> HttpResponse:
    return _response(request, _file(slug, "json"))


@require_safe
def schedule2_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft c3voc schedule2 (schedules.schedule2)."""
    return _response(request, _file(slug, "json2"))
