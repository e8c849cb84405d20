"""Shared fixtures: a migrated database on a real SQLite file and on a real PostgreSQL.

Each test session gets its own PostgreSQL database (created from the `test` database the
machine provides) so parallel runs never see each other's rows. Tests that take `app`
run once per backend; data is cleaned after each test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server import create_app, migrate
from server.db import make_engine
from server.models import Base

REPO = Path(__file__).resolve().parent.parent
MIGRATIONS = str(REPO / "migrations")
POSTGRES_ADMIN_URL = os.environ.get(
    "MASTHEAD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
KEEP_TABLES = {"alembic_version", "data_version"}


def _postgres_available() -> str | None:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of the PostgreSQL server; skipped if unreachable (fails when CI is set)."""
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL unreachable in CI: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    return POSTGRES_ADMIN_URL


@pytest.fixture(scope="session")
def fresh_postgres_db(postgres_server: str) -> Iterator[callable]:  # type: ignore[valid-type]
    """A factory of empty PostgreSQL databases, dropped at the end of the session."""
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"masthead_t_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("db") / "masthead.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url, MIGRATIONS)
    return url


@pytest.fixture(scope="session")
def postgres_url(fresh_postgres_db) -> str:  # type: ignore[no-untyped-def]
    url = fresh_postgres_db()
    migrate.upgrade(url, MIGRATIONS)
    return url


def clean_database(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                conn.execute(table.delete())
        conn.execute(text("UPDATE data_version SET version = 1"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url = request.getfixturevalue(f"{request.param}_url")
    clean_database(url)
    yield url
    clean_database(url)


@pytest.fixture
def app(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "DATA_VERSION_CHECK_INTERVAL": 0.0,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    yield app
    from server.db import engine

    with app.app_context():
        engine().dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def seeded(app, runner):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    return app
