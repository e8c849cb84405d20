"""Shared fixtures: the app on a real SQLite file and on a real PostgreSQL, each test inside a
transaction that is rolled back at its end.

Tests that take `app` (or `client`, `runner`, `seeded`) run once per backend (`backend`).
Per backend and test run, each of these databases is made once, when first needed:

* empty (`<backend>_empty`): migrated, data_version 1; what `app` uses;
* seeded (`<backend>_seeded`): migrated and `flask seed`-ed; what `app` uses when the test
  asks for `seeded` (which then costs nothing);
* committed (`sqlite_url`, `postgres_url`): migrated, emptied before and after each test
  that uses it (see below).

On the first two, a test gets one connection with an open transaction (`db_connection`)
and its app is bound to it (`server.db.bind_connection`): the app's sessions commit into
SAVEPOINTs, its reads go through that same connection, and everything is rolled back
after the test. Writes are therefore invisible to any other connection, thread or process.
Tests that need their writes committed (a second app on the same database, a threaded
server, several sessions at once) are marked `committed`; a test that asks for
`database_url` (to reach the database some other way) is marked so automatically. Their
app uses the committed database, emptied as before (or, with `seeded`, its own copy of the
seeded database).

Building an app costs ~0.1 s (Werkzeug compiles every URL rule), so the rolled-back tests of
one database share apps (`AppPool`): between two tests the app gets its config back, drops
its read caches (they follow the data version, which a rollback moves back: the next test
could reach the same version with other data) and its rate-limit counters, and is bound to
the new test's connection. An app whose shape a test changed (routes, hooks, extensions,
WSGI middleware) is not reused. `committed` tests always get a new app.

Each test session gets its own PostgreSQL databases (created from the `test` database the
machine provides) so parallel runs never see each other's rows.
"""

from __future__ import annotations

import copy
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_limiter import Limiter
from limits.strategies import RateLimiter
from sqlalchemy import Connection, Engine, create_engine, event, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server import create_app, db, migrate
from server.db import make_engine
from server.models import Base, DataVersion
from server.read import cache as readcache

REPO = Path(__file__).resolve().parent.parent
MIGRATIONS = str(REPO / "migrations")
POSTGRES_ADMIN_URL = os.environ.get(
    "MASTHEAD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
KEEP_TABLES = {"alembic_version", "data_version"}
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def app_config(database_url: str) -> dict[str, Any]:
    """The settings of the tests' apps."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "DATA_VERSION_CHECK_INTERVAL": 0.0,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


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
        copy = f' TEMPLATE "{template}"' if template else ""
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        made.append(name)
        return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# -- the databases of a test run ---------------------------------------------------------------


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


def _database(url: str, *, seeded: bool) -> Iterator[Database]:
    migrate.upgrade(url, MIGRATIONS)
    if seeded:
        seed_database(url)
    database = Database(url, transactional_engine(url))
    yield database
    database.engine.dispose()


def _sqlite_file(factory: pytest.TempPathFactory, name: str) -> str:
    return f"sqlite:///{factory.mktemp('db') / name}.sqlite3"


@pytest.fixture(scope="session")
def sqlite_empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from _database(_sqlite_file(tmp_path_factory, "empty"), seeded=False)


@pytest.fixture(scope="session")
def sqlite_seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from _database(_sqlite_file(tmp_path_factory, "seeded"), seeded=True)


@pytest.fixture(scope="session")
def postgres_empty(fresh_postgres_db: Callable[..., str]) -> Iterator[Database]:
    yield from _database(fresh_postgres_db(), seeded=False)


@pytest.fixture(scope="session")
def postgres_seeded(fresh_postgres_db: Callable[..., str]) -> Iterator[Database]:
    yield from _database(fresh_postgres_db(), seeded=True)


def copy_sqlite_database(url: str, path: Path) -> str:
    """A copy of the SQLite database at url, in the file at path; returns its URL."""
    source = make_url(url).database
    assert source, url
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    return f"sqlite:///{path}"


def copy_of_seeded(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A committed copy of the seeded database for one test (as if `flask seed` had run)."""
    seeded: Database = request.getfixturevalue(f"{backend}_seeded")
    if backend == "sqlite":
        return copy_sqlite_database(seeded.url, tmp_path / "seeded-copy.sqlite3")
    seeded.engine.dispose()  # a template database must have no connections
    make: Callable[..., str] = request.getfixturevalue("fresh_postgres_db")
    return make(template=make_url(seeded.url).database)


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


# -- apps shared by rolled-back tests -----------------------------------------------------------


def _shape(app: Flask) -> tuple[Any, ...]:
    """What a test must not have changed for its app to be reused (the config is restored,
    the database binding replaced)."""
    ignored = {db.EXTENSION_KEY, db.BOUND_KEY}
    hooks = (
        app.before_request_funcs,
        app.after_request_funcs,
        app.teardown_request_funcs,
        app.url_value_preprocessors,
        app.url_default_functions,
        app.template_context_processors,
    )
    return (
        sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()),
        sorted((name, id(view)) for name, view in app.view_functions.items()),
        sorted((key, id(ext)) for key, ext in app.extensions.items() if key not in ignored),
        [
            sorted((str(key), [id(f) for f in funcs]) for key, funcs in hook.items())
            for hook in hooks
        ],
        [id(f) for f in app.teardown_appcontext_funcs],
        _handlers(app),
        sorted(app.blueprints),
        sorted(app.jinja_env.globals),
        id(vars(app).get("wsgi_app")),  # middleware replaces the bound method
        id(app.session_interface),
    )


