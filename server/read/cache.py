"""Per-worker read caches, invalidated by the data version.

Each gunicorn worker keeps its own caches. Every curation write bumps one row in
`data_version`; a worker re-reads that row every DATA_VERSION_CHECK_INTERVAL seconds and
drops its caches when it moved, so an edit is visible in every worker within about that
interval; the worker that made it re-reads the row at once (the write path sends
`events.data_changed` after its commit).

With an interval above 0 (production) a background thread per worker reads the row
(server/read/freshness.py): request threads never wait on that check, and when it fails
(bounded by DB_CHECK_TIMEOUT) they keep serving what is cached, marked stale
(`stale_seconds`), while the database's breaker (server/db_health.py) keeps them off the
database. With 0, or in an app built for tests (TESTING, unless DATA_VERSION_POLL says otherwise),
each access checks inline, failures handled the same way.

Two kinds of entries:
* `get_or_compute(key, compute)`: per-request answers (finished JSON bytes), bounded in
  number (oldest dropped first) and in age (LOOKUP_CACHE_TTL). Concurrent misses on one key
  compute it once (no stampede).
* `derive(name, build)`: whole-dataset structures built once per data version.

The read model and the domain index are not dropped with the version: `builder`
(server/read/builder.py) keeps serving the newest complete ones while it makes the next,
and calls `served` when it swaps one in, which drops the per-request answers again. While
the served model is older than the version read, answers are marked stale like answers
served while the database is unreachable (`stale_seconds`).

Reads never take a lock (a dict lookup under the GIL); writes do, briefly. A value
computed from data older than a version change that happened meanwhile is not stored.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from sqlalchemy import event, select

from .. import deadlines
from ..db_health import DatabaseHealth
from ..db_health import health as db_health
from ..events import data_changed
from ..models import DataVersion
from . import freshness
from . import push as push_mod

if TYPE_CHECKING:
    from .builder import ModelBuilder

EXTENSION_KEY = "masthead.readcache"
STALE_HEADER = "Masthead-Data-Stale"

_monotonic = time.monotonic
log = logging.getLogger(__name__)


class ReadCache:
    def __init__(
        self,
        version_loader: Callable[[], int],
        *,
        check_interval: float,
        ttl: float,
        maxsize: int,
        health: DatabaseHealth | None = None,
        check_timeout: float = 1.0,
        background: bool = True,
        push: tuple[str, str] | None = None,
    ) -> None:
        """`push`: (Redis URL, channel) announcing new data versions (server/read/push.py)."""
        self._load_version = version_loader
        self._interval = check_interval
        self._check_timeout = check_timeout
        self._health = health or DatabaseHealth()
        self.polling = background and check_interval > 0  # a thread checks (once started)
        self._due = float("-inf")  # when a request thread must check (or start the poller)
        self._last_ok = _monotonic()  # the last successful check
        self._version = -1
        self._generation = 0  # bumped whenever the caches are dropped
        self._ttl = ttl
        self._maxsize = maxsize
        self._lock = threading.RLock()  # writes
        self._check_lock = threading.Lock()  # one version check at a time
        self._derive_locks: dict[str, threading.Lock] = {}
        self._key_locks: dict[Hashable, threading.Lock] = {}
        # key -> (expires at, value), oldest first. An OrderedDict: evicting the oldest key
        # of a plain dict again and again costs O(size) (it scans the deleted slots).
        self.entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.derived: dict[str, Any] = {}  # whole-dataset structures (read model, index)
        self.loads = 0  # how many times a value was computed (for the stampede test/bench)
        self.on_checked: Callable[[], None] | None = None  # the poller's after-check work
        self._poller: freshness.Poller | None = None
        self.builder: ModelBuilder[Any, Any] | None = None  # the served read model
        self._behind_since: float | None = None  # when the version moved past the model
        self._push = push
        self.subscriber: push_mod.Subscriber | None = None

    @property
    def health(self) -> DatabaseHealth:
        """The database's breaker this cache's checks open and close."""
        return self._health

    @property
    def version(self) -> int:
        if _monotonic() >= self._due:
            self._on_due()
        return self._version

    @property
    def known_version(self) -> int:
        """The data version last read (no check, whatever is due)."""
        return self._version

    def start(self) -> None:
        """Start the background check now (a gunicorn worker, once booted); without this,
        the first access does. Its first round builds the read model."""
        with self._check_lock:
            if self.polling and self._poller is None:
                self._poller = freshness.Poller(self, self._interval)
            if self.polling and self._push is not None and self.subscriber is None:
                self.subscriber = push_mod.Subscriber(self, *self._push)

    def next_check_in(self) -> float:
        """Seconds until the background check runs again: the interval, or while a Redis
        subscription announces new versions, a slower safety net."""
        sub = self.subscriber
        if sub is not None and sub.connected.is_set():
            return max(self._interval, push_mod.PUSHED_CHECK_INTERVAL)
        return self._interval

    def _on_due(self) -> None:
        """A request thread's turn: start the poller if need be, and check inline when the
        version was never read or this worker wrote (expire_now)."""
        if self.polling and self._poller is None:
            self.start()
        with self._check_lock:
            if _monotonic() >= self._due:
                self.check()

    def poll(self) -> bool:
        """The background thread's check (one at a time with a request thread's)."""
        with self._check_lock:
            return self.check()

    def check(self) -> bool:
        """Re-read the data version now, bounded by the check timeout; on failure keep the
        last one (and everything cached with it) and open the database's breaker."""
        started = _monotonic()
        try:
            with deadlines.within(self._check_timeout):
                version = self._load_version()
        except Exception as exc:
            if not self._health.down:
                log.warning("data version check failed, serving cached reads: %s", exc)
            self._health.failed(exc)
            self._due = self._next_due(started)
            return False
        changed = version != self._version
        if version < self._version and self.builder is not None:
            self.builder.forget()  # the version went back: another database's data
        if changed:
            with self._lock:
                self._generation += 1
                self.entries = OrderedDict()
                self.derived = {}
                self._version = version
                if self._behind_since is None:
                    self._behind_since = started
        if self._health.down:
            log.warning("database answers again (data version %d)", version)
        self._health.succeeded()
        self._last_ok = started
        self._due = self._next_due(started)
        if changed and self.builder is not None:
            self.builder.request()  # the next model, off the request path
        return True

    def served(self, version: int, *, drop: bool) -> None:
        """The builder swapped in the model of `version`; with `drop`, answers cached from
        the one before are dropped (their generation ends)."""
        with self._lock:
            if drop:
                self._generation += 1
                self.entries = OrderedDict()
            if version >= self._version:
                self._behind_since = None

    def _next_due(self, now: float) -> float:
        if self.polling:
            return float("inf")  # the poller checks; requests only after expire_now()
        return now + self._interval

    def needs_building(self) -> bool:
        """True when the served read model is older than this data version (or there is
        none) and the database answers: the builder's thread then makes the next one."""
        builder = self.builder
        return builder is not None and builder.behind() and not self._health.down

    def stale_seconds(self) -> float | None:
        """Seconds since the data version was last read, when the cached data may be older
        than the database's (the database unreachable, or the check overdue), or since the
        version moved past the model served (a newer one being made); else None."""
        now = _monotonic()
        lag = now - self._last_ok
        overdue = lag > self.next_check_in() + self._check_timeout + 1
        if self._health.down or (self.polling and overdue):
            return lag
        since = self._behind_since
        builder = self.builder
        if since is not None and builder is not None and builder.background and builder.behind():
            return now - since
        return None

    def stale_header(self) -> str | None:
        """The `Masthead-Data-Stale` value (whole seconds, at least 1), or None when fresh."""
        lag = self.stale_seconds()
        return None if lag is None else str(max(1, math.ceil(lag)))

    def stop(self) -> None:
        """Stop the background check for good (the engine was disposed); accesses then
        check inline again."""
        self.polling = False
        if self._poller is not None:
            self._poller.stop()
            self._poller = None
        if self.subscriber is not None:
            self.subscriber.stop()
            self.subscriber = None
        self._due = float("-inf")

    def after_fork(self) -> None:
        """In a forked child: no poller (nor subscriber) runs there yet."""
        self._poller = None
        self.subscriber = None
        self._due = float("-inf")

    def expire_now(self) -> None:
        """Re-read the data version on the next access (after a write in this worker)."""
        self._due = float("-inf")

    def get(self, key: Hashable) -> Any:
        """The cached value for key, or None: the hot path (no lock, no allocation)."""
        now = _monotonic()
        if now >= self._due:
            self._on_due()
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
        with app.app_context(), db.connect(gated=False) as conn:
            return int(
                conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar() or 0
            )

    redis_url = app.config.get("REDIS_URL") or ""
    channel = str(app.config.get("DATA_VERSION_CHANNEL") or "masthead:data-version")
    publisher = push_mod.client(redis_url) if redis_url else None
    read_cache = ReadCache(
        load_version,
        check_interval=app.config["DATA_VERSION_CHECK_INTERVAL"],
        ttl=app.config["LOOKUP_CACHE_TTL"],
        maxsize=app.config["LOOKUP_CACHE_SIZE"],
        health=db_health(app),
        check_timeout=app.config["DB_CHECK_TIMEOUT"],
        # Apps built for tests check inline unless a test asks for the thread.
        background=bool(app.config.get("DATA_VERSION_POLL", not app.testing)),
        push=(redis_url, channel) if redis_url else None,
    )
    app.extensions[EXTENSION_KEY] = read_cache
    # The engine disposed (a test done with its app): no thread may open it again.
    event.listen(db.engine_of(app), "engine_disposed", lambda _engine: read_cache.stop())

    def _on_data_changed(sender: Any, **extra: Any) -> None:
        if sender is app:
            read_cache.expire_now()
            if publisher is not None:  # every other worker, on every host, at once
                push_mod.publish(publisher, channel, extra.get("version"))

    # Kept on the app: blinker holds receivers weakly.
    app.extensions[EXTENSION_KEY + ".receiver"] = _on_data_changed
    data_changed.connect(_on_data_changed)
    return read_cache


def start_background(app: Any) -> None:
    """Start `app`'s background data-version check now (gunicorn's post_worker_init); a
    WSGI app that is not Masthead's (the benchmark's bare one) has none."""
    read_cache = getattr(app, "extensions", {}).get(EXTENSION_KEY)
    if isinstance(read_cache, ReadCache):
        read_cache.start()


def cache() -> ReadCache:
    c: ReadCache = current_app.extensions[EXTENSION_KEY]
    return c
