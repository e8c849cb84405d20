"""The background check of the data version: one daemon thread per worker and read cache.

At once, then every `interval` seconds, it re-reads the version (`ReadCache.poll`, bounded by
DB_CHECK_TIMEOUT); when the cache then lacks its read model, another thread builds it
(`on_checked`), so a long build never delays the next check.
It holds its cache weakly, so an app that is dropped (tests) takes its thread with it; a
forked child (gunicorn with preload) starts its own on first use.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


class Polled(Protocol):
    on_checked: Callable[[], None] | None

    def poll(self) -> bool: ...

    def needs_building(self) -> bool: ...

    def after_fork(self) -> None: ...

    def next_check_in(self) -> float: ...


_caches: weakref.WeakSet[Polled] = weakref.WeakSet()


class Poller:
    """Calls `cache.poll()` every `interval` seconds until stopped or the cache is gone."""

    def __init__(self, cache: Polled, interval: float) -> None:
        self._cache = weakref.ref(cache)
        self._interval = interval
        self._stopped = threading.Event()
        self._builder: threading.Thread | None = None
        _caches.add(cache)
        self._thread = threading.Thread(target=self._run, name="masthead-data-version", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        wait = 0.0  # the first check at once: a worker has its read model before a reader asks
        while not self._stopped.wait(wait):
            cache = self._cache()
            if cache is None:
                return
            wait = cache.next_check_in()
            try:
                if cache.poll() and cache.on_checked is not None and cache.needs_building():
                    self._build(cache.on_checked)
            except Exception:  # never let the thread die: the next round tries again
                log.exception("data version check")
            del cache

    def _build(self, work: Callable[[], None]) -> None:
        """Run `work` in its own thread, unless the last one is still at it."""
        if self._builder is None or not self._builder.is_alive():
            self._builder = threading.Thread(target=work, name="masthead-read-model", daemon=True)
            self._builder.start()


def _after_fork_in_child() -> None:
    for cache in list(_caches):
        cache.after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)
