"""Engines and sessions for the app: one engine per app (two with a read replica), one
session per request.

Plain SQLAlchemy rather than an extension, so the read path can use Core statements
directly and services receive a Session they do not own.

`session()`, `connect()` and `raw_connection()` are the only ways app code reaches the
database. `session()` is the primary's (DATABASE_URL): every write, the curation API, the
admin, sign-in. `connect()` and `raw_connection()` are the read path's: with
READ_DATABASE_URL set they reach that database (a PostgreSQL replica, or a copy of the
SQLite file), so lookups, the read model's builds and the data-version check all read one
database, whose data version always matches its rows.

A test can `bind_connection(app, conn)`: all three then work inside `conn`'s open
transaction (commits become SAVEPOINT releases), so the test rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

from . import db_health
from .db_engine import MIN_CONNECT_TIMEOUT, Timeouts, make_engine
from .db_health import health
from .db_slots import claim, release

EXTENSION_KEY = "masthead.db"
READ_ENGINE_KEY = "masthead.db.read"
BOUND_KEY = "masthead.db.connection"
__all__ = ["Timeouts", "make_engine"]
# A request needs room for a connect (psycopg: at least 2 s) and a statement after it.
MIN_REQUEST_DEADLINE = MIN_CONNECT_TIMEOUT + 1


def init_app(app: Flask) -> None:
    """The app's engine, with the deadlines of its settings, and its database health."""
    db_health.init_app(app)
    deadline = float(app.config["REQUEST_DEADLINE"])
    if 0 < deadline < MIN_REQUEST_DEADLINE and not app.config["DATABASE_URL"].startswith("sqlite"):
        raise ValueError(
            f"MASTHEAD_REQUEST_DEADLINE is {deadline:g} s: on PostgreSQL it must be at least "
            f"{MIN_REQUEST_DEADLINE} s (connecting alone may take {MIN_CONNECT_TIMEOUT} s)"
        )
    timeouts = Timeouts.from_config(app.config)
    engine = make_engine(app.config["DATABASE_URL"], timeouts)
    app.extensions[EXTENSION_KEY] = sessionmaker(bind=engine, expire_on_commit=False)
    read_url = app.config.get("READ_DATABASE_URL") or ""
    if read_url:
        read_engine = make_engine(read_url, timeouts)
        if read_engine.dialect.name != engine.dialect.name:
            raise ValueError(
                "MASTHEAD_READ_DATABASE_URL must name the same kind of database as "
                f"MASTHEAD_DATABASE_URL ({read_engine.dialect.name} is not {engine.dialect.name})"
            )
        app.extensions[READ_ENGINE_KEY] = read_engine
        # Disposing the primary (a test, a worker shutting down) disposes the replica too.
        event.listen(engine, "engine_disposed", lambda _engine: read_engine.dispose())
    app.teardown_request(release)
    app.teardown_appcontext(_close_session)


def bind_connection(app: Flask, connection: Connection) -> None:
    """Tests: run all of `app`'s database work inside `connection`'s open transaction.

    Sessions join it with a SAVEPOINT each (`commit()` releases it, `rollback()` returns to
    it); `connect()` yields `connection` itself and `raw_connection()` its DBAPI connection,
    each inside a SAVEPOINT rolled back when done, as closing a pooled connection would.
    Nothing is committed: the caller rolls the transaction back. Not thread-safe: one
    connection serves every request. On SQLite the engine must emit its own BEGIN (the
    pysqlite SAVEPOINT workaround), or releasing a SAVEPOINT would commit.
    """
    if not connection.in_transaction():
        raise ValueError("bind_connection needs a connection inside a transaction")
    app.extensions[EXTENSION_KEY] = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    app.extensions[BOUND_KEY] = connection


def _bound() -> Connection | None:
    conn: Connection | None = current_app.extensions.get(BOUND_KEY)
    return conn


def engine() -> Engine:
    return engine_of(current_app)


def engine_of(app: Flask) -> Engine:
    bind = app.extensions[EXTENSION_KEY].kw["bind"]
    if isinstance(bind, Connection):
        return bind.engine
    assert isinstance(bind, Engine)
    return bind


def read_engine() -> Engine:
    return read_engine_of(current_app)


def read_engine_of(app: Flask) -> Engine:
    """The engine the read path reads from: the replica's when READ_DATABASE_URL is set,
    otherwise the app's one engine."""
    found: Engine | None = app.extensions.get(READ_ENGINE_KEY)
    return found if found is not None else engine_of(app)


@contextmanager
def connect(*, gated: bool = True) -> Iterator[Connection]:
    """A connection for reads outside the request's ORM session (the read path's scans),
    from the read replica when one is configured.

    The one seam through which the read path reaches the database, so tests can hand it
    a connection inside their own transaction (`bind_connection`). Raises
    DatabaseUnavailable while the database is known to be down (server/db_health.py),
    unless `gated` is False (the data-version check: the probe that finds it back).
    """
    if gated:
        health().check()
        claim()
    bound = _bound()
    if bound is None:
        with read_engine().connect() as conn:
            yield conn
        return
    savepoint = bound.begin_nested()
    try:
        yield bound
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def raw_connection() -> Any:
    """A pooled DBAPI connection for the read path's prepared statements (the replica's
    when one is configured); `close()` it to give it back to the pool. Raises
    DatabaseUnavailable while the database is down."""
    health().check()
    claim()
    bound = _bound()
    if bound is None:
        return read_engine().raw_connection()
    return _BorrowedConnection(bound)


class _BorrowedConnection:
    """The bound connection's DBAPI connection, lent inside a SAVEPOINT: `close()` rolls
    back to it and leaves the connection open (its owner closes it)."""

    def __init__(self, connection: Connection) -> None:
        dbapi = connection.connection.dbapi_connection
        if dbapi is None:
            raise RuntimeError("the bound connection is closed")
        self._dbapi = dbapi
        self._savepoint = connection.begin_nested()

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        return self._dbapi.cursor(*args, **kwargs)

    def close(self) -> None:
        if self._savepoint.is_active:
            self._savepoint.rollback()


def session() -> Session:
    """The request's session, created on first use and closed at teardown. Raises
    DatabaseUnavailable while the database is known to be down."""
    if "db_session" not in g:
        health().check()
        claim()
        g.db_session = current_app.extensions[EXTENSION_KEY]()
    s: Session = g.db_session
    return s


def _close_session(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
