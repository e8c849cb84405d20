"""Shared fixtures: the app on a real SQLite file and on a real PostgreSQL, each test inside a
transaction that is rolled back at its end.

Tests that take `app` (or `client`, `runner`, `seeded`) run once per backend (`backend`).
Per backend and test run, each of these databases is made once, when first needed
(tests/databases.py):

* empty (`<backend>_empty`): migrated, data_version 1; what `app` uses;
* seeded (`<backend>_seeded`): migrated and `flask seed`-ed; what `app` uses when the test
  asks for `seeded` (which then costs nothing);
* committed (`sqlite_url`, `postgres_url`): migrated, emptied before and after each test
  that uses it (see below).

On the first two, a test gets one connection with an open transaction (`db_connection`)
and its app is bound to it (`server.db.bind_connection`): the app's sessions commit into
SAVEPOINTs, its reads go through that same connection, and everything is rolled back
after the test. Writes are therefore invisible to any other connection, thread or process.
Rows a test needs can be added with `db_session` and tests/factories.py. Such tests share
apps (tests/app_pool.py: each is reset before it is used again).

Tests that need their writes committed (a second app on the same database, a threaded
server, several sessions at once) are marked `committed`; a test that asks for
`database_url` (to reach the database some other way) is marked so automatically. They get
a new app on the committed database, emptied as before (or, with `seeded`, on their own
copy of the seeded database).

Each test session gets its own PostgreSQL databases (created from the `test` database the
machine provides) so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server import create_app, db, migrate

from .app_pool import AppPool
from .databases import (
    KEEP_TABLES,
    MIGRATIONS,
    REPO,
    Database,
    app_config,
    clean_database,
    clear_tables,
    copy_sqlite_database,
    open_database,
    seed_database,
)
from .run_templates import (
    database_name,
    drop_postgres_templates,
    once_per_run,
    remember_postgres_template,
    run_folder,
)

__all__ = [  # what tests import from here
    "KEEP_TABLES",
    "MIGRATIONS",
    "REPO",
    "app_config",
    "clean_database",
    "clear_tables",
    "copy_sqlite_database",
]

# Property tests: `scripts/test` (CI) runs them derandomized, so a run is reproducible and a
# landing never hinges on a lucky draw; plain `pytest` keeps exploring new examples. Neither
# profile has a per-example deadline: on a loaded 2-core machine a 200 ms deadline fails
# examples for the machine's load, not for the code (the time limits that matter are tested
# where they are promised).
settings.register_profile("explore", deadline=None)
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile(os.environ.get("MASTHEAD_HYPOTHESIS_PROFILE", "explore"))

# The rate-limit counters of every app and server the tests start stay in their own process:
# the default store, a file under instance/, would outlive the run (tests that test the
# stores name theirs).
os.environ.setdefault("MASTHEAD_RATELIMIT_STORAGE_URI", "memory://")

POSTGRES_ADMIN_URL = os.environ.get(
    "MASTHEAD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for `database_url` reaches the database on its own: it needs the
    app's writes committed."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.committed)


def is_committed(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("committed") is not None


# -- PostgreSQL server -------------------------------------------------------------------------


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
def fresh_postgres_db(postgres_server: str) -> Iterator[Callable[..., str]]:
    """A factory of PostgreSQL databases, dropped at the end of the session: `make()` an
    empty one, `make(template=name)` a copy of database `name` (nobody may be connected
    to it)."""
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(template: str | None = None) -> str:
        name = f"masthead_t_{uuid.uuid4().hex[:10]}"
        source = f' TEMPLATE "{template}"' if template else ""
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{source}'))
        made.append(name)
        return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# -- the databases of a test run ---------------------------------------------------------------


def _sqlite_file(factory: pytest.TempPathFactory, name: str) -> str:
    return f"sqlite:///{factory.mktemp('db') / name}.sqlite3"


@pytest.fixture(scope="session")
def sqlite_empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from open_database(_sqlite_file(tmp_path_factory, "empty"), seeded=False)


@pytest.fixture(scope="session")
def sqlite_seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """This worker's copy of the run's seeded SQLite database (see tests/run_templates.py)."""
    folder = run_folder(tmp_path_factory)

    def build() -> str:
        url = f"sqlite:///{folder / 'seeded-template.sqlite3'}"
        migrate.upgrade(url, MIGRATIONS)
        seed_database(url)
        return url

    template = once_per_run(folder, "sqlite-seeded", build)
    own = copy_sqlite_database(template, tmp_path_factory.mktemp("db") / "seeded.sqlite3")
    yield from open_database(own, seeded=False)


@pytest.fixture(scope="session")
def postgres_empty(fresh_postgres_db: Callable[..., str]) -> Iterator[Database]:
    yield from open_database(fresh_postgres_db(), seeded=False)


@pytest.fixture(scope="session")
def postgres_seeded(
    fresh_postgres_db: Callable[..., str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """This worker's copy of the run's seeded PostgreSQL database (tests/run_templates.py)."""
    folder = run_folder(tmp_path_factory)

    def build() -> str:
        name = f"masthead_tpl_{uuid.uuid4().hex[:10]}"
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        remember_postgres_template(folder, name)
        url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
        migrate.upgrade(url, MIGRATIONS)
        seed_database(url)
        return url

    template = once_per_run(folder, "postgres-seeded", build)
    yield from open_database(fresh_postgres_db(template=database_name(template)), seeded=False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller (or a run without workers) drops the run's PostgreSQL templates."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if hasattr(session.config, "workerinput") or factory is None:
        return
    drop_postgres_templates(run_folder(factory), POSTGRES_ADMIN_URL)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The committed SQLite database (see `database_url`)."""
    url = _sqlite_file(tmp_path_factory, "committed")
    migrate.upgrade(url, MIGRATIONS)
    return url


