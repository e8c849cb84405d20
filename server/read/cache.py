"""Per-worker read caches, invalidated by the data version.

Each gunicorn worker keeps its own caches. Every curation write bumps one row in
`data_version`; a worker re-reads that row at most once per DATA_VERSION_CHECK_INTERVAL
seconds and drops its caches when it moved, so an edit is visible in every worker within
about that interval; the worker that made it re-reads the row at once (the write path sends
`events.data_changed` after its commit).

Two kinds of entries:
* `get_or_compute(key, compute)`: per-request answers (finished JSON bytes), bounded in
  number (oldest dropped first) and in age (LOOKUP_CACHE_TTL). Concurrent misses on one key
  compute it once (no stampede).
* `derive(name, build)`: whole-dataset structures (the read model, the domain index),
  built once per data version.

Reads never take a lock (a dict lookup under the GIL); writes do, briefly. A value
computed from data older than a version change that happened meanwhile is not stored.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select

from ..events import data_changed
from ..models import DataVersion

EXTENSION_KEY = "masthead.readcache"

_monotonic = time.monotonic


class ReadCache:
    def __init__(
        self, version_loader: Callable[[], int], *, check_interval: float, ttl: float, maxsize: int
    ) -> None:
        self._load_version = version_loader
        self._interval = check_interval
        self._checked_at = float("-inf")
        self._version = -1
        self._generation = 0  # bumped whenever the caches are dropped
        self._ttl = ttl
        self._maxsize = maxsize
        self._lock = threading.RLock()  # version refresh and writes
        self._derive_locks: dict[str, threading.Lock] = {}
        self._key_locks: dict[Hashable, threading.Lock] = {}
        # key -> (expires at, value), oldest first. An OrderedDict: evicting the oldest key
        # of a plain dict again and again costs O(size) (it scans the deleted slots).
        self.entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.derived: dict[str, Any] = {}  # whole-dataset structures (read model, index)
        self.loads = 0  # how many times a value was computed (for the stampede test/bench)

    @property
    def version(self) -> int:
        if _monotonic() - self._checked_at >= self._interval:
            self._refresh()
        return self._version

    def _refresh(self) -> None:
        with self._lock:
            if _monotonic() - self._checked_at >= self._interval:
                version = self._load_version()
                if version != self._version:
                    self._generation += 1
                    self.entries = OrderedDict()
                    self.derived = {}
                    self._version = version
                self._checked_at = _monotonic()

    def expire_now(self) -> None:
        """Re-read the data version on the next access (after a write in this worker)."""
        self._checked_at = float("-inf")

    def get(self, key: Hashable) -> Any:
        """The cached value for key, or None: the hot path (no lock, no allocation)."""
        now = _monotonic()
        if now - self._checked_at >= self._interval:
            self._refresh()
        item = self.entries.get(key)
        if item is not None and item[0] > now:
            return item[1]
        return None

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value for key, computing it once even under concurrent misses."""
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            try:
                value = self.get(key)
                if value is not None:
                    return value
                generation = self._generation
                value = compute()
                self.loads += 1
                self._store(key, value, generation)
                return value
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)

    @property
    def ttl(self) -> float:
        return self._ttl

    @property
    def generation(self) -> int:
        """Changes whenever the caches are dropped: take it before computing a value."""
        return self._generation

    def put(self, key: Hashable, value: Any, generation: int) -> None:
        """Store a value computed after `generation` was read (dropped if it is stale)."""
        self._store(key, value, generation)

    def _store(self, key: Hashable, value: Any, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # computed from data the version check has since dropped
            entries = self.entries
            entries[key] = (_monotonic() + self._ttl, value)
            while len(entries) > self._maxsize:
                entries.popitem(last=False)

    def derive(self, name: str, build: Callable[[], Any]) -> Any:
        """A whole-dataset structure rebuilt once per data version."""
        self.version  # noqa: B018 - refreshes the version (and drops stale structures)
        value = self.derived.get(name)
        if value is None:
            with self._lock:
                lock = self._derive_locks.setdefault(name, threading.Lock())
            with lock:  # one lock per name: building one structure may derive another
                value = self.derived.get(name)
                if value is None:
                    generation = self._generation
                    value = build()
                    with self._lock:
                        if generation == self._generation:
                            self.derived[name] = value
        return value


def install(app: Flask) -> ReadCache:
    """The app's read cache: versioned by the `data_version` row, expired at once when this
    worker's write path sends `events.data_changed`."""
    from .. import db

    def load_version() -> int:
        with app.app_context(), db.connect() as conn:
            return int(
                conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar() or 0
            )

    read_cache = ReadCache(
        load_version,
        check_interval=app.config["DATA_VERSION_CHECK_INTERVAL"],
        ttl=app.config["LOOKUP_CACHE_TTL"],
        maxsize=app.config["LOOKUP_CACHE_SIZE"],
    )
    app.extensions[EXTENSION_KEY] = read_cache

    def _on_data_changed(sender: Any, **_extra: Any) -> None:
        if sender is app:
            read_cache.expire_now()

    # Kept on the app: blinker holds receivers weakly.
    app.extensions[EXTENSION_KEY + ".receiver"] = _on_data_changed
    data_changed.connect(_on_data_changed)
    return read_cache


def cache() -> ReadCache:
    c: ReadCache = current_app.extensions[EXTENSION_KEY]
    return c
