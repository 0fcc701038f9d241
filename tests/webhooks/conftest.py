"""A real HTTP receiver on 127.0.0.1 for the webhook tests, and the registration fixtures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from accounts.models import User
from events.models import Event
from tests.registrations.conftest import copenhagen, event, policy, register  # noqa: F401
from webhooks.models import Endpoint, EventType
from webhooks.services import create_endpoint


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next status of `answers` (then 200), and keeps what came."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        with self.lock:
            self.received.append(Received(headers, body))
            return self.answers.pop(0) if self.answers else 200

    def accepted_ids(self) -> set[str]:
        """The webhook ids a deduplicating receiver would have processed."""
        return {r.headers["webhook-id"] for r in self.received}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            code = state.answer({k.lower(): v for k, v in self.headers.items()}, body)
            self.send_response(code)
            if 300 <= code < 400:
                self.send_header("Location", state.url + "elsewhere")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(receiver: Receiver, organizer: User) -> Endpoint:
    """Every event type, of every event."""
    return create_endpoint(
        url=receiver.url, event_types=list(EventType.values), event=None, by=organizer
    )


@pytest.fixture
def other_event(event: Event) -> Event:  # noqa: F811
    from tests.factories import EventFactory

    return EventFactory.create(name="Another Summit", venue=event.venue)
