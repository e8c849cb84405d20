"""Whether this worker may reach the database now: a circuit breaker.

The background data-version check (server/read/cache.py) is the probe: when it fails, or a
request loses its connection, the breaker opens and request threads stop touching the
database at all (`db.connect()`, `db.session()`, `db.raw_connection()` raise
`DatabaseUnavailable`, a JSON 503 with `Retry-After`), so a database that hangs costs one
bounded wait, not a thread per request. The next successful check closes it again: recovery
needs no restart. Reads the in-memory read model can answer keep working meanwhile.
"""

from __future__ import annotations

import time

import psycopg
from flask import Flask, current_app
from sqlalchemy import exc as sa_exc

from .db_engine import abandon_waits
from .errors import MastheadError

EXTENSION_KEY = "masthead.db_health"
RETRY_AFTER = 1  # seconds a client is asked to wait before trying again


class DatabaseUnavailable(MastheadError, status=503, code="database_unavailable"):
    """The database cannot be reached (or did not answer in time): try again shortly."""

    retry_after = RETRY_AFTER


class DatabaseHealth:
    """The breaker: closed (`down` False) until a failure, open until the next success."""

    def __init__(self) -> None:
        self.down_since: float | None = None  # time.monotonic() of the first failure
        self.last_error = ""

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def succeeded(self) -> None:
        self.down_since = None
        self.last_error = ""

    def failed(self, error: BaseException | str) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            abandon_waits()  # threads already waiting on the database answer 503 now
        self.last_error = str(error).splitlines()[0] if str(error) else type(error).__name__

    def check(self) -> None:
        """Raise DatabaseUnavailable while the breaker is open."""
        if self.down_since is not None:
            raise DatabaseUnavailable("the database is unavailable; try again shortly")


def health(app: Flask | None = None) -> DatabaseHealth:
    found: DatabaseHealth = (app or current_app).extensions[EXTENSION_KEY]
    return found


def init_app(app: Flask) -> DatabaseHealth:
    state = DatabaseHealth()
    app.extensions[EXTENSION_KEY] = state
    return state


def is_outage(exc: BaseException) -> bool:
    """True when `exc` says the database is unreachable (not that one statement failed):
    a lost or timed-out connection, a refused connect, a pool that cannot connect."""
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        return exc.orig is not None and is_outage(exc.orig)
    # psycopg's client-side failures (connect, socket, our deadline) carry no SQLSTATE; the
    # read path's raw cursors raise them unwrapped.
    if isinstance(exc, psycopg.OperationalError):
        return exc.sqlstate is None
    return isinstance(exc, sa_exc.DisconnectionError)


def unavailable(exc: Exception) -> DatabaseUnavailable:
    """The 503 to answer for a database error raised in a request; an outage also opens
    the breaker (the next data-version check closes it when the database is back)."""
    if is_outage(exc):
        health().failed(exc)
    if isinstance(exc, sa_exc.TimeoutError):
        return DatabaseUnavailable("every database connection is busy; try again shortly")
    return DatabaseUnavailable("the database did not answer; try again shortly")
