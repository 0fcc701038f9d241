"""The summit day's benchmarks (issue #13, item 7), run by bench.phases after the contention:

- check-in POSTs from 16 clients at once, each scanning its own share of the summit's badges
  (one new connection per POST, as register_all does), against the ceiling: target >= 20 %;
- the offline list a phone keeps for the 5,000-delegate summit, one GET as a phone makes it
  (gzip accepted): target < 1 s and < 1 MB as transferred;
- the badge sheet for 800 delegates, asked for as an organizer does and built by a Celery
  worker process: target < 30 s from the request to the stored PDF.

The functions that take a port run against 127.0.0.1 only; tests/bench/test_summit_day.py runs
each of them once on a small data set (a live server, a worker), without the full benchmark.
"""

from __future__ import annotations

import gzip
import http.client
import json
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse

from accounts.models import User
from bench.load import HOST, TOKEN, _cookie
from bench.shape import SUMMIT_SLUG
from checkin import services, sheets, tokens
from checkin.models import BadgeSheet
from events.models import Event
from registrations.models import Delegation, Registration

CLIENTS = 16
SCANS = 3200  # at most, spread over the clients: a bounded load
SHEET_BADGES = 800
SHEET_SLUG = "bench-badges"


@dataclass(frozen=True)
class Subjects:
    page_path: str  # the check-in page, for the CSRF token
    scan_path: str
    offline_path: str
    cookie: str  # an organizer's session: organizers may check in
    payloads: list[str]  # one per approved registration of the summit
    sheet_event_id: int


@dataclass
class CheckinLoad:
    clients: int
    attempted: int = 0
    valid: int = 0
    failed: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    post_ms: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.attempted / self.wall_s if self.wall_s else 0.0

    @property
    def median_post_ms(self) -> float:
        return statistics.median(self.post_ms) if self.post_ms else 0.0


@dataclass(frozen=True)
class OfflineDownload:
    status: int
    seconds: float
    transferred: int  # bytes on the wire (gzip)
    raw: int  # bytes of the JSON
    entries: int


@dataclass(frozen=True)
class SheetBuild:
    badges: int
    seconds: float  # from the request to the stored PDF
    size: int
    status: str


def prepare(organizer_cookie: str, *, sheet_badges: int = SHEET_BADGES) -> Subjects:
    """Badges for every approved delegate of the summit (as printing them would make), the
    entrance list, and an event of `sheet_badges` approved delegates for the sheet."""
    summit = Event.objects.get(slug=SUMMIT_SLUG)
    entrance = services.checkin_lists_for(event=summit)[0]
    approved = list(Registration.objects.filter(event=summit, status=Registration.Status.APPROVED))
    badges = services.ensure_badges(registrations=approved)
    args = [summit.slug, entrance.pk]
    return Subjects(
        page_path=reverse("checkin:checkin_page", args=args),
        scan_path=reverse("checkin:scan", args=args),
        offline_path=reverse("checkin:offline_list", args=args),
        cookie=organizer_cookie,
        payloads=[tokens.payload_for(badge.code) for badge in badges.values()],
        sheet_event_id=badge_event(summit, sheet_badges).pk,
    )


@transaction.atomic
def badge_event(summit: Event, size: int) -> Event:
    """A copy of the summit with `size` of its approved delegates, in their cities'
    delegations: the event whose badge sheet is measured."""
    event = Event.objects.get(pk=summit.pk)  # a copy: the same venue, host, dates
    event.pk, event.slug, event.name = None, SHEET_SLUG, f"{summit.name}: badges"
    event.save()
    people = list(
        Registration.objects.filter(event=summit, status=Registration.Status.APPROVED).order_by(
            "pk"
        )[:size]
    )
    cities = sorted({r.city_id for r in people})
    Delegation.objects.bulk_create([Delegation(event=event, city_id=pk) for pk in cities])
    delegations = dict(Delegation.objects.filter(event=event).values_list("city_id", "pk"))
    for registration in people:
        registration.pk = None
        registration.event = event
        registration.delegation_id = delegations[registration.city_id]
    Registration.objects.bulk_create(people)
    return event


# --- check-in POSTs -----------------------------------------------------------------------------
def check_in_all(port: int, subjects: Subjects, *, clients: int = CLIENTS) -> CheckinLoad:
    """`clients` threads at once, each GETting the check-in page once (its CSRF token) and
    then POSTing a scan of each of its badges. Returns when every client is done."""
    payloads = subjects.payloads[:SCANS]
    queues = [payloads[n::clients] for n in range(clients)]
    result = CheckinLoad(clients=clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(queue: list[str]) -> None:
        csrf = _csrf(port, subjects)
        start.wait()
        for payload in queue:
            outcome, post_ms = _scan(port, subjects, payload, csrf) if csrf else ("GET", 0.0)
            with lock:
                result.attempted += 1
                if outcome == "valid":
                    result.valid += 1
                    result.post_ms.append(post_ms)
                else:
                    result.failed.append(outcome)

    threads = [threading.Thread(target=client, args=(queue,)) for queue in queues]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=300)
    result.wall_s = time.perf_counter() - began
    return result


def _csrf(port: int, subjects: Subjects) -> tuple[str, str] | None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", subjects.page_path, headers={"Cookie": subjects.cookie})
        response = connection.getresponse()
        token = TOKEN.search(response.read())
        cookie = _cookie(response.getheader("Set-Cookie") or "", "csrftoken")
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    if response.status != 200 or token is None or not cookie:
        return None
    return token.group(1).decode(), cookie


def _scan(port: int, subjects: Subjects, payload: str, csrf: tuple[str, str]) -> tuple[str, float]:
    token, csrf_cookie = csrf
    body = urlencode({"payload": payload, "nonce": uuid.uuid4().hex, "device": "bench"})
    headers = {
        "Cookie": f"{subjects.cookie}; csrftoken={csrf_cookie}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    started = time.perf_counter()
    try:
        connection.request("POST", subjects.scan_path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
    except (OSError, http.client.HTTPException) as error:
        return f"error {type(error).__name__}", 0.0
    finally:
        connection.close()
    post_ms = (time.perf_counter() - started) * 1000
    if response.status != 200:
        return f"POST {response.status}", post_ms
    return str(json.loads(answer).get("result")), post_ms


# --- the offline list ---------------------------------------------------------------------------
def fetch_offline_list(port: int, subjects: Subjects) -> OfflineDownload:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.perf_counter()
    connection.request(
        "GET", subjects.offline_path, headers={"Cookie": subjects.cookie, "Accept-Encoding": "gzip"}
    )
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    raw = gzip.decompress(body) if response.getheader("Content-Encoding") == "gzip" else body
    entries = len(json.loads(raw)["entries"]) if response.status == 200 else 0
    return OfflineDownload(response.status, seconds, len(body), len(raw), entries)


# --- the badge sheet ----------------------------------------------------------------------------
def time_sheet(event_id: int, *, by: User, timeout: float = 120) -> SheetBuild:
    """Ask for the event's badge sheet as an organizer does and wait for the worker to store
    it: the request goes to Celery after commit (sheets.request_sheet)."""
    event = Event.objects.get(pk=event_id)
    started = time.perf_counter()
    sheet = sheets.request_sheet(event=event, by=by)
    deadline = started + timeout
    row = BadgeSheet.objects.defer("content").get(pk=sheet.pk)
    while row.status == BadgeSheet.Status.BUILDING and time.perf_counter() < deadline:
        time.sleep(0.1)
        row = BadgeSheet.objects.defer("content").get(pk=sheet.pk)
    return SheetBuild(row.total, time.perf_counter() - started, row.size, row.status)
