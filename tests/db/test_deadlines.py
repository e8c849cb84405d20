"""The app's engines carry their deadlines (issue #13): SQLite's busy timeout, PostgreSQL's
connect and statement timeouts, the pool's checkout timeout; and a PostgreSQL that never
answers (a blackholed network path, through the fault proxy) costs a bounded wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import exc as sa_exc
from sqlalchemy import text
from sqlalchemy.engine import make_url

from server import create_app, db, deadlines
from server.db_engine import CLIENT_MARGIN, DatabaseTimeout, DeadlineConnection, Timeouts
from server.db_health import DatabaseHealth, is_outage
from tests.databases import app_config
from tests.faults.tcp_proxy import TCPProxy

SETTINGS = {
    "DB_CONNECT_TIMEOUT": 4.0,
    "DB_STATEMENT_TIMEOUT": 1.5,
    "DB_POOL_TIMEOUT": 0.7,
    "SQLITE_BUSY_TIMEOUT": 2.5,
}


@pytest.fixture
def timed_app(database_url: str) -> Iterator[Flask]:
    app = create_app({**app_config(database_url), **SETTINGS})
    yield app
    with app.app_context():
        db.engine().dispose()


def test_settings_reach_the_engine(timed_app, backend):
    with timed_app.app_context(), db.connect() as conn:
        engine = db.engine()
        assert engine.pool.timeout() == 0.7  # type: ignore[attr-defined]
        if backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
            return
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "1500ms"
        dbapi = conn.connection.dbapi_connection
        assert isinstance(dbapi, DeadlineConnection)
        assert dbapi.client_wait == 1.5 + CLIENT_MARGIN
        assert dbapi.info.get_parameters().get("connect_timeout") == "4"


@pytest.mark.postgres
def test_a_slow_statement_is_cancelled_by_the_server_and_is_no_outage(timed_app):
    with timed_app.app_context(), db.connect() as conn:
        start = time.monotonic()
        with pytest.raises(sa_exc.OperationalError) as caught:
            conn.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - start < 3
    assert not is_outage(caught.value)  # the database answered: one statement failed


@pytest.fixture
def proxied(postgres_url: str) -> Iterator[tuple[TCPProxy, str]]:
    url = make_url(postgres_url)
    with TCPProxy("127.0.0.1", url.port or 5432) as proxy:
        yield proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)


@pytest.mark.postgres
@pytest.mark.parametrize("scope", [None, 0.4])
def test_a_blackholed_database_costs_one_bounded_wait(proxied, scope):
    """No answer ever comes (the server's statement_timeout cannot help): the client gives
    the connection up after the statement timeout plus its margin, or sooner inside a
    deadline, and SQLAlchemy drops it from the pool."""
    proxy, url = proxied
    engine = db.make_engine(url, Timeouts(connect=2, statement=0.5))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            proxy.blackhole()
            start = time.monotonic()
            with pytest.raises(sa_exc.OperationalError) as caught:
                if scope is None:
                    conn.execute(text("SELECT 1"))
                else:
                    with deadlines.within(scope):
                        conn.execute(text("SELECT 1"))
            took = time.monotonic() - start
            assert conn.invalidated
        bound = 0.5 + CLIENT_MARGIN if scope is None else scope
        assert bound - 0.1 < took < bound + 0.5
        assert is_outage(caught.value) and isinstance(caught.value.orig, DatabaseTimeout)
    finally:
        proxy.restore()
        engine.dispose()


@pytest.mark.postgres
def test_a_request_deadline_too_short_to_connect_is_refused(postgres_url):
    with pytest.raises(ValueError, match="MASTHEAD_REQUEST_DEADLINE"):
        create_app({**app_config(postgres_url), "REQUEST_DEADLINE": 2.5})


@pytest.mark.postgres
def test_with_too_little_left_a_request_does_not_connect(proxied, monkeypatch):
    """A request with less of its deadline left than a connect may take (psycopg: 2 s)
    answers 503 at once rather than overrun it."""
    proxy, url = proxied
    app = create_app({**app_config(url), **SETTINGS})
    proxy.blackhole()
    try:
        with app.test_request_context("/api/v1/outlets/rt"):
            app.preprocess_request()  # the request's deadline starts
            monkeypatch.setattr(deadlines, "request_remaining", lambda: 1.5)  # 1.5 s left
            start = time.monotonic()
            with pytest.raises(sa_exc.OperationalError, match="too little time"):
                db.engine().connect()
            assert time.monotonic() - start < 0.1
    finally:
        proxy.restore()
        with app.app_context():
            db.engine().dispose()


@pytest.mark.postgres
def test_past_its_deadline_a_request_never_reaches_the_database(proxied):
    _proxy, url = proxied
    engine = db.make_engine(url, Timeouts(connect=2, statement=0.5))
    try:
        with deadlines.within(0.0), pytest.raises(sa_exc.OperationalError) as caught:
            engine.connect()
        assert "too little time" in str(caught.value)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_waits_on_a_blackholed_database_end_when_the_breaker_opens(proxied):
    """A thread already waiting on a database that went away does not wait out its bound:
    the breaker opening (`DatabaseHealth.failed`) ends every wait in the process at once."""
    proxy, url = proxied
    engine = db.make_engine(url, Timeouts(connect=2, statement=5))
    outcome: dict[str, object] = {}
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            proxy.blackhole()

            def query() -> None:
                start = time.monotonic()
                try:
                    conn.execute(text("SELECT 1"))
                except sa_exc.OperationalError as exc:
                    outcome["error"] = exc
                outcome["took"] = time.monotonic() - start

            waiting = threading.Thread(target=query)
            waiting.start()
            time.sleep(0.5)  # the query is now waiting for an answer that never comes
            DatabaseHealth().failed("the data-version check timed out")
            waiting.join(5)
            assert not waiting.is_alive()
        assert isinstance(outcome.get("error"), sa_exc.OperationalError)
        assert is_outage(outcome["error"])  # type: ignore[arg-type]
        took = outcome["took"]
        assert isinstance(took, float) and took < 1.5  # not the 6 s bound
    finally:
        proxy.restore()
        engine.dispose()
