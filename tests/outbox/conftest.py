"""Fixtures for the outbox tests: a scripted SMTP sink, a private Redis, worker processes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.conftest import serving_smtp
from tests.outbox.support import RedisServer, ScriptedSink, WorkerProcess
from tests.services import need, need_postgres, need_redis


@pytest.fixture
def scripted_sink(settings: Any) -> Iterator[ScriptedSink]:
    """A real SMTP server whose replies to DATA the test scripts (see ScriptedSink)."""
    handler = ScriptedSink()
    with serving_smtp(handler, settings) as port:
        handler.port = port
        yield handler


@pytest.fixture
def shared_redis() -> str:
    """The real Redis at REDIS_URL, emptied: this test's broker."""
    url = need_redis()
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, which the test may stop and start."""
    need_redis()
    need(shutil.which("redis-server") is not None, "needs redis-server on PATH")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker_processes(transactional_db: None) -> Iterator[list[WorkerProcess]]:
    """Worker processes a test starts; whatever is still running at the end is stopped, and
    the logs are printed so a failing test shows what the workers did."""
    need_postgres()
    workers: list[WorkerProcess] = []
    yield workers
    for worker in workers:
        worker.stop()
        print(f"--- {worker.log_path}\n{worker.log()}")
