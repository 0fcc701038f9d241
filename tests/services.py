"""Access to the real services tests use: PostgreSQL, Redis, an SMTP sink, Chromium.

On a laptop without a service, tests that need it skip with a reason. In CI (CI=true, or
SUMMIT_REQUIRE_SERVICES=1) a missing service fails the test instead: nothing skips there.
"""

from __future__ import annotations

import os
import shutil

import pytest
import redis
from django.conf import settings
from django.db import connection


def services_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or bool(
        os.environ.get("SUMMIT_REQUIRE_SERVICES")
    )


def need(available: bool, reason: str) -> None:
    if available:
        return
    if services_required():
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def need_redis() -> str:
    need(redis_available(), "needs a Redis server: set REDIS_URL")
    return str(settings.REDIS_URL)


def need_postgres() -> None:
    need(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def need_chromium() -> str:
    path = chromium_path()
    need(path is not None, "needs Debian's chromium: apt-get install chromium")
    return str(path)
