"""The curation unit of work: the one place every write to curated records goes through.

A `Curator` is one transaction attributed to one actor. Its core writes a record (`insert`,
`change`, `remove`): checks the caller's version (If-Match), flushes, records a revision with
the values before and after, and deletes what depends on a removed record (the cascade).
What each kind of record adds (payload shapes, references, rules that span records) is its
service's, chosen from the registry. `commit()` bumps the data version in the same
transaction and announces the change (`events.data_changed`). Used as a context manager it
commits on success and rolls back on any error, so a failed request or import writes nothing
(the bulk-writing half, `bulk()`, is in bulk_writes.py):

    with Curator(session, Actor(user.id, user.name), comment="typo") as cur:
        cur.update("outlet", "rt", {"name": "RT"}, if_match=3)
        cur.labels.create({...})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ..errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from ..matching import DomainIndex
from ..models import DomainRule, Outlet, Revision
from ..models.base import MAX_ID, Base
from .bulk import PendingCreates
from .bulk_writes import BulkWrites
from .bulk_writes import conflict as _conflict
from .fetching import Fetcher, Fill, app_fetcher, fetch_fill
from .history import CASCADE_KEY, bump_data_version, log_changes, record_revision, values_of
from .identity import canonical_for, index_from_rows
from .registry import (
    SERVICES,
    ArticleService,
    CitationService,
    DomainRuleService,
    EntityService,
    LabelService,
    OutletService,
    RecordService,
    RelationService,
    ReportLinkService,
    StoryService,
)
from .report import ChangeReport
from .revert import revert
from .review import mark_reviewed
from .types import Actor, kind_of, record_type

T = TypeVar("T", bound=Base)
S = TypeVar("S", bound=RecordService)
Payload = Mapping[str, Any] | Any


class _ServiceOf(Generic[S]):
    """`cur.labels`: the unit of work's service of one kind, typed."""

    def __init__(self, cls: type[S]) -> None:
        self.cls = cls

    def __get__(self, cur: Curator, owner: Any = None) -> S:
        return cur._service(self.cls)


