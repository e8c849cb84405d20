"""Engines with a bound on every wait: connect, statement, pool checkout, SQLite locks.

PostgreSQL: the server ends a statement after `statement_timeout` (a clean error, the
connection survives). That cannot help when the network path drops packets (a blackholed
peer, a proxy that accepts and never forwards): then nothing ever comes back. So the client
bounds every wait on the connection's socket too (`DeadlineConnection.wait`), to the
statement timeout plus a margin, or less when the current deadline (server/deadlines.py)
leaves less; past it the connection is closed (SQLAlchemy then drops it from the pool) and
the caller gets an OperationalError. Connecting is bounded by `connect_timeout` (psycopg
counts whole seconds, at least 2: a request with less than that left does not try),
taking a connection from a full pool by `pool_timeout`.

SQLite: `busy_timeout` bounds the wait for another writer's lock; its statements are local.
"""

from __future__ import annotations

import math
import socket
import threading
import weakref
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event

from . import deadlines

# SQLite reads the database file through a memory map of up to this size instead of a
# read() per page: the cache-miss lookup's statement runs 2.5x faster on a 500 MB file
# (bench/). The map shares the OS page cache, so it costs address space, not memory.
SQLITE_MMAP_BYTES = 1 << 30
# How much longer than the server's statement_timeout the client waits for its answer
# before it gives the connection up (the server's error should come first).
CLIENT_MARGIN = 1.0
# psycopg's shortest connect timeout (whole seconds; it raises anything below to 2).
MIN_CONNECT_TIMEOUT = 2


@dataclass(frozen=True)
class Timeouts:
    """The bounds of an engine, in seconds; 0 turns one off."""

    connect: float = 0.0  # PostgreSQL: establishing a connection
    statement: float = 0.0  # PostgreSQL: one statement (server and client side)
    pool: float = 30.0  # waiting for a pooled connection when all are in use
    sqlite_busy: float = 5.0  # SQLite: waiting for another connection's lock

    @classmethod
    def from_config(cls, config: Any) -> Timeouts:
        return cls(
            connect=float(config["DB_CONNECT_TIMEOUT"]),
            statement=float(config["DB_STATEMENT_TIMEOUT"]),
            pool=float(config["DB_POOL_TIMEOUT"]),
            sqlite_busy=float(config["SQLITE_BUSY_TIMEOUT"]),
        )

    @property
    def client_wait(self) -> float | None:
        """The longest one wait on a PostgreSQL socket may take outside any deadline."""
        return self.statement + CLIENT_MARGIN if self.statement > 0 else None


class DatabaseTimeout(psycopg.OperationalError):
    """PostgreSQL did not answer within the bound; the connection was closed."""


# What psycopg's `Connection.wait` raises when its timeout passes (a private class: the test
# tests/db/test_deadlines.py::test_a_blackholed_database_costs_one_bounded_wait notices if
# a psycopg release renames it).
_WAIT_TIMEOUT: type[Exception] = getattr(psycopg.errors, "_WaitTimeout", DatabaseTimeout)


# The connections of this process waiting on their socket right now (see `abandon_waits`).
_waiting: weakref.WeakSet[DeadlineConnection] = weakref.WeakSet()
_waiting_lock = threading.Lock()


class DeadlineConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait on its socket ends by a deadline, or as soon as
    the circuit breaker opens (`abandon_waits`)."""

    client_wait: float | None = None  # set per connection by `make_engine`

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        limit = deadlines.bound(self.client_wait)
        if limit is not None and (timeout is None or limit < timeout):
            if limit <= 0:
                gen.close()
                raise DatabaseTimeout("the request's deadline passed before the database call")
            timeout = limit
        with _waiting_lock:
            _waiting.add(self)
        try:
            return super().wait(gen, interval, timeout)
        except _WAIT_TIMEOUT:
            self.close()  # in an unknown state: never reused
            raise DatabaseTimeout(f"no answer from the database within {timeout:.1f} s") from None
        finally:
            with _waiting_lock:
                _waiting.discard(self)


def abandon_waits() -> int:
    """End every wait on a PostgreSQL socket in this process now: each waiting connection's
    socket is shut down, so its thread gets an OperationalError (a 503) at once instead of
    waiting out its bound. Called when the breaker opens (server/db_health.py): the database
    is known to be gone, so no thread should keep waiting for it. Returns how many."""
    with _waiting_lock:
        waiting = list(_waiting)
    for conn in waiting:
        try:
            fd = conn.pgconn.socket
            with socket.socket(fileno=socket.dup(fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        except (OSError, psycopg.Error):
            continue  # closed meanwhile
    return len(waiting)


def make_engine(url: str, timeouts: Timeouts | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (postgresql:// means psycopg) with `timeouts` (default: only
    SQLite's busy timeout, what migrations and the tests' own engines use)."""
    bounds = timeouts or Timeouts()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        return _sqlite_engine(url, bounds, **kwargs)
    return _postgres_engine(url, bounds, **kwargs)


def _sqlite_engine(url: str, bounds: Timeouts, **kwargs: Any) -> Engine:
    busy_ms = int(bounds.sqlite_busy * 1000)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": bounds.sqlite_busy},
        pool_timeout=bounds.pool,
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cur.close()

    return engine


def _postgres_engine(url: str, bounds: Timeouts, **kwargs: Any) -> Engine:
    connect_args: dict[str, Any] = {}
    if bounds.statement > 0:
        connect_args["options"] = f"-c statement_timeout={int(bounds.statement * 1000)}"
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=bounds.pool,
        connect_args=connect_args,
        **kwargs,
    )
    client_wait = bounds.client_wait

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        limit = deadlines.bound(bounds.connect or None)
        request_left = deadlines.request_remaining()
        if limit is not None:
            if limit <= 0 or (request_left is not None and request_left < MIN_CONNECT_TIMEOUT):
                raise DatabaseTimeout("the deadline leaves too little time to connect")
            cparams["connect_timeout"] = max(MIN_CONNECT_TIMEOUT, math.ceil(limit))
        conn = DeadlineConnection.connect(*cargs, **cparams)
        conn.client_wait = client_wait
        return conn

    return engine