def _handlers(app: Flask) -> list[tuple[str, str, str, int]]:
    """The error handlers (Flask's lookups add empty entries: those do not count)."""
    return sorted(
        (str(scope), str(code), repr(exc), id(handler))
        for scope, by_code in app.error_handler_spec.items()
        for code, by_class in by_code.items()
        for exc, handler in by_class.items()
    )


@dataclass
class _Pooled:
    app: Flask
    config: dict[str, Any]
    shape: tuple[Any, ...]


class AppPool:
    """Apps of rolled-back tests, one free app per database, reset before each reuse."""

    def __init__(self) -> None:
        self._free: dict[str, _Pooled] = {}
        self._taken: dict[int, _Pooled] = {}

    def take(self, database_url: str, conn: Connection) -> Flask:
        pooled = self._free.pop(database_url, None)
        if pooled is None:
            app = create_app(app_config(database_url))
            pooled = _Pooled(app, copy.deepcopy(dict(app.config)), _shape(app))
            db.bind_connection(app, conn)
        else:
            _reset(pooled, conn)
        self._taken[id(pooled.app)] = pooled
        return pooled.app

    def give_back(self, app: Flask) -> None:
        pooled = self._taken.pop(id(app))
        if _shape(app) == pooled.shape:
            self._free[str(pooled.config["DATABASE_URL"])] = pooled


def _reset(pooled: _Pooled, conn: Connection) -> None:
    """Make a used app as good as new, bound to conn."""
    app = pooled.app
    app.config.clear()
    app.config.update(copy.deepcopy(pooled.config))
    app._got_first_request = False  # as Flask's own app.run() does: setup methods work again
    db.bind_connection(app, conn)
    for ext in app.extensions.values():
        if isinstance(ext, Limiter):
            ext.reset()
        elif isinstance(ext, RateLimiter):
            ext.storage.reset()
    # The read caches drop everything when the data version moves: show them a version no
    # test has, then let the next read find the real one again.
    savepoint = conn.begin_nested()
    try:
        conn.execute(update(DataVersion).values(version=-1))
        with app.app_context():
            read_cache = readcache.cache()
            read_cache.expire_now()
            read_cache.version  # noqa: B018 - reads the version, dropping every cached read
    finally:
        savepoint.rollback()
    with app.app_context():
        readcache.cache().expire_now()


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
        yield copy_of_seeded(backend, request, tmp_path)
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
