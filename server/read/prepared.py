"""The raw-cursor fast path: a Core statement compiled once per dialect, run on a pooled
DBAPI connection's cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Prepared:
    """A Core statement compiled once for a dialect, run on the DBAPI cursor directly.

    For the one statement a cache-miss lookup runs, SQLAlchemy's per-execution machinery
    (result objects, parameter processing) costs more than SQLite's own work; the rows here
    are read by position and every typed column is normalized by the caller (`iso`).
    """

    def __init__(self, stmt: Any, dialect: Any) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        required = {name: None for name, bind in compiled.binds.items() if bind.required}
        self.defaults = compiled.construct_params(required)  # with the literal values
        self.order = compiled.positiontup if compiled.positional else None

    def params(self, **values: Any) -> Any:
        merged = {**self.defaults, **values}
        if self.order is not None:
            return tuple(merged[name] for name in self.order)
        return merged


_prepared: dict[tuple[int, str], Prepared] = {}


def prepare(stmt: Any, dialect: Any) -> Prepared:
    key = (id(stmt), dialect.name)
    prepared = _prepared.get(key)
    if prepared is None:
        prepared = _prepared[key] = Prepared(stmt, dialect)
    return prepared


def fetch_raw(
    connect: Callable[[], Any], dialect: Any, stmt: Any, **values: Any
) -> list[tuple[Any, ...]]:
    """Rows of a prepared statement, through a pooled connection's DBAPI cursor
    (`connect()` gives one, `server.db.raw_connection`; closing it gives it back)."""
    prepared = prepare(stmt, dialect)
    conn = connect()
    try:
        cursor = conn.cursor()
        try:
            cursor.execute(prepared.sql, prepared.params(**values))
            return cursor.fetchall()  # type: ignore[no-any-return]
        finally:
            cursor.close()
    finally:
        conn.close()  # back to the pool (which rolls back)
