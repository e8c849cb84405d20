"""The restricted application role (migration 0003, PostgreSQL): the app works as it, and
it cannot rewrite history (issue #13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Connection, event
from sqlalchemy import exc as sa_exc

from server import create_app, db
from tests.curation.conftest import Api, entities_payload, make_token, outlet_payload
from tests.databases import Database, app_config, clean_database

pytestmark = pytest.mark.postgres
ROLE = "masthead_app"


@pytest.fixture
def as_role(postgres_empty: Database) -> Iterator[Connection]:
    """A connection acting as the app role, inside a transaction rolled back after."""
    with postgres_empty.engine.connect() as conn:
        outer = conn.begin()
        conn.exec_driver_sql(f"SET LOCAL ROLE {ROLE}")
        yield conn
        outer.rollback()


def _refused(conn: Connection, sql: str) -> bool:
    savepoint = conn.begin_nested()
    try:
        conn.exec_driver_sql(sql)
    except sa_exc.ProgrammingError as exc:
        savepoint.rollback()
        return getattr(exc.orig, "sqlstate", None) == "42501"  # insufficient_privilege
    savepoint.rollback()
    return False


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE revisions SET record_id = record_id",
        "DELETE FROM revisions",
        "TRUNCATE revisions",
        "UPDATE alembic_version SET version_num = version_num",
        "DROP TABLE outlets",
    ],
)
def test_the_app_role_cannot_rewrite_history_or_the_schema(as_role, sql):
    assert _refused(as_role, sql)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM revisions",
        "INSERT INTO revisions (record_type, record_id, version, action, actor, created_at) "
        "VALUES ('outlet', 1, 1, 'create', 'erin', now())",
        "UPDATE outlets SET name = name",
        "DELETE FROM outlets",
        "UPDATE data_version SET version = version + 1",
    ],
)
def test_the_app_role_reads_and_writes_the_records(as_role, sql):
    assert not _refused(as_role, sql)


@pytest.fixture
def role_app(postgres_url: str) -> Iterator[Flask]:
    """The app on a committed database, every connection acting as the app role."""
    clean_database(postgres_url)
    app = create_app(app_config(postgres_url))

    def _as_role(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET ROLE {ROLE}")
        dbapi_conn.commit()

    with app.app_context():
        event.listen(db.engine(), "connect", _as_role)
    yield app
    with app.app_context():
        db.engine().dispose()
    clean_database(postgres_url)


def test_the_app_curates_as_the_app_role(role_app):
    client = role_app.test_client()
    editor = Api(client, make_token(role_app, "erin", "editor"))
    for entity in entities_payload():
        assert editor.post("/entities", entity).status_code == 201
    assert editor.post("/outlets", outlet_payload()).status_code == 201
    edited = editor.patch("/outlets/harbour-ledger", {"name": "The Ledger"}, if_match='"1"')
    assert edited.status_code == 200, edited.get_json()
    history = editor.get("/outlets/harbour-ledger/history").get_json()["revisions"]
    assert editor.post(f"/revisions/{history[0]['id']}/revert", if_match='"2"').status_code == 200
    lookup = client.get(
        "/api/v1/lookup", query_string={"url": "https://harbourledger.example.co.uk/"}
    )
    assert lookup.status_code == 200
    assert lookup.get_json()["outlet"]["name"] == "Harbour Ledger"  # reverted