class Curator(BulkWrites):
    def __init__(
        self,
        session: Session,
        actor: Actor,
        *,
        comment: str | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.session = session
        self.actor = actor
        self.comment = (comment or "").strip()[:2000] or None
        self._fetcher = fetcher
        self._index: DomainIndex | None = None
        self._pending: PendingCreates | None = None  # new records not written yet (bulk)
        self._bumped = False
        self.version: int | None = None  # the data version this unit of work committed
        self._services: dict[type[RecordService], RecordService] = {}
        self._slugs: dict[type[Base], dict[str, Any]] = {}
        self._complete: set[type[Base]] = set()
        self.revisions: list[Revision] = []
        # How many records were created in bulk (their revisions are only in the database).
        self.bulk_created = 0
        self.bulk_log = []
        self.stats: dict[str, int] = {"created": 0, "updated": 0, "deleted": 0}
        self.counts: dict[str, int] = {}

    # -- the services ----------------------------------------------------------------------
    def service(self, kind: str) -> RecordService:
        """The service of a record kind ("outlet") or API collection ("domains")."""
        return self._service(SERVICES[record_type(kind).name])

    def service_for(self, obj: Base) -> RecordService:
        return self._service(SERVICES[kind_of(obj).name])

    def _service(self, cls: type[S]) -> S:
        found = self._services.get(cls)
        if found is None:
            found = self._services[cls] = cls(self)
        return found  # type: ignore[return-value]

    outlets = _ServiceOf(OutletService)
    domain_rules = _ServiceOf(DomainRuleService)
    entities = _ServiceOf(EntityService)
    relations = _ServiceOf(RelationService)
    labels = _ServiceOf(LabelService)
    citations = _ServiceOf(CitationService)
    stories = _ServiceOf(StoryService)
    articles = _ServiceOf(ArticleService)
    report_links = _ServiceOf(ReportLinkService)

    # -- generic entry points (what the API calls) -----------------------------------------
    def create(self, kind: str, data: Payload) -> Any:
        return self.service(kind).create(data)

    def update(self, kind: str, key: str | int, data: Payload, *, if_match: int | None) -> Any:
        return self.service(kind).update(key, data, if_match=if_match)

    def delete(self, kind: str, key: str | int, *, if_match: int | None) -> Revision:
        return self.remove(self.get(kind, key), if_match=if_match)

    def revert(self, revision_id: int, *, if_match: int | None = None) -> Revision:
        """Undo one revision, as a new revision (see revert.py)."""
        return revert(self, revision_id, if_match=if_match)

    def mark_reviewed(
        self, kind: str, key: str | int, *, if_match: int | None, review_due: Any = None
    ) -> Any:
        """A relation's or label's source re-checked today (see review.py)."""
        return mark_reviewed(self, kind, key, if_match=if_match, review_due=review_due)

    # -- unit of work ----------------------------------------------------------------------
    def __enter__(self) -> Curator:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.session.rollback()

    @property
    def changed(self) -> bool:
        return bool(self.revisions or self.bulk_created or self._pending)

    def finish(self) -> None:
        """Bump the data version and log what changed, if anything did (done by commit,
        once). Records written in bulk (an import) are logged too, one row per record and
        outlet or entity it touches, written a chunk at a time: a worker then updates what
        the import touched instead of rebuilding everything (server/read/changes.py)."""
        self.write_pending()
        if self.changed and not self._bumped:
            self.version = bump_data_version(self.session)
            log_changes(self.session, self.version, self.revisions, self.bulk_log)
            self._bumped = True

    def commit(self) -> None:
        self.finish()
        try:
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            raise _conflict(exc) from None
        if self.changed:
            _announce_change(self.version)

    def report(
        self, skipped: list[str] | None = None, platform_hosts: list[str] | None = None
    ) -> ChangeReport:
        """What this unit of work wrote; `skipped`: what an import left out and why,
        `platform_hosts`: the domain rules it left out for being on a platform's host."""
        return ChangeReport.of(self.stats, self.counts, skipped, platform_hosts)

    # -- writing one record ----------------------------------------------------------------
    def insert(self, obj: T, action: str = "create", *, version: int | None = None) -> T:
        """Add a record. `version` is for a re-created one: versions keep counting across
        its deletion, so a stale If-Match from before it can never match."""
        if self._pending is not None and version is None and action == "create":
            return self._insert_later(obj)
        self.write_pending()
        self.session.add(obj)
        self._flush(obj)
        if version is not None:
            table: Any = obj.__table__
            self.session.execute(update(table).where(table.c.id == obj.id).values(version=version))  # type: ignore[attr-defined]
            set_committed_value(obj, "version", version)
        self._record(obj, action, None, values_of(obj))
        self.stats["created"] += 1
        self._remember(obj)
        return obj

    def change(
        self, obj: Base, values: Mapping[str, Any], *, if_match: int | None, action: str = "update"
    ) -> bool:
        """Set the values that differ; False (and no revision) when none does."""
        self.write_pending()
        self.check_version(obj, if_match)
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return False
        before = values_of(obj)
        for key, value in changed.items():
            setattr(obj, key, value)
        self.service_for(obj).consistent(obj)
        self._flush(obj)
        self._record(obj, action, before, values_of(obj))
        self.stats["updated"] += 1
        self._remember(obj)
        return True

    def remove(self, obj: Base, *, if_match: int | None, action: str = "delete") -> Revision:
        """Delete a record and, each with its own revision, what depends on it."""
        self.write_pending()
        self.check_version(obj, if_match)
        cascade = [rev.id for rev in self.service_for(obj).remove_dependents(obj)]
        before = values_of(obj)
        if cascade:
            before[CASCADE_KEY] = cascade
            self.session.expire(obj)  # its child collections changed under it
        self._forget(obj, before.get("slug"))
        self.session.delete(obj)
        self._flush(obj)
        self.stats["deleted"] += 1
        return self._record(obj, action, before, None)

    def check_version(self, obj: Base, if_match: int | None) -> None:
        """If the caller said which version it edits, it must still be the current one."""
        version = obj.version  # type: ignore[attr-defined]
        if if_match is not None and version != if_match:
            raise PreconditionFailed(
                f"{describe(obj)} is at version {version}, not {if_match}: "
                "reload it and apply your change again",
                extra={"current_version": version},
            )

    def _record(
        self, obj: Base, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> Revision:
        rev = record_revision(
            self.session,
            obj,
            action,
            before=before,
            after=after,
            actor=self.actor.name,
            actor_id=self.actor.id,
            comment=self.comment,
        )
        self.revisions.append(rev)
        name = type(obj).__name__
        self.counts[name] = self.counts.get(name, 0) + 1
        if isinstance(obj, DomainRule):
            self._index = None
            self.domain_rules.forget()
        return rev

    def _flush(self, obj: Base | None = None) -> None:
        try:
            self.session.flush()
        except StaleDataError:
            raise self._stale(obj) from None
        except IntegrityError as exc:
            raise _conflict(exc) from None

    def _stale(self, obj: Base | None) -> PreconditionFailed:
        current = None
        ident = inspect(obj).identity if obj is not None else None
        # The failed flush has already ended this transaction; a new one reads what the
        # winner committed.
        self.session.rollback()
        what = "the record"
        if obj is not None and ident:
            try:
                what = describe(obj)
            except Exception:  # deleted by the winner: its attributes cannot be reloaded
                what = f"{type(obj).__name__.lower()} {ident[0]}"
            model: Any = type(obj)
            current = self.session.execute(
                select(model.version).where(model.id == ident[0])
            ).scalar()
            self.session.rollback()
        if current is None:
            return PreconditionFailed(
                f"{what} was changed or deleted by someone else",
                extra={"current_version": None},
            )
        return PreconditionFailed(
            f"{what} was changed by someone else: it is now at version {current}",
            extra={"current_version": current},
        )

    # -- looking records up ----------------------------------------------------------------
    def scalar(self, stmt: Any) -> Any:
        """One value read inside the unit of work. Every write is flushed as it is made (in
        bulk, before a read of its table), so only revisions can be pending, and answering
        a lookup need not write them first."""
        self._before_read(stmt)
        with self.session.no_autoflush:
            return self.session.scalar(stmt)

    def first(self, stmt: Any) -> Any:
        """The first row of `stmt` (or None), read like `scalar`."""
        self._before_read(stmt)
        with self.session.no_autoflush:
            return self.session.execute(stmt).first()

    def get(self, kind: str, key: str | int) -> Any:
        """The record of a kind ("outlet", "domains", ...) by slug or id, or NotFound."""
        rtype = record_type(kind)
        what = rtype.name.replace("_", " ")
        if rtype.key == "slug":
            obj = self.find(rtype.model, str(key))
        else:
            try:
                ident = int(key)
            except (TypeError, ValueError):
                raise NotFound(f"no {what} with id '{key}'") from None
            obj = self.session.get(rtype.model, ident) if 1 <= ident <= MAX_ID else None
        if obj is None:
            raise NotFound(f"no {what} '{key}'", field=rtype.key)
        return obj

    def find(self, model: type[T], slug: str) -> T | None:
        """The record of a slugged model (outlet, entity, story), None when there is none."""
        known = self._slugs.setdefault(model, {})
        obj = known.get(slug)
        if obj is not None and obj.slug == slug and not inspect(obj).deleted:
            return obj  # type: ignore[no-any-return]
        if model in self._complete:
            return None
        obj = self.scalar(select(model).where(model.slug == slug))  # type: ignore[attr-defined]
        if obj is not None:
            known[slug] = obj
        return obj

    def by_slug(self, model: type[T], slug: str | None, where: str) -> T | None:
        """The record a payload names by slug; an unknown slug is an error naming `where`."""
        if slug is None:
            return None
        obj = self.find(model, slug)
        if obj is None:
            raise ValidationFailed(
                f"{where}: unknown {model.__name__.lower()} '{slug}'", field=where
            )
        return obj

    def require_free(self, model: type[Base], slug: str, where: str = "slug") -> None:
        if self.find(model, slug) is not None:
            kind = model.__name__.lower()
            raise Conflict(f"there is already an {kind} with slug '{slug}'", field=where)

    def preload(self, *models: type[Base]) -> None:
        """Read every record of these slugged models once, for a writer that touches many."""
        for model in models:
            self._slugs[model] = {o.slug: o for o in self.session.scalars(select(model))}  # type: ignore[attr-defined]
            self._complete.add(model)

    def _remember(self, obj: Base) -> None:
        slug = getattr(obj, "slug", None)
        if slug is not None:
            self._slugs.setdefault(type(obj), {})[slug] = obj

    def _forget(self, obj: Base, slug: str | None) -> None:
        known = self._slugs.get(type(obj), {})
        if slug is not None and known.get(slug) is obj:
            del known[slug]

    def index(self) -> DomainIndex:
        """The domain index as this transaction sees it (including its own new rules)."""
        if self._index is None:
            self.write_pending()
            self._index = index_from_rows(self.session.scalars(select(DomainRule)))
        return self._index

    def match_outlet(self, url: str) -> Outlet | None:
        try:
            _canonical, rule = canonical_for(url, self.index())
        except ValidationFailed:
            return None
        return self.session.get(Outlet, rule.outlet_id) if rule is not None else None

    def fetch(self, url: str, *, field: str = "url") -> Fill:
        """Fetch a page and say what it would fill. No database writes."""
        fetcher = self._fetcher or app_fetcher()
        return fetch_fill(url, fetcher, self.match_outlet, field=field)


def describe(obj: Base) -> str:
    """ "outlet 'rt'", "domain rule 12": how messages name a record."""
    what = kind_of(obj).name.replace("_", " ")
    slug = getattr(obj, "slug", None)
    return f"{what} '{slug}'" if slug else f"{what} {getattr(obj, 'id', '')}".strip()


def _announce_change(version: int | None) -> None:
    """Tell this worker's readers that the data changed (it tells the others: Redis, or
    their own checks of the version)."""
    from flask import current_app, has_app_context

    from ..events import data_changed

    app = current_app._get_current_object() if has_app_context() else None  # type: ignore[attr-defined]
    data_changed.send(app, version=version)
