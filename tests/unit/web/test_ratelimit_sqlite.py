"""The default rate-limit store: counters in a SQLite file that every worker of a host shares
(issue #13: with the old per-process default, 19 of 30 suggestions passed a limit of 10)."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from server import config
from server.web.ratelimit_sqlite import SQLiteStorage


def _store(tmp_path) -> SQLiteStorage:  # type: ignore[no-untyped-def]
    storage = storage_from_string(f"masthead+sqlite:///{tmp_path / 'limits.sqlite3'}")
    assert isinstance(storage, SQLiteStorage)
    return storage


def _hit(uri: str) -> bool:
    """One process's attempt at a limit of 10 per hour."""
    limiter = FixedWindowRateLimiter(storage_from_string(uri))
    return limiter.hit(parse("10 per hour"), "suggestions", "203.0.113.9")


def test_it_is_the_default_and_lives_under_instance(tmp_path):
    uri = config.from_environment({}, str(tmp_path))["RATELIMIT_STORAGE_URI"]
    assert uri == f"masthead+sqlite:///{tmp_path / 'ratelimits.sqlite3'}"  # 4 slashes: absolute
    storage = storage_from_string(uri)
    assert isinstance(storage, SQLiteStorage)
    assert storage.path == tmp_path / "ratelimits.sqlite3" and str(storage.path).startswith("/")
    assert storage.incr("k", 60) == 1 and (tmp_path / "ratelimits.sqlite3").exists()
    env = {"MASTHEAD_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}
    assert config.from_environment(env, str(tmp_path))["RATELIMIT_STORAGE_URI"].startswith("redis")


def test_processes_share_one_fixed_window(tmp_path):
    uri = f"masthead+sqlite:///{tmp_path / 'limits.sqlite3'}"
    with ProcessPoolExecutor(max_workers=2) as pool:
        granted = list(pool.map(_hit, [uri] * 30))
    assert granted.count(True) == 10


def test_threads_count_exactly(tmp_path):
    storage = _store(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        counts = sorted(pool.map(lambda _: storage.incr("k", 60), range(40)))
    assert counts == list(range(1, 41)) and storage.get("k") == 40


def test_a_fixed_window_expires(tmp_path):
    storage = _store(tmp_path)
    assert storage.incr("k", 1) == 1 and storage.incr("k", 1) == 2
    assert time.time() < storage.get_expiry("k") <= time.time() + 1
    time.sleep(1.05)
    assert storage.get("k") == 0 and storage.incr("k", 1) == 1


def test_a_moving_window_holds_its_limit(tmp_path):
    storage = _store(tmp_path)
    limiter = MovingWindowRateLimiter(storage)
    limit = parse("3 per minute")
    assert [limiter.hit(limit, "signin", "alice") for _ in range(4)] == [True] * 3 + [False]
    assert limiter.hit(limit, "signin", "bob")  # another key, its own window
    start, count = storage.get_moving_window(limit.key_for("signin", "alice"), 3, 60)
    assert count == 3 and time.time() - 60 < start <= time.time()
    assert limiter.get_window_stats(limit, "signin", "alice").remaining == 0


def test_clear_and_reset_forget(tmp_path):
    storage = _store(tmp_path)
    storage.incr("a", 60)
    storage.acquire_entry("b", 5, 60)
    storage.clear("a")
    assert storage.get("a") == 0 and storage.get_moving_window("b", 5, 60)[1] == 1
    assert storage.reset() == 1 and storage.check()
