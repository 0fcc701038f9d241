"""Django's Redis cache with one redis-py client per pool (summit/redis_cache.py)."""

from __future__ import annotations

import pytest

from summit.redis_cache import RedisCache
from tests.services import need_redis

pytestmark = pytest.mark.services


def test_every_operation_goes_through_one_client_per_pool() -> None:
    backend = RedisCache(need_redis(), {})
    backend.delete_many(["summit-test:a", "summit-test:b"])

    backend.set("summit-test:a", {"rooms": 12})
    assert backend.add("summit-test:b", "first")
    assert not backend.add("summit-test:b", "second")
    found = backend.get_many(["summit-test:a", "summit-test:b", "summit-test:missing"])
    backend.delete("summit-test:a")

    assert found == {"summit-test:a": {"rooms": 12}, "summit-test:b": "first"}
    assert backend.get("summit-test:a") is None
    clients = backend._cache  # type: ignore[attr-defined]
    client = clients.get_client(write=True)
    assert clients.get_client(write=False) is client  # one server: one pool, one client
    assert client.connection_pool is clients._get_connection_pool(True)
