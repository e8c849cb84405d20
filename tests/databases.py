"""The databases of a test run: migrated, seeded, copied and emptied, and the engine tests
open their rolled-back transactions on. Fixtures that use them are in tests/conftest.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url

from server import create_app, db, migrate
from server.db import make_engine
from server.models import Base

REPO = Path(__file__).resolve().parent.parent
MIGRATIONS = str(REPO / "migrations")
KEEP_TABLES = {"alembic_version", "data_version"}


def app_config(database_url: str) -> dict[str, Any]:
    """The settings of the tests' apps."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "DATA_VERSION_CHECK_INTERVAL": 0.0,
        "RATELIMIT_STORAGE_URI": "memory://",
        # One full garbage collection per read model costs more than most tests.
        "READ_MODEL_FREEZE": False,
    }


@dataclass(frozen=True)
class Database:
    """A migrated database and the engine tests open their rolled-back transactions on."""

    url: str
    engine: Engine


def transactional_engine(url: str) -> Engine:
    """An engine whose transactions can be joined with SAVEPOINTs and rolled back whole.

    On SQLite, pysqlite's own transaction handling is turned off and the engine emits
    BEGIN itself (SQLAlchemy's documented workaround): otherwise the first SAVEPOINT opens
    the transaction and releasing it commits. Only the tests' engines do this; the app's
    engine (server.db.make_engine) keeps its production settings.
    """
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _no_implicit_begin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN")

    return engine


def seed_database(url: str) -> None:
    """`flask seed` on the database at url, committed."""
    app = create_app(app_config(url))
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine().dispose()


def open_database(url: str, *, seeded: bool) -> Iterator[Database]:
    """Migrate (and seed) the database at url; yields it, disposes its engine after."""
    migrate.upgrade(url, MIGRATIONS)
    if seeded:
        seed_database(url)
    database = Database(url, transactional_engine(url))
    yield database
    database.engine.dispose()


def copy_sqlite_database(url: str, path: Path) -> str:
    """A copy of the SQLite database at url, in the file at path; returns its URL."""
    source = make_url(url).database
    assert source, url
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    return f"sqlite:///{path}"


def clean_database(url: str) -> None:
    """Delete every row but the schema's bookkeeping; data_version back to 1."""
    engine = make_engine(url)
    with engine.begin() as conn:
        clear_tables(conn)
    engine.dispose()


def clear_tables(conn: Connection) -> None:
    """Delete every row but the schema's bookkeeping, in `conn`'s transaction."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name not in KEEP_TABLES:
            conn.execute(table.delete())
    conn.execute(text("UPDATE data_version SET version = 1"))
