"""Load against 127.0.0.1 only, always bounded: wrk for a fixed time per URL, a fixed number of
registrations for the contention clients, a fixed number of CSV downloads."""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    median_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, connection errors and timeouts


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int,
    cookie: str = "",
    authorization: str = "",
) -> WrkResult:
    """Run wrk against one URL for `seconds` (it stops by itself; we kill it if it does not)."""
    if urlsplit(url).hostname != HOST:
        raise ValueError(f"Load only ever targets {HOST}: {url}")
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    args += ["--timeout", "5s"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    if authorization:
        args += ["-H", f"Authorization: {authorization}"]
    output = subprocess.run(
        [*args, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> WrkResult:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    median = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in", output)
    if not (rate and median and total):
        raise RuntimeError(f"Cannot read wrk's output:\n{output}")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failed = int(errors.group(1)) if errors else 0
    if socket:
        failed += sum(int(n) for n in socket.groups())
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        median_ms=float(median.group(1)) * scale,
        requests=int(total.group(1)),
        errors=failed,
    )


# --- one streamed download ----------------------------------------------------------------------
@dataclass(frozen=True)
class Download:
    status: int
    first_byte_s: float
    total_s: float
    size: int
    lines: int


def download(port: int, path: str, *, cookie: str) -> Download:
    """GET a response as a client sees it: time to the first byte and to the last."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    first = response.read(1)
    first_at = time.perf_counter()
    rest = response.read()
    done = time.perf_counter()
    connection.close()
    body = first + rest
    return Download(
        status=response.status,
        first_byte_s=first_at - started,
        total_s=done - started,
        size=len(body),
        lines=body.count(b"\n"),
    )


# --- registration under contention --------------------------------------------------------------
@dataclass(frozen=True)
class Registrant:
    cookie: str  # the sessionid cookie of a signed-in person with no registration yet
    country: str
    city_id: int


@dataclass
class ContentionResult:
    clients: int
    attempted: int = 0
    succeeded: int = 0  # the form was accepted: registered, or put on the waiting list
    failed: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    post_ms: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.succeeded / self.wall_s if self.wall_s else 0.0

    @property
    def median_post_ms(self) -> float:
        return statistics.median(self.post_ms) if self.post_ms else 0.0


TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def register_all(port: int, path: str, queues: list[list[Registrant]]) -> ContentionResult:
    """One thread per client, each registering its own people one after the other: it GETs
    the form once, as a browser would, for the CSRF token, then POSTs it for each person.
    Returns when every queue is done."""
    result = ContentionResult(clients=len(queues))
    lock = threading.Lock()
    start = threading.Barrier(len(queues) + 1)

    def client(queue: list[Registrant]) -> None:
        csrf = _csrf(port, path, queue[0]) if queue else None
        start.wait()
        for person in queue:
            outcome, post_ms = _register(port, path, person, csrf) if csrf else ("GET failed", 0)
            with lock:
                result.attempted += 1
                if outcome == "ok":
                    result.succeeded += 1
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


def _csrf(port: int, path: str, person: Registrant) -> tuple[str, str] | None:
    """The form's CSRF token and cookie; None if the form did not come."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": person.cookie})
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


def _register(port: int, path: str, person: Registrant, csrf: tuple[str, str]) -> tuple[str, float]:
    token, csrf_cookie = csrf
    form = {
        "csrfmiddlewaretoken": token,
        "badge_name": "Bench Registrant",
        "office": "city_official",
        "organization": "City administration",
        "country": person.country,
        "city": str(person.city_id),
        "proposed_city": "",
        "visibility": "organizers",
        "privacy_accepted": "on",
    }
    headers = {
        "Cookie": f"{person.cookie}; csrftoken={csrf_cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    started = time.perf_counter()
    try:
        connection.request("POST", path, body=urlencode(form), headers=headers)
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException) as error:
        return f"error {type(error).__name__}", 0.0
    finally:
        connection.close()
    post_ms = (time.perf_counter() - started) * 1000
    if response.status == 302 and "/my/registrations/" in (response.getheader("Location") or ""):
        return "ok", post_ms
    return f"POST {response.status}", post_ms


def _cookie(header: str, name: str) -> str:
    match = re.search(rf"{name}=([^;,\s]+)", header)
    return match.group(1) if match else ""
