"""Engine and sessions for the app: one engine per app, one session per request.

Plain SQLAlchemy rather than an extension, so the read path can use Core statements
directly and services receive a Session they do not own.

`session()`, `connect()` and `raw_connection()` are the only ways app code reaches the
database. A test can `bind_connection(app, conn)`: all three then work inside `conn`'s
open transaction (commits become SAVEPOINT releases), so the test rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "masthead.db"
BOUND_KEY = "masthead.db.connection"
# SQLite reads the database file through a memory map of up to this size instead of a
# read() per page: the cache-miss lookup's statement runs 2.5x faster on a 500 MB file
# (bench/). The map shares the OS page cache, so it costs address space, not memory.
SQLITE_MMAP_BYTES = 1 << 30


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION_KEY] = sessionmaker(bind=engine, expire_on_commit=False)
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
    bind = current_app.extensions[EXTENSION_KEY].kw["bind"]
    if isinstance(bind, Connection):
        return bind.engine
    assert isinstance(bind, Engine)
    return bind


@contextmanager
def connect() -> Iterator[Connection]:
    """A connection for reads outside the request's ORM session (the read path's scans).

    The one seam through which the read path reaches the database, so tests can hand it
    a connection inside their own transaction (`bind_connection`).
    """
    bound = _bound()
    if bound is None:
        with engine().connect() as conn:
            yield conn
        return
    savepoint = bound.begin_nested()
    try:
        yield bound
    finally:
        if savepoint.is_active:
            savepoint.rollback()


def raw_connection() -> Any:
    """A pooled DBAPI connection for the read path's prepared statements; `close()` it to
    give it back to the pool."""
    bound = _bound()
    if bound is None:
        return engine().raw_connection()
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
    """The request's session, created on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[EXTENSION_KEY]()
    s: Session = g.db_session
    return s


def _close_session(_exc: BaseException | None) -> None:
    s = g.pop("db_session", None)
    if s is not None:
        s.close()
