"""Fixtures for the read path's unit tests: the schema in an in-memory SQLite database, and a
way to fill it with exactly the rows a test describes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool

from server.models import Base

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


@pytest.fixture(scope="module")
def memory_engine() -> Iterator[Engine]:
    """One in-memory database for the module (foreign keys not enforced: tests may point at
    rows that do not exist, as curated data must never do but the read path must survive)."""
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def load_rows(memory_engine: Engine) -> Callable[[Rows], Engine]:
    """`load_rows({"outlets": [...], ...})` empties every table, then inserts those rows."""

    def load(rows: Rows) -> Engine:
        with memory_engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                if rows.get(table.name):
                    conn.execute(table.insert(), list(rows[table.name]))
        return memory_engine

    return load
