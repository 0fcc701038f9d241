"""Fixtures every test may use: personas, a real SMTP sink, a real Celery worker, Chromium."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from accounts.models import User
from accounts.roles import ensure_organizers_group
from tests import factories
from tests.services import chromium_path, need_chromium, need_redis

# live_server runs Django in a thread while Playwright's event loop owns the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _mail_through_outbox(settings: Any) -> None:
    """pytest-django swaps EMAIL_BACKEND for locmem; put the outbox back so tests see the
    same path production uses (outbox row, then delivery through OUTBOX_DELIVERY_BACKEND)."""
    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """allauth keeps rate-limit counters in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request leaves its language active in the thread (LocaleMiddleware activates, nothing
    deactivates): without this, a test that asked for a Danish page made the next test's
    messages Danish or Finnish, depending on the order the tests ran in."""
    yield
    translation.deactivate()


# --- personas -------------------------------------------------------------------------------
@pytest.fixture
def organizer(db: None) -> Any:
    # Organizers are staff: the admin is where they manage events, cities and venues.
    user: User = factories.UserFactory.create(
        email="olga.organizer@example.org", first_name="Olga", is_staff=True
    )
    user.groups.add(ensure_organizers_group())
    return user


@pytest.fixture
def delegate(db: None) -> Any:
    return factories.UserFactory(email="dan.delegate@example.org", first_name="Dan")


@pytest.fixture
def outsider(db: None) -> Any:
    return factories.UserFactory(email="otto.outsider@example.org", first_name="Otto")


# --- SMTP sink --------------------------------------------------------------------------------
class SinkHandler:
    """Keeps every message it accepts, parsed, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving_smtp(handler: Any, settings: Any) -> Iterator[int]:
    """Run `handler` as a real SMTP server on loopback and deliver the outbox to it."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[SinkHandler]:
    """A real SMTP server on loopback; the outbox delivers to it over SMTP."""
    handler = SinkHandler()
    with serving_smtp(handler, settings):
        yield handler


# --- a real Celery worker on the real Redis ------------------------------------------------------
@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[Any]:
    """A real Celery worker (solo pool, in a thread) consuming from the real Redis broker.

    Use with transactional_db: the worker reads rows through its own connection.
    """
    from celery.contrib.testing.worker import start_worker

    from summit.celery import app

    redis_url = need_redis()
    app.conf.update(task_always_eager=False, broker_url=redis_url)
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()  # type: ignore[attr-defined]
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        app.conf.update(task_always_eager=True, broker_url=django_settings.CELERY_BROKER_URL)


# --- Chromium -----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def chromium() -> str:
    """Depend on this before `page` so a missing browser skips locally and fails in CI.

    Session scope, like pytest-playwright's `browser`: pytest sets up wider-scoped fixtures
    first, so a function-scoped check would run only after the launch had already failed."""
    return need_chromium()


def parsed(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=default_policy)
