"""The tests' own isolation (tests/conftest.py, server.db.bind_connection): what a test's app
writes stays in the test's transaction, and the app's commits, failed reads and raw
connections cannot end that transaction early."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from server import accounts, db
from server.db import make_engine
from server.models import DataVersion, Outlet, User
from tests import factories

SUGGESTION = {
    "kind": "report",
    "page_url": "https://www.rt.com/news/398374-russia-syria-losses-reuters/",
    "report_url": "https://www.reuters.com/article/idUSKBN1AH1J2",
    "relation": "disputes",
}


def _users(conn) -> int:  # type: ignore[no-untyped-def]
    return conn.execute(select(func.count()).select_from(User)).scalar_one()


def _make_user(app, name: str) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        session = db.session()
        accounts.get_or_create_user(session, name, "editor")
        session.commit()


def test_app_commits_stay_in_the_tests_transaction(app, db_connection):
    _make_user(app, "erin")
    assert _users(db_connection) == 1
    # Another connection (the app's production engine settings) does not see it: the commit
    # released a SAVEPOINT (on SQLite too, where pysqlite alone would have committed).
    other = make_engine(str(app.config["DATABASE_URL"]))
    try:
        with other.connect() as conn:
            assert _users(conn) == 0
    finally:
        other.dispose()
    assert db_connection.in_transaction()


def test_the_app_reads_the_tests_uncommitted_rows(app, db_session):
    factories.outlet(db_session, "harbour-ledger", hosts=["harbour-ledger.example"])
    db_session.commit()
    with app.app_context(), db.connect() as conn:
        slugs = conn.execute(select(Outlet.slug)).scalars().all()
    assert slugs == ["harbour-ledger"]
    resp = app.test_client().get("/api/v1/outlets/harbour-ledger")
    assert resp.status_code == 200 and resp.get_json()["slug"] == "harbour-ledger"


def test_a_failed_read_does_not_end_the_tests_transaction(app, db_connection):
    _make_user(app, "erin")
    with app.app_context():
        with pytest.raises(DBAPIError), db.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))
        # On PostgreSQL the error would abort the whole transaction without the SAVEPOINT.
        with db.connect() as conn:
            assert conn.execute(select(DataVersion.version)).scalar() == 1
    assert _users(db_connection) == 1


def test_closing_a_raw_connection_leaves_the_tests_connection_open(app, db_connection):
    with app.app_context():
        raw = db.raw_connection()
        cursor = raw.cursor()
        cursor.execute("SELECT version FROM data_version")
        assert cursor.fetchall() == [(1,)]
        cursor.close()
        raw.close()
    assert db_connection.execute(select(DataVersion.version)).scalar() == 1


def test_the_seeded_database_is_there_at_no_cost(seeded, db_connection):
    outlets = db_connection.execute(select(func.count()).select_from(Outlet)).scalar_one()
    assert outlets >= 80


def test_a_test_asking_for_database_url_is_committed(request, app, database_url):
    assert request.node.get_closest_marker("committed") is not None
    _make_user(app, "erin")
    other = make_engine(database_url)
    try:
        with other.connect() as conn:
            assert _users(conn) == 1
    finally:
        other.dispose()


def test_a_reused_app_forgets_what_the_last_test_read(backend, request, app_pool):
    """Two tests in a row on one pooled app, both at data version 2 with other data: the
    second must not be served the first one's cached record, limits or config."""
    database = request.getfixturevalue(f"{backend}_empty")
    url = database.url

    def one_test(slug: str) -> tuple[int, list[int], str]:
        with database.engine.connect() as conn:
            outer = conn.begin()
            with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
                factories.outlet(session, slug)
                factories.bump_data_version(session)
                session.commit()
            app = app_pool.take(url, conn)
            try:
                client = app.test_client()
                found = client.get("/api/v1/outlets/first").status_code
                app.config["SUGGESTION_RATE_LIMIT"] = "1 per hour"
                limited = [
                    client.post("/api/v1/suggestions", json=SUGGESTION).status_code
                    for _ in range(2)
                ]
                return found, limited, str(app.config["HTTP_MAX_AGE"])
            finally:
                app.config["HTTP_MAX_AGE"] = 1
                app_pool.give_back(app)
                outer.rollback()

    assert one_test("first") == (200, [201, 429], "60")
    assert one_test("second") == (404, [201, 429], "60")
