"""Migration 0005: the label kind `rater_assessment` is accepted after it and refused (its
labels deleted) after going back to 0004, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from server import migrate
from server.db import make_engine
from tests.conftest import MIGRATIONS

LABEL = (
    "INSERT INTO labels (outlet_id, kind, issuer, as_of, citation_id, version, created_at,"
    " updated_at) VALUES (1, :kind, 'Wikipedia editors', '2026-04-18', 1, {stamps})"
)


def _labels(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [k for (k,) in conn.execute(text("SELECT kind FROM labels ORDER BY id"))]
    finally:
        engine.dispose()


def _insert(url: str, kind: str, *, records: bool = False) -> None:
    engine = make_engine(url)
    now = "CURRENT_TIMESTAMP"
    try:
        with engine.begin() as conn:
            if records:
                conn.execute(
                    text(
                        "INSERT INTO citations (id, url, version, created_at, updated_at)"
                        f" VALUES (1, 'https://en.wikipedia.org/wiki/X', 1, {now}, {now})"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO outlets (id, slug, name, other_names, languages, kind,"
                        " status, version, created_at, updated_at) VALUES (1, 'x', 'X', '[]',"
                        f" '[]', 'private', 'active', 1, {now}, {now})"
                    )
                )
            conn.execute(text(LABEL.format(stamps=f"1, {now}, {now}")), {"kind": kind})
    finally:
        engine.dispose()


def _round_trip(url: str) -> None:
    migrate.upgrade(url, MIGRATIONS)
    _insert(url, "regulatory_finding", records=True)
    _insert(url, "rater_assessment")
    assert _labels(url) == ["regulatory_finding", "rater_assessment"]
    migrate.downgrade(url, MIGRATIONS, "0004")
    assert _labels(url) == ["regulatory_finding"]
    with pytest.raises(IntegrityError):
        _insert(url, "rater_assessment")
    migrate.upgrade(url, MIGRATIONS)
    _insert(url, "rater_assessment")
    assert _labels(url)[-1] == "rater_assessment"
    assert migrate.schema_differences(url) == []


def test_sqlite_rater_assessment_up_and_down(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'm.sqlite3'}")


@pytest.mark.postgres
def test_postgres_rater_assessment_up_and_down(fresh_postgres_db):
    _round_trip(fresh_postgres_db())