@pytest.fixture(scope="session")
def postgres_url(fresh_postgres_db: Callable[..., str]) -> str:
    """The committed PostgreSQL database (see `database_url`)."""
    url = fresh_postgres_db()
    migrate.upgrade(url, MIGRATIONS)
    return url


def _copy_of_seeded(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A committed copy of the seeded database for one test (as if `flask seed` had run)."""
    seeded: Database = request.getfixturevalue(f"{backend}_seeded")
    if backend == "sqlite":
        return copy_sqlite_database(seeded.url, tmp_path / "seeded-copy.sqlite3")
    seeded.engine.dispose()  # a template database must have no connections
    make: Callable[..., str] = request.getfixturevalue("fresh_postgres_db")
    return make(template=make_url(seeded.url).database)


@pytest.fixture(scope="session")
def app_pool() -> AppPool:
    return AppPool()


# -- per test ----------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database server a test runs on: each test that needs one runs on both."""
    name: str = request.param
    return name


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The committed database (asking for it marks the test `committed`): emptied before
    and after the test or, when the test asks for `seeded`, a copy of the seeded one."""
    if "seeded" in request.fixturenames:
        yield _copy_of_seeded(backend, request, tmp_path)
        return
    url: str = request.getfixturevalue(f"{backend}_url")
    clean_database(url)
    yield url
    clean_database(url)


@pytest.fixture
def db_connection(backend: str, request: pytest.FixtureRequest) -> Iterator[Connection]:
    """A connection to the empty (or, with `seeded`, the seeded) database, inside a
    transaction rolled back after the test. The test's app is bound to it."""
    if is_committed(request):
        pytest.fail("db_connection is for tests that roll back; this one is `committed`")
    kind = "seeded" if "seeded" in request.fixturenames else "empty"
    database: Database = request.getfixturevalue(f"{backend}_{kind}")
    with database.engine.connect() as conn:
        outer = conn.begin()
        yield conn
        assert outer.is_active, "the test's transaction ended before its rollback"
        outer.rollback()


@pytest.fixture
def db_session(db_connection: Connection) -> Iterator[Session]:
    """An ORM session in the test's transaction, e.g. for tests.factories. Its commit
    releases a SAVEPOINT: commit before the app uses the database."""
    with Session(
        bind=db_connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as session:
        yield session


@pytest.fixture
def app(backend: str, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app, bound to the test's rolled-back transaction (`db_connection`; an app from
    `app_pool`) or, for a `committed` test, a new app on the committed database
    (`database_url`)."""
    if is_committed(request):
        url: str = request.getfixturevalue("database_url")
        app = create_app(app_config(url))
        yield app
        with app.app_context():
            db.engine().dispose()
        return
    conn: Connection = request.getfixturevalue("db_connection")
    pool: AppPool = request.getfixturevalue("app_pool")
    app = pool.take(conn.engine.url.render_as_string(hide_password=False), conn)
    yield app
    pool.give_back(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def seeded(app: Flask) -> Flask:
    """The app on the seeded database (`flask seed` run once per test run and backend;
    asking for `seeded` is what makes `app` pick that database or a copy of it)."""
    return app
