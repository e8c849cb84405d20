"""MASTHEAD_READ_DATABASE_URL: lookups and the read model read a second database (a replica),
every write goes to the primary. On PostgreSQL the replica is a second database on the same
server, made by the same migrations and a copy of the primary's rows (what a streaming or
logical replica holds; creating a subscription here would need superuser changes to the
shared server); on SQLite it is a copy of the file. The app is served over real HTTP.

Each test makes the two databases differ on purpose (a row only the replica has, a write
only the primary has seen) and checks which one every answer came from."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from sqlalchemy import Engine, select, text
from werkzeug.serving import make_server

from server import create_app, db, migrate
from server.db import make_engine
from server.models import Base, Outlet
from tests.conftest import MIGRATIONS, app_config, copy_sqlite_database
from tests.curation.conftest import Api, make_token, outlet_payload

LOOKUP = "/api/v1/lookup?url=https://harbourledger.example.co.uk/2024/story"
REPLICA_ONLY = "/api/v1/lookup?url=https://replica-only.example/news"
HARBOUR = "harbourledger.example.co.uk"


def copy_rows(source_url: str, target_url: str) -> None:
    """Make the migrated database at target_url hold exactly the rows of source_url's, in one
    transaction (a replica catching up), sequences included."""
    source, target = make_engine(source_url), make_engine(target_url)
    try:
        with source.connect() as src, target.begin() as dst:
            tables = Base.metadata.sorted_tables
            for table in reversed(tables):
                dst.execute(table.delete())
            for table in tables:
                rows = [dict(r._mapping) for r in src.execute(select(table))]
                if rows:
                    dst.execute(table.insert(), rows)
            if dst.dialect.name == "postgresql":
                for table in tables:
                    if "id" in table.c and table.c.id.autoincrement is not False:
                        dst.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false) "
                                f"WHERE pg_get_serial_sequence('{table.name}', 'id') IS NOT NULL"
                            )
                        )
    finally:
        source.dispose()
        target.dispose()


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.engine().dispose()


def write_through_app(url: str, write: Callable[[Api], None]) -> None:
    """Run `write` against an app whose only database is `url` (as an editor)."""
    app = create_app(app_config(url))
    try:
        write(Api(app.test_client(), make_token(app, "erin", "editor")))
    finally:
        _dispose(app)


def create_outlet(api: Api, slug: str, host: str) -> None:
    body = outlet_payload(slug, domains=[{"host": host}])
    body.pop("relations")
    resp = api.post("/outlets", body)
    assert resp.status_code == 201, resp.get_json()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def primary_and_replica(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """A primary with one outlet (harbour-ledger) and a replica holding the same rows."""
    if request.param == "sqlite":
        primary = f"sqlite:///{tmp_path / 'primary.sqlite3'}"
        migrate.upgrade(primary, MIGRATIONS)
        write_through_app(primary, lambda api: create_outlet(api, "harbour-ledger", HARBOUR))
        replica = copy_sqlite_database(primary, tmp_path / "replica.sqlite3")
    else:
        make: Callable[..., str] = request.getfixturevalue("fresh_postgres_db")
        primary, replica = make(), make()
        for url in (primary, replica):
            migrate.upgrade(url, MIGRATIONS)  # the same migrations on both
        write_through_app(primary, lambda api: create_outlet(api, "harbour-ledger", HARBOUR))
        copy_rows(primary, replica)
    # A row only the replica has: lookups that find it read the replica.
    only = "replica-only.example"
    write_through_app(replica, lambda api: create_outlet(api, "replica-only", only))
    yield primary, replica


@pytest.fixture
def served(primary_and_replica: tuple[str, str]) -> Iterator[tuple[Flask, str]]:
    """The app on the primary with READ_DATABASE_URL the replica, over HTTP."""
    primary, replica = primary_and_replica
    app = create_app({**app_config(primary), "READ_DATABASE_URL": replica})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    _dispose(app)


def outlet_names(url: str) -> dict[str, str]:
    engine: Engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {r.slug: r.name for r in conn.execute(select(Outlet.slug, Outlet.name))}
    finally:
        engine.dispose()


def test_lookups_read_the_replica_and_writes_go_to_the_primary(
    served: tuple[Flask, str], primary_and_replica: tuple[str, str]
) -> None:
    app, base = served
    primary, replica = primary_and_replica
    assert "replica-only" not in outlet_names(primary)
    token = make_token(app, "pat", "editor")  # sign-in data: the primary's
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as http:
        # Lookups, the domain index and public records come from the replica.
        found = http.get(REPLICA_ONLY).json()
        assert found["outlet"]["slug"] == "replica-only"
        index = http.get("/api/v1/index").json()
        assert len(index["outlets"]) == 2
        assert http.get("/api/v1/outlets/replica-only").status_code == 200

        # A write: the curation API answers from the primary and writes there only.
        patched = http.patch(
            "/api/v1/outlets/harbour-ledger",
            json={"name": "Harbour Ledger Daily"},
            headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'},
        )
        assert patched.status_code == 200, patched.text
        assert outlet_names(primary)["harbour-ledger"] == "Harbour Ledger Daily"
        assert outlet_names(replica)["harbour-ledger"] == "Harbour Ledger"
        # Lookups still see the replica's (older) data until it catches up.
        assert http.get(LOOKUP).json()["outlet"]["name"] == "Harbour Ledger"

        if primary.startswith("postgresql"):
            # The replica catches up (its data version comes with its rows): lookups follow.
            # One more write first: the replica's own write (replica-only) gave it the data
            # version number the primary's first write has; a real replica never writes.
            again = http.patch(
                "/api/v1/outlets/harbour-ledger",
                json={"description": "Regional daily."},
                headers={"Authorization": f"Bearer {token}", "If-Match": '"2"'},
            )
            assert again.status_code == 200, again.text
            copy_rows(primary, replica)
            assert http.get(LOOKUP).json()["outlet"]["name"] == "Harbour Ledger Daily"
            # (The replica-only outlet is not checked here: the copy replaced the replica's
            # rows wholesale, which no real replica does, and the read model now follows the
            # change log of the versions it missed, which never named that outlet.)


def test_the_read_engine_is_the_replica_and_sessions_the_primary(
    primary_and_replica: tuple[str, str],
) -> None:
    primary, replica = primary_and_replica
    app = create_app({**app_config(primary), "READ_DATABASE_URL": replica})
    try:
        with app.app_context():
            assert str(db.read_engine().url) == str(make_engine(replica).url)
            assert str(db.engine().url) == str(make_engine(primary).url)
            with db.connect() as conn:
                slugs = set(conn.execute(select(Outlet.slug)).scalars())
            assert slugs == {"harbour-ledger", "replica-only"}
            assert set(db.session().scalars(select(Outlet.slug))) == {"harbour-ledger"}
    finally:
        _dispose(app)


def test_without_a_replica_one_engine_serves_both(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'only.sqlite3'}"
    migrate.upgrade(url, MIGRATIONS)
    app = create_app(app_config(url))
    try:
        with app.app_context():
            assert db.read_engine() is db.engine()
    finally:
        _dispose(app)


def test_a_replica_of_another_kind_is_refused(tmp_path: Path) -> None:
    config: dict[str, Any] = {
        **app_config(f"sqlite:///{tmp_path / 'a.sqlite3'}"),
        "READ_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
    }
    with pytest.raises(ValueError, match="same kind of database"):
        create_app(config)


def test_reads_never_touch_the_primary(primary_and_replica: tuple[str, str]) -> None:
    """The primary unreachable (a port nobody listens on): every read is still answered,
    from the replica; a write answers 503 database_unavailable."""
    primary, replica = primary_and_replica
    unreachable = (
        "sqlite:////nonexistent-dir/primary.sqlite3"
        if primary.startswith("sqlite")
        else "postgresql+psycopg://postgres@127.0.0.1:1/masthead"
    )
    app = create_app({**app_config(unreachable), "READ_DATABASE_URL": replica})
    client = app.test_client()
    try:
        assert client.get(REPLICA_ONLY).get_json()["outlet"]["slug"] == "replica-only"
        assert client.get(LOOKUP).get_json()["outlet"]["slug"] == "harbour-ledger"
        assert len(client.get("/api/v1/index").get_json()["outlets"]) == 2
        assert client.get("/api/v1/outlets/harbour-ledger").status_code == 200
        assert client.get("/api/v1/reports/hash/0").status_code == 200
        assert client.get("/readyz").status_code == 200
        write = client.patch(
            "/api/v1/outlets/harbour-ledger",
            json={"name": "Nope"},
            headers={"Authorization": "Bearer x", "If-Match": '"1"'},
        )
        assert write.status_code == 503, write.get_json()
        # The failed write opened the breaker; the next data-version check (the replica's)
        # closes it: reads go on.
        assert client.get(REPLICA_ONLY).status_code == 200
        assert client.get("/api/v1/outlets/replica-only").status_code == 200
    finally:
        _dispose(app)
