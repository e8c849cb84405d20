"""The bulk-writing half of the unit of work (`Curator.bulk()`): while it is on, new records
wait in a `PendingCreates` (bulk.py) and are written a chunk at a time, and before any query
reads a table that has records waiting they are written, as autoflush would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session

from ..errors import Conflict
from ..matching import DomainIndex
from ..models import DomainRule
from ..models.base import Base
from .bulk import PendingCreates
from .history import Entry
from .types import Actor

T = TypeVar("T", bound=Base)


class BulkWrites:
    """Mixed into `Curator`; uses its session, actor, comment, counters and slug cache."""

    session: Session
    actor: Actor
    comment: str | None
    bulk_created: int  # records created in bulk (their revisions are only in the database)
    bulk_log: list[Entry]  # their change-log entries, written with the data version
    stats: dict[str, int]
    counts: dict[str, int]
    _pending: PendingCreates | None  # new records not written yet (bulk)
    _index: DomainIndex | None
    _remember: Callable[[Base], None]

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Inside the block, new records are written a chunk at a time (see bulk.py): what an
        import of thousands of records uses. Everything pending is written when it ends."""
        if self._pending is not None:
            yield
            return
        self._pending = PendingCreates(self.session)
        # Any query of the session (not only the unit of work's) first writes what is
        # pending in the tables it reads, as autoflush would.
        event.listen(self.session, "do_orm_execute", self._before_query)
        try:
            yield
            self.write_pending()
        finally:
            event.remove(self.session, "do_orm_execute", self._before_query)
            self._pending = None

    @property
    def bulk_active(self) -> bool:
        return self._pending is not None

    def _before_query(self, state: ORMExecuteState) -> None:
        if state.is_select:
            self._before_read(state.statement)

    def _before_read(self, stmt: Any) -> None:
        """Records created in bulk and not written yet are written before a query reads
        their table (so checks such as "is this URL already an article" see them)."""
        if self._pending:
            models = [d.get("entity") for d in getattr(stmt, "column_descriptions", [])]
            if self._pending.touches(models):
                self.write_pending()

    def write_pending(self) -> None:
        """Write the records created in bulk so far, and their revisions."""
        if not self._pending:
            return
        try:
            self.bulk_created += self._pending.write(self.actor.name, self.actor.id)
        except IntegrityError as exc:
            raise conflict(exc) from None
        self.bulk_log.extend(self._pending.log)
        self._pending.log.clear()

    def _insert_later(self, obj: T) -> T:
        assert self._pending is not None
        self._pending.add(obj, self.comment)
        self.stats["created"] += 1
        name = type(obj).__name__
        self.counts[name] = self.counts.get(name, 0) + 1
        if isinstance(obj, DomainRule):
            self._index = None
        self._remember(obj)
        if self._pending.full:
            self.write_pending()
        return obj


def conflict(exc: IntegrityError) -> Conflict:
    """The Conflict (409) an IntegrityError is to the caller, naming the database's reason."""
    detail = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
    return Conflict(f"the change conflicts with other records ({detail})")
