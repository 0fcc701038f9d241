"""What each page costs in this process (issue #19): its database queries, uncached (every cache
version bumped first, as after a change) and cached, and its median uncached time, with
Django's test client. bench.run puts the queries in the pages table; bench.scale compares
queries and times at 1x and at 10x the data."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from summit import cache


@dataclass(frozen=True)
class Cost:
    uncached_queries: int
    cached_queries: int
    uncached_ms: float  # medians of the timed requests; 0 when none was timed
    cached_ms: float


def measure(page: Any, *, timed: int = 0) -> Cost:
    """The page's queries (one request uncached, then one cached) and, if `timed`, the median
    times of that many uncached and cached requests; after one that compiles the templates."""
    client = _client(page.cookie)
    _get(client, page)
    cache.bump_all()
    with CaptureQueriesContext(connection) as uncached:
        _get(client, page)
    with CaptureQueriesContext(connection) as cached:
        _get(client, page)
    return Cost(
        len(uncached),
        len(cached),
        _median(client, page, timed, bump=True),
        _median(client, page, timed, bump=False),
    )


def _median(client: Client, page: Any, times: int, *, bump: bool) -> float:
    timings = []
    for _ in range(times):
        if bump:
            cache.bump_all()
        started = time.perf_counter()
        _get(client, page)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)[len(timings) // 2] if timings else 0.0


def _client(cookie: str) -> Client:
    client = Client()
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    return client


def _get(client: Client, page: Any) -> bytes:
    """The whole answer (a streamed one read to its end, so all its queries run), checked to
    be the page measured."""
    authorization = getattr(page, "authorization", "")  # the API's pages take a token
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get(page.path, headers=headers)
    body = response.getvalue()  # a streamed answer is read to its end
    if response.status_code != 200 or body.count(page.expect) < page.expect_count:
        raise RuntimeError(
            f"{page.name} ({page.path}) answered {response.status_code} without "
            f"{page.expect_count} × {page.expect!r}: not the page to measure."
        )
    return body
