"""Bulk writing for a unit of work that creates thousands of records (an import): new records
get their ids up front, are written a chunk at a time (one INSERT per table and chunk, not
one flush per record), and their revisions go in as one multi-row INSERT per chunk.

History stays complete: each new record still gets its own `create` revision, holding the
values the record was written with, so a revert works as for any other write. Changes and
deletions are not batched (they need the values before); the unit of work writes the pending
chunk first, so they see every record created before them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, insert, text, update
from sqlalchemy.orm import Session

from ..models import DataVersion, Revision
from ..models.base import Base, utcnow
from .history import values_of
from .types import kind_of

CHUNK = 2_000  # records written per flush
ID_BLOCK = 1_000  # ids taken from a PostgreSQL sequence at a time


class IdAllocator:
    """Primary keys for new records before they are written. On PostgreSQL from each table's
    sequence (a block of `nextval`s at a time: safe beside other writers); on SQLite, after
    taking the database's write lock (so no other writer can add a row until this
    transaction ends), counting up from the largest id, as SQLite itself would."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self._free: dict[str, list[int]] = {}  # PostgreSQL: ids taken, not used yet
        self._next: dict[str, int] = {}  # SQLite: the next id of each table
        if self.dialect == "sqlite":
            session.execute(
                update(DataVersion).where(DataVersion.id == 1).values(version=DataVersion.version)
            )

    def next_id(self, table: Table) -> int:
        if self.dialect != "postgresql":
            ident = self._next.get(table.name)
            if ident is None:
                top = self.session.execute(text(f"SELECT max(id) FROM {table.name}")).scalar()
                ident = int(top or 0) + 1
            self._next[table.name] = ident + 1
            return ident
        free = self._free.setdefault(table.name, [])
        if not free:
            rows = self.session.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table.name, "n": ID_BLOCK},
            )
            free.extend(sorted((int(r[0]) for r in rows), reverse=True))
        return free.pop()


class PendingCreates:
    """New records added but not written yet, and what their revisions will say."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids = IdAllocator(session)
        self.items: list[tuple[Base, str | None]] = []  # (record, revision comment)
        self.models: set[type[Base]] = set()

    def add(self, obj: Base, comment: str | None) -> None:
        table: Any = obj.__table__  # type: ignore[attr-defined]
        if getattr(obj, "id", None) is None:
            obj.id = self.ids.next_id(table)  # type: ignore[attr-defined]
        self.session.add(obj)
        self.items.append((obj, comment))
        self.models.add(type(obj))

    def __len__(self) -> int:
        return len(self.items)

    def touches(self, models: Iterable[Any]) -> bool:
        return any(m in self.models for m in models)

    def write(self, actor: str, actor_id: int | None) -> list[Revision]:
        """Flush the pending records, then insert one `create` revision for each (one
        statement); the revisions are returned (not attached to the session)."""
        if not self.items:
            return []
        self.session.flush()
        now = utcnow()
        revisions = []
        for obj, comment in self.items:
            after = values_of(obj)
            revisions.append(
                Revision(
                    record_type=kind_of(obj).name,
                    record_id=after["id"],
                    version=after.get("version") or 0,
                    action="create",
                    actor=actor,
                    actor_id=actor_id,
                    before=None,
                    after=after,
                    comment=comment,
                    created_at=now,
                )
            )
        rows = [{c: getattr(rev, c) for c in REVISION_COLUMNS} for rev in revisions]
        for start in range(0, len(rows), CHUNK):
            self.session.execute(insert(Revision), rows[start : start + CHUNK])
        self.items.clear()
        self.models.clear()
        return revisions


REVISION_COLUMNS = (
    "record_type",
    "record_id",
    "version",
    "action",
    "actor",
    "actor_id",
    "before",
    "after",
    "comment",
    "created_at",
)
