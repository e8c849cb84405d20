"""The background data-version check: request threads never wait on it, a failure keeps
what is cached (marked stale) and opens the breaker, the next success closes it."""

from __future__ import annotations

import threading
import time

from server.db_health import DatabaseHealth
from server.read.cache import ReadCache


class Source:
    """A data version that can be made slow or unreachable."""

    def __init__(self) -> None:
        self.version = 1
        self.down = False
        self.hang = threading.Event()
        self.calls = 0

    def load(self) -> int:
        self.calls += 1
        if self.hang.is_set():
            time.sleep(0.5)
        if self.down:
            raise ConnectionRefusedError("the database is down")
        return self.version


def wait_for(condition, seconds: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def polled(source: Source, health: DatabaseHealth) -> ReadCache:
    cache = ReadCache(
        source.load, check_interval=0.05, ttl=60, maxsize=10, health=health, check_timeout=1
    )
    cache.start()
    wait_for(lambda: source.calls > 0 and cache.version == 1)
    return cache


def test_requests_never_wait_on_a_slow_check():
    source, health = Source(), DatabaseHealth()
    cache = polled(source, health)
    try:
        cache.put("k", "v", cache.generation)
        source.hang.set()
        time.sleep(0.1)  # the thread is now inside a slow check
        start = time.monotonic()
        assert all(cache.get("k") == "v" for _ in range(1000))
        assert time.monotonic() - start < 0.05
    finally:
        cache.stop()


def test_a_failed_check_keeps_the_cache_marks_it_stale_and_the_next_good_one_recovers():
    source, health = Source(), DatabaseHealth()
    cache = polled(source, health)
    try:
        cache.put("k", "v", cache.generation)
        assert cache.stale_header() is None
        source.down = True
        wait_for(lambda: health.down)
        assert cache.get("k") == "v" and cache.version == 1
        assert int(cache.stale_header() or 0) >= 1
        source.down = False
        source.version = 2  # edited meanwhile
        wait_for(lambda: not health.down)
        assert cache.stale_header() is None and cache.get("k") is None and cache.version == 2
    finally:
        cache.stop()


def test_a_write_in_this_worker_is_seen_at_once():
    source, health = Source(), DatabaseHealth()
    cache = ReadCache(source.load, check_interval=60, ttl=60, maxsize=10, health=health)
    cache.start()
    try:
        wait_for(lambda: cache.version == 1)
        source.version = 2
        cache.expire_now()  # what the write path's data_changed signal does
        assert cache.version == 2
    finally:
        cache.stop()
