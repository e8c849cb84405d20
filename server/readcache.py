"""Per-worker read caches, invalidated by the data version.

Each gunicorn worker keeps its own caches (cachetools). Every curation write bumps one
row in `data_version`; a worker re-reads that row at most once per
DATA_VERSION_CHECK_INTERVAL seconds and drops its caches when it moved, so an edit is
visible in every worker within about that interval.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import TTLCache
from flask import Flask, current_app
from sqlalchemy import select

from .models import DataVersion

EXTENSION_KEY = "masthead.readcache"


class ReadCache:
    def __init__(
        self, version_loader: Callable[[], int], *, check_interval: float, ttl: float, maxsize: int
    ) -> None:
        self._load_version = version_loader
        self._interval = check_interval
        self._checked_at = float("-inf")
        self._version = -1
        self._lock = threading.RLock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self.entries: TTLCache[Hashable, Any] = TTLCache(maxsize=maxsize, ttl=ttl)
        self.derived: dict[str, Any] = {}  # whole-dataset structures (domain index, ...)
        self.loads = 0  # how many times a value was computed (for the stampede test/bench)

    @property
    def version(self) -> int:
        now = time.monotonic()
        if now - self._checked_at >= self._interval:
            with self._lock:
                if now - self._checked_at >= self._interval:
                    version = self._load_version()
                    if version != self._version:
                        self.entries.clear()
                        self.derived.clear()
                        self._version = version
                    self._checked_at = time.monotonic()
        return self._version

    def expire_now(self) -> None:
        """Re-read the data version on the next access (after a write in this worker)."""
        self._checked_at = float("-inf")

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value for key, computing it once even under concurrent misses."""
        self.version  # noqa: B018 - refreshes the version (and drops stale entries)
        try:
            return self.entries[key]
        except KeyError:
            pass
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            try:
                return self.entries[key]
            except KeyError:
                value = compute()
                self.loads += 1
                self.entries[key] = value
                return value
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)

    def derive(self, name: str, build: Callable[[], Any]) -> Any:
        """A whole-dataset structure rebuilt once per data version."""
        self.version  # noqa: B018
        value = self.derived.get(name)
        if value is None:
            with self._lock:
                value = self.derived.get(name)
                if value is None:
                    value = build()
                    self.derived[name] = value
        return value


def init_app(app: Flask) -> None:
    from . import db

    def load_version() -> int:
        with app.app_context(), db.engine().connect() as conn:
            return int(
                conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar() or 0
            )

    app.extensions[EXTENSION_KEY] = ReadCache(
        load_version,
        check_interval=app.config["DATA_VERSION_CHECK_INTERVAL"],
        ttl=app.config["LOOKUP_CACHE_TTL"],
        maxsize=app.config["LOOKUP_CACHE_SIZE"],
    )


def cache() -> ReadCache:
    c: ReadCache = current_app.extensions[EXTENSION_KEY]
    return c
