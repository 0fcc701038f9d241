"""Rendered fragments in the shared cache, keyed by versions of the data they show.

A version is a random token in the cache (`summit:version:<name>`). An app names the models a
version covers with watch(), in its AppConfig.ready(); any save, delete or change of a
many-to-many of those models replaces the token, so the next request misses and renders
afresh: a fragment is stored with the tokens it was built under (Fragment).

Why signals rather than a call in each service: a cached page shows rooms, venues, themes,
people and events that the services, the builder and the admin all change; a receiver on the
model catches every one of those writes, including ones added later. Writes that send no
signal, QuerySet.update() and bulk_create(), must be covered by a signal in the same
transaction (publishing the agenda updates sessions in bulk but creates an AgendaPublication)
or call changed() themselves.

The token is replaced twice: at once, so the writer's own next request (and a test, whose
transaction never commits) sees the change; and after commit, because a request that missed
between the first bump and the commit may have stored what it read before the commit. A
random token rather than a counter: if the cache loses the version key (eviction, restart),
a new token cannot collide with fragments stored under an old one.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
FRAGMENT_TIMEOUT = 60 * 60  # an hour: fragments nobody asks for go away by themselves
LOCAL_FRAGMENTS = 32  # Fragment(local=True) values kept per process, the ones used last


def _version_key(name: str) -> str:
    return f"summit:version:{name}"


def _tokens(version_keys: list[str], found: dict[str, Any]) -> list[object]:
    """The current tokens, read before anything is built from the data they cover. A missing
    one (first use, or the cache lost it) is made now, before the build, so that a write
    during the build still replaces the token the value is stored under."""
    tokens = []
    for key in version_keys:
        token = found.get(key)
        if token is None:
            cache.add(key, secrets.token_hex(8), None)
            token = cache.get(key)
        tokens.append(token)
    return tokens


def _known(tokens: list[object]) -> bool:
    """Whether every token was read from the cache. Without one (the cache unreachable, or
    a dummy cache that keeps nothing) no write could ever be seen to replace it, so nothing
    is served from this process's memory under it."""
    return None not in tokens


def bump(name: str) -> None:
    """Make every fragment that depends on `name` stale."""
    cache.set(_version_key(name), secrets.token_hex(8), None)


@dataclass(frozen=True)
class VersionBump:
    """The after-commit bump of one version: registered once per transaction, however many
    rows it writes (a demo load writes hundreds)."""

    name: str

    def __call__(self) -> None:
        bump(self.name)


def changed(name: str, *, using: str | None = None) -> None:
    """Version `name` changes with the current transaction: bumped now and after commit (see
    the module's docstring). For a write that sends no signal, such as QuerySet.update()."""
    bump(name)
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return  # autocommit: the write is committed already
    callback = VersionBump(name)
    # Django's list of this transaction's callbacks: (savepoint ids, callable, robust).
    if not any(registered == callback for _ids, registered, _robust in connection.run_on_commit):
        transaction.on_commit(callback, using=using)


def _changed(name: str, **kwargs: Any) -> None:
    if str(kwargs.get("action", "post")).startswith("pre"):
        return  # m2m_changed also fires before the change
    changed(name, using=kwargs.get("using"))


WATCHED: set[str] = set()  # every version some model bumps (watch)


def bump_all() -> None:
    """Make every fragment stale, as if every watched model had changed (the benchmark's
    uncached requests)."""
    for name in WATCHED:
        bump(name)


def watch(name: str, *models: Any) -> None:
    """Bump version `name` whenever one of `models` (or an m2m through model) changes."""
    WATCHED.add(name)
    receiver = partial(_changed, name)
    for model in models:
        for signal in (post_save, post_delete, m2m_changed):
            uid = f"summit.cache:{name}:{model._meta.label}:{id(signal)}"
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


_kept: OrderedDict[str, tuple[list[object], Any]] = OrderedDict()  # Fragment(local=True)
_kept_lock = threading.Lock()


class Fragment:
    """One cached value, stored with the version tokens it was built under and served only
    while they are current. `parts` name everything else it varies with (object ids,
    language, filters); one entry per `parts`, so old versions take no room.

    Looking it up costs one cache round trip: the versions and the value in one get_many.
    The tokens are read before the value is built, so a write that lands meanwhile leaves the
    stored value under a token that is already replaced: it is never served.

    `local`: the value is also kept in this process (the LOCAL_FRAGMENTS used last), for big
    pages whose transfer and unpickling cost more than the rest of a cached request. The
    versions are still read from the cache on every lookup, so a kept value is served under
    exactly the same rule; only when it is not kept here does a second round trip fetch it.
    The value is shared between requests: callers must not change it.
    """

    def __init__(
        self, parts: Iterable[object], *, depends_on: Iterable[str], local: bool = False
    ) -> None:
        digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:40]
        self.key = f"summit:fragment:{digest}"
        self.version_keys = [_version_key(name) for name in sorted(depends_on)]
        self.local = local
        self.value: Any = None
        if local:  # the versions first; the value crosses the network only if not kept here
            self.tokens = _tokens(self.version_keys, cache.get_many(self.version_keys))
            with _kept_lock:
                kept = _kept.get(self.key)
                if kept is not None:
                    _kept.move_to_end(self.key)
            if kept is not None and kept[0] == self.tokens and _known(self.tokens):
                self.value = kept[1]
                return
            found = {self.key: cache.get(self.key)}
        else:
            found = cache.get_many([*self.version_keys, self.key])
            self.tokens = _tokens(self.version_keys, found)
        stored = found.get(self.key)
        if stored is not None and stored[0] == self.tokens:
            self.value = stored[1]
            self._keep()

    def get(self) -> Any:
        return self.value

    def set(self, value: object) -> None:
        cache.set(self.key, (self.tokens, value), FRAGMENT_TIMEOUT)
        self.value = value
        self._keep()

    def _keep(self) -> None:
        if not self.local or not _known(self.tokens):
            return
        with _kept_lock:  # a threaded server's requests share it
            _kept[self.key] = (self.tokens, self.value)
            _kept.move_to_end(self.key)
            while len(_kept) > LOCAL_FRAGMENTS:
                _kept.popitem(last=False)


def fragment(parts: Iterable[object], build: Callable[[], T], *, depends_on: Iterable[str]) -> T:
    """The cached value for `parts` (see Fragment), or build() it and store it."""
    cached = Fragment(parts, depends_on=depends_on)
    value = cached.get()
    if value is None:
        value = build()
        cached.set(value)
    return value


_memo: dict[tuple[object, ...], tuple[list[object], object]] = {}


def memoized(parts: Iterable[object], build: Callable[[], T], *, depends_on: Iterable[str]) -> T:
    """Like fragment(), but kept in this process as a Python object: for values that cost
    more to unpickle than to check (hundreds of model instances). Still one cache round trip
    per call, to read the versions; one entry per `parts`, so the memory stays bounded."""
    key = tuple(parts)
    version_keys = [_version_key(name) for name in sorted(depends_on)]
    tokens = _tokens(version_keys, cache.get_many(version_keys))
    kept = _memo.get(key)
    if kept is not None and kept[0] == tokens and _known(tokens):
        return kept[1]  # type: ignore[return-value]
    value = build()
    if _known(tokens):
        _memo[key] = (tokens, value)
    return value
