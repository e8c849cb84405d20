"""Rate-limit counters in a SQLite file, shared by every worker of a host with no server to
run: the default store (`masthead+sqlite:///<instance>/ratelimits.sqlite3`). Redis when
several hosts serve.

A `limits` storage (flask-limiter's backend), registered under the scheme `masthead+sqlite`
when this module is imported: fixed windows (the API's limits) and moving windows (the
maintainer sign-in limit). Each change is one short `BEGIN IMMEDIATE` transaction, so
concurrent workers count exactly; expired rows are purged now and then.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from limits.storage import MovingWindowSupport, Storage

SCHEME = "masthead+sqlite"
PURGE_EVERY = 60.0  # seconds between purges of expired rows (per process)
BUSY_TIMEOUT = 5.0  # seconds a worker waits for another's write

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counters ("
    " key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries ("
    " key TEXT NOT NULL, at REAL NOT NULL, expires REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS entries_key_at ON entries (key, at)",
)


def register() -> None:
    """Nothing to do: importing this module registered the scheme (kept for the callers that
    need the import to be visible)."""


def default_uri(instance_path: str) -> str:
    return f"{SCHEME}:///{Path(instance_path) / 'ratelimits.sqlite3'}"


class SQLiteStorage(Storage, MovingWindowSupport):
    """Counters (fixed windows) and timestamped entries (moving windows) in one SQLite file.

    `uri` names the file as SQLAlchemy's SQLite URLs do: `masthead+sqlite:////abs/path`
    (four slashes) or `masthead+sqlite:///relative/path`; the file and its folder are made on
    first use. Times are Unix seconds (`time.time()`), as the other `limits` storages use.
    """

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        prefix = f"{SCHEME}:///"
        if not uri.startswith(prefix) or len(uri) == len(prefix):
            raise ValueError(f"a {SCHEME} storage URI is {prefix}<path to a file>: {uri!r}")
        self.path = Path(uri[len(prefix) :])
        self._local = threading.local()
        self._purged = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    # -- plumbing ------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a forked child opens its own)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                conn.execute(statement)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _write(self) -> sqlite3.Connection:
        """This thread's connection inside a new write transaction (commit or roll back)."""
        conn = self._db()
        conn.execute("BEGIN IMMEDIATE")
        now = time.time()
        if now - self._purged > PURGE_EVERY:
            self._purged = now
            conn.execute("DELETE FROM counters WHERE expires <= ?", (now,))
            conn.execute("DELETE FROM entries WHERE expires <= ?", (now,))
        return conn

    # -- fixed windows -------------------------------------------------------------------
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add `amount` to key's counter (a new one expiring in `expiry` seconds if it has
        none or it expired); the new count."""
        conn = self._write()
        try:
            now = time.time()
            row = conn.execute(
                "SELECT count FROM counters WHERE key = ? AND expires > ?", (key, now)
            ).fetchone()
            if row is None:
                count = amount
                conn.execute(
                    "INSERT OR REPLACE INTO counters VALUES (?, ?, ?)", (key, count, now + expiry)
                )
            else:
                count = int(row[0]) + amount
                conn.execute("UPDATE counters SET count = ? WHERE key = ?", (count, key))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return count

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute("SELECT count FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return 0 if row is None else int(row[0])

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._db()
            .execute("SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, now))
            .fetchone()
        )
        return now if row is None else float(row[0])

    # -- moving windows ------------------------------------------------------------------
    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Take `amount` entries in key's window of `expiry` seconds if fewer than `limit`
        would then be in it."""
        if amount > limit:
            return False
        conn = self._write()
        try:
            now = time.time()
            (taken,) = conn.execute(
                "SELECT count(*) FROM entries WHERE key = ? AND at > ?", (key, now - expiry)
            ).fetchone()
            granted = taken + amount <= limit
            if granted:
                conn.executemany(
                    "INSERT INTO entries VALUES (?, ?, ?)", [(key, now, now + expiry)] * amount
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return bool(granted)

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(when the window's oldest entry was taken, how many it holds)."""
        now = time.time()
        oldest, count = (
            self._db()
            .execute(
                "SELECT min(at), count(*) FROM entries WHERE key = ? AND at > ?",
                (key, now - expiry),
            )
            .fetchone()
        )
        return (float(oldest), int(count)) if count else (now, 0)

    # -- upkeep --------------------------------------------------------------------------
    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        conn = self._db()
        removed = conn.execute("DELETE FROM counters").rowcount
        return removed + conn.execute("DELETE FROM entries").rowcount

    def clear(self, key: str) -> None:
        conn = self._db()
        conn.execute("DELETE FROM counters WHERE key = ?", (key,))
        conn.execute("DELETE FROM entries WHERE key = ?", (key,))
