"""Revisions and the data version: the two side effects of every write.

A revision keeps a record's column values (`values_of`) as JSON-safe data before and after
the change, so it can show a diff and a revert can put the old values back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, update
from sqlalchemy.orm import Session

from ..models import Base, DataVersion, Revision
from ..models.base import utcnow
from .types import kind_of

SKIP_COLUMNS = frozenset({"created_at", "updated_at"})
# In a delete revision's `before`: the revisions of the records removed with it.
CASCADE_KEY = "_cascade"


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def values_of(obj: Base) -> dict[str, Any]:
    """A record's column values as JSON-safe data (what a revision stores)."""
    mapper = inspect(type(obj))
    return {
        col.key: _json_value(getattr(obj, col.key))
        for col in mapper.column_attrs
        if col.key not in SKIP_COLUMNS
    }


def parse_value(obj_type: type[Base], key: str, value: Any) -> Any:
    """Turn a stored revision value back into the column's Python type."""
    if value is None:
        return None
    column = inspect(obj_type).columns[key]
    python_type = getattr(column.type, "python_type", None)
    try:
        if python_type is dt.date:
            return dt.date.fromisoformat(value)
        if python_type is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if python_type is Decimal:
            return Decimal(str(value))
    except NotImplementedError:  # pragma: no cover - types without python_type
        return value
    return value


def restore(obj: Base, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key in ("id", "version") or key in SKIP_COLUMNS:
            continue
        setattr(obj, key, parse_value(type(obj), key, value))


def record_revision(
    session: Session,
    obj: Base,
    action: str,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor: str,
    actor_id: int | None = None,
    comment: str | None = None,
) -> Revision:
    rev = Revision(
        record_type=kind_of(obj).name,
        record_id=obj.id,  # type: ignore[attr-defined]
        version=(after or before or {}).get("version", 0) or 0,
        action=action,
        actor=actor,
        actor_id=actor_id,
        before=before,
        after=after,
        comment=comment,
    )
    session.add(rev)
    return rev


def bump_data_version(session: Session) -> None:
    """Tell every worker's read cache that the data changed (same transaction as the write)."""
    session.execute(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(version=DataVersion.version + 1, updated_at=utcnow())
    )
