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

from sqlalchemy import Table, event, insert, inspect, text, update
from sqlalchemy.orm import Session, make_transient_to_detached

from ..models import DataVersion, Revision
from ..models.base import Base, utcnow
from .history import Entry, owners_of, values_of
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
    """New records made but not written yet, and the comment their revisions will carry.

    They stay out of the session until written: `write` inserts each table's rows with one
    multi-row INSERT per chunk (Core, in dependency order), then attaches the records to
    the session as persistent ones, so later changes to them are ordinary updates.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids = IdAllocator(session)
        self.items: list[tuple[Base, str | None]] = []  # (record, revision comment)
        self.models: set[type[Base]] = set()
        # What the records written change, for the change log of the import's version
        # (history.log_changes): readers then update what the import touched.
        self.log: list[Entry] = []

    def add(self, obj: Base, comment: str | None) -> None:
        table: Any = obj.__table__  # type: ignore[attr-defined]
        if getattr(obj, "id", None) is None:
            obj.id = self.ids.next_id(table)  # type: ignore[attr-defined]
        _fill_defaults(obj)
        self.items.append((obj, comment))
        self.models.add(type(obj))

    def __len__(self) -> int:
        return len(self.items)

    @property
    def full(self) -> bool:
        """Whether a chunk's worth is waiting."""
        return len(self.items) >= CHUNK

    def touches(self, models: Iterable[Any]) -> bool:
        return any(m in self.models for m in models)

    def write(self, actor: str, actor_id: int | None) -> int:
        """Insert the pending records and one `create` revision for each; how many."""
        if not self.items:
            return 0
        now = utcnow()
        rows: dict[Any, list[dict[str, Any]]] = {}
        revisions = []
        for obj, comment in self.items:
            table: Any = obj.__table__  # type: ignore[attr-defined]
            rows.setdefault(table, []).append(_row(obj))
            after = values_of(obj)
            kind = kind_of(obj).name
            for outlet, entity in owners_of(kind, after["id"], None, after):
                self.log.append((kind, after["id"], "create", outlet, entity))
            revisions.append(
                {
                    "record_type": kind,
                    "record_id": after["id"],
                    "version": after.get("version") or 0,
                    "action": "create",
                    "actor": actor,
                    "actor_id": actor_id,
                    "before": None,
                    "after": after,
                    "comment": comment,
                    "created_at": now,
                }
            )
        for table in Base.metadata.sorted_tables:  # parents before children
            for start in range(0, len(rows.get(table, [])), CHUNK):
                self.session.execute(insert(table), rows[table][start : start + CHUNK])
        for start in range(0, len(revisions), CHUNK):
            self.session.execute(insert(Revision), revisions[start : start + CHUNK])
        attached = _attached(self.session)
        for obj, _comment in self.items:
            make_transient_to_detached(obj)
            self.session.add(obj)
            attached.append(obj)
        self.items.clear()
        self.models.clear()
        return len(revisions)


def _attached(session: Session) -> list[Base]:
    """The records this transaction inserted in bulk and attached to the session. They are
    attached as records that were already there, so a rollback would keep them: on rollback
    they are expunged (as the session does with records it inserted itself)."""
    info = session.info
    if "bulk_attached" not in info:
        info["bulk_attached"] = []

        @event.listens_for(session, "after_rollback")
        def _expunge(session: Session) -> None:
            for obj in session.info["bulk_attached"]:
                if obj in session:
                    session.expunge(obj)
            session.info["bulk_attached"].clear()

        @event.listens_for(session, "after_commit")
        def _keep(session: Session) -> None:
            session.info["bulk_attached"].clear()

    return info["bulk_attached"]  # type: ignore[no-any-return]


def _columns(model: type[Base]) -> list[Any]:
    found = _COLUMNS.get(model)
    if found is None:
        found = _COLUMNS[model] = [(a.key, a.columns[0]) for a in inspect(model).column_attrs]
    return found


_COLUMNS: dict[type[Base], list[Any]] = {}


def _fill_defaults(obj: Base) -> None:
    """Give every column the record was not given its default (what an INSERT would store),
    so the record and its revision hold what the row holds."""
    state = obj.__dict__
    for key, column in _columns(type(obj)):
        if key in state:
            continue
        default = column.default
        if default is None:
            value = None
        elif default.is_scalar:
            value = default.arg
        else:
            value = default.arg(None)
        setattr(obj, key, value)


def _row(obj: Base) -> dict[str, Any]:
    state = obj.__dict__
    return {column.key: state[key] for key, column in _columns(type(obj))}
