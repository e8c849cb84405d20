"""The schema exists only through Alembic: it round-trips, and it matches the models."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from server import migrate
from server.db import make_engine
from tests.conftest import MIGRATIONS


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _round_trip(url: str) -> None:
    migrate.upgrade(url, MIGRATIONS)
    assert {"outlets", "domain_rules", "relations", "labels", "revisions"} <= _tables(url)
    assert migrate.schema_differences(url) == []
    migrate.downgrade(url, MIGRATIONS, "base")
    assert _tables(url) <= {"alembic_version"}
    migrate.upgrade(url, MIGRATIONS)
    assert migrate.schema_differences(url) == []


def test_sqlite_upgrade_downgrade_upgrade(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'm.sqlite3'}")


@pytest.mark.postgres
def test_postgres_upgrade_downgrade_upgrade(fresh_postgres_db):
    _round_trip(fresh_postgres_db())


def test_db_check_command_reports_agreement(runner):
    result = runner.invoke(args=["db-check"])
    assert result.exit_code == 0 and "agree" in result.output
