"""summit/cache.py: versions, fragments, and when a change makes them stale (issue #6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache as django_cache

from sessions_app.models import Session
from summit import cache
from tests.factories import EventFactory, RoomFactory
from tests.services import need_redis


def test_a_value_built_while_a_write_happened_is_never_served(db: None) -> None:
    before = cache.Fragment(["page"], depends_on=["agenda"])
    cache.bump("agenda")  # a write lands while the value is being built
    before.set("what the page was")

    assert cache.Fragment(["page"], depends_on=["agenda"]).get() is None


def test_one_transaction_bumps_each_version_once_after_commit(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    start = dt.datetime(2049, 4, 20, 8, tzinfo=dt.UTC)

    with django_capture_on_commit_callbacks() as callbacks:
        event = EventFactory.create()  # a city, a venue, an event: three watched models
        room = RoomFactory.create(venue=event.venue)
        for n in range(3):
            Session.objects.create(
                event=event,
                room=room,
                title=f"Session {n}",
                slug=f"session-{n}",
                starts_at=start + dt.timedelta(hours=n),
                ends_at=start + dt.timedelta(hours=n + 1),
            )

    names = [callback.name for callback in callbacks]
    assert sorted(names) == ["agenda", "cities", "registrations"]


@pytest.mark.services
def test_fragments_and_versions_on_the_real_redis(db: None, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "summit.redis_cache.RedisCache",
            "LOCATION": need_redis(),
        }
    }
    django_cache.delete_many(["summit:version:agenda", "summit:version:signups"])
    built = []

    def build(value: str) -> str:
        built.append(value)
        return value

    versions = ["agenda", "signups"]
    first = cache.fragment(["x"], lambda: build("one"), depends_on=versions)
    again = cache.fragment(["x"], lambda: build("two"), depends_on=versions)
    cache.bump("signups")
    fresh = cache.fragment(["x"], lambda: build("three"), depends_on=versions)

    assert (first, again, fresh) == ("one", "one", "three")
    assert built == ["one", "three"]


def test_a_value_kept_in_the_process_goes_stale_with_its_versions(db: None) -> None:
    versions = ["agenda", "signups"]
    kept = cache.Fragment(["local"], depends_on=versions, local=True)
    assert kept.get() is None
    kept.set("built once")
    django_cache.delete(kept.key)  # served from this process, not from the shared cache
    assert cache.Fragment(["local"], depends_on=versions, local=True).get() == "built once"
    cache.bump("signups")
    assert cache.Fragment(["local"], depends_on=versions, local=True).get() is None
    cache.Fragment(["local"], depends_on=versions, local=True).set("built again")
    django_cache.clear()  # the versions lost: new ones, so nothing kept is current
    assert cache.Fragment(["local"], depends_on=versions, local=True).get() is None


def test_the_process_keeps_only_the_values_used_last(db: None) -> None:
    keys = []
    for n in range(cache.LOCAL_FRAGMENTS + 5):
        fragment = cache.Fragment(["many", n], depends_on=["agenda"], local=True)
        fragment.set(n)
        keys.append(fragment.key)
    assert len(cache._kept) == cache.LOCAL_FRAGMENTS
    assert [key in cache._kept for key in keys] == [False] * 5 + [True] * cache.LOCAL_FRAGMENTS
    # The first one is still in the shared cache, and kept here again once used.
    assert cache.Fragment(["many", 0], depends_on=["agenda"], local=True).get() == 0
    assert keys[0] in cache._kept
    assert keys[5] not in cache._kept


def test_without_a_cache_nothing_is_served_from_the_process(db: None, settings: Any) -> None:
    # A cache that keeps nothing (or cannot be reached) gives no versions: a kept value could
    # never be seen to go stale, so every lookup builds afresh.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    cache.Fragment(["no cache"], depends_on=["agenda"], local=True).set("first")
    cache.memoized(["no cache"], lambda: "first", depends_on=["agenda"])

    assert cache.Fragment(["no cache"], depends_on=["agenda"], local=True).get() is None
    assert cache.memoized(["no cache"], lambda: "second", depends_on=["agenda"]) == "second"
