"""Real servers for the outbox tests: a scripted SMTP sink, a private redis-server, a Celery
worker in its own process. Fixtures wrapping them live in conftest.py."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import kombu.pools
import redis
from django.conf import settings
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

from summit.celery import app
from tests.conftest import SinkHandler, free_port

STALL = "stall"


def wait_until(condition: Callable[[], object], *, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
        time.sleep(0.05)


class ScriptedSink(SinkHandler):
    """An SMTP sink that answers DATA from a script before it accepts anything.

    Each script entry is used once, in order: an SMTP reply such as "451 4.3.0 Try later"
    (nothing is stored) or STALL (hang in DATA, storing nothing, until the client goes away).
    With the script used up it stores and answers 250, like SinkHandler.
    """

    def __init__(self) -> None:
        super().__init__()
        self.script: list[str] = []
        self.data_commands = 0
        self.stalled = threading.Event()
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.data_commands += 1
        if not self.script:
            return await super().handle_DATA(server, session, envelope)
        reply = self.script.pop(0)
        if reply == STALL:
            self.stalled.set()
            await asyncio.Event().wait()  # aiosmtpd cancels this when the connection drops
        return reply


class RedisServer:
    """A private redis-server without persistence, which a test may stop and start again on the
    same port: what the app sees when its broker goes down and comes back empty."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            # No retries: redis-py's default backoff makes a refused ping take seconds.
            client = redis.Redis(port=self.port, socket_timeout=0.5, retry=Retry(NoBackoff(), 0))
            return bool(client.ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_until(self.ping, timeout=10, what="redis-server to answer")
        except BaseException:  # the fixture never yields: nobody else would stop it
            self.stop()
            raise

    def freeze(self) -> None:
        """SIGSTOP: connections stay open and nothing answers, as with a hung server or a
        network that silently drops packets."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)  # a frozen process cannot act on SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _forget_broker_connections() -> None:
    # The app caches a connection pool, and kombu keeps one per broker URL for the process; a
    # pooled connection also remembers the queues it declared, so after a FLUSHDB it would
    # publish to a queue binding that no longer exists and the message would vanish.
    kombu.pools.reset()
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@contextmanager
def celery_publishing_to(
    broker_url: str, transport_options: dict[str, Any] | None = None
) -> Iterator[None]:
    """Publish tasks to a real broker instead of running them eagerly, then restore."""
    app.conf.update(
        task_always_eager=False,
        broker_url=broker_url,
        broker_transport_options=transport_options or settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    )
    _forget_broker_connections()
    try:
        yield
    finally:
        app.conf.update(
            task_always_eager=True,
            broker_url=settings.CELERY_BROKER_URL,
            broker_transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        )
        _forget_broker_connections()


def current_database_url() -> str:
    """The URL of the database this test runs on, for a process started by the test."""
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WorkerProcess:
    """`celery -A summit worker --pool=solo` in its own process, as production runs it.

    It uses summit.settings driven by environment variables, not tests.settings: the latter
    hard-wires eager tasks and the locmem mail backend for the test process.
    """

    def __init__(self, *, broker_url: str, smtp_port: int, var_dir: Path, **env: str) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "summit.settings",
            "DEBUG": "0",
            "SUMMIT_VAR_DIR": str(var_dir),
            "DATABASE_URL": current_database_url(),
            "DB_CONN_MAX_AGE": "0",
            "REDIS_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "OUTBOX_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            **env,
        }
        self.log_path = var_dir / "worker.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        celery = Path(sys.executable).with_name("celery")
        command = [str(celery), "-A", "summit", "worker", "--pool=solo", "--loglevel=INFO"]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=log
            )

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no ack, no cleanup; as when the machine dies."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
