"""The curation service: the one place every write to curated records goes through.

A `Curator` is one unit of work attributed to one actor. Each create, update, delete or
revert validates its input, checks the caller's version (If-Match), writes a revision with
the before/after snapshots, and flushes; `commit()` bumps the data version in the same
transaction and tells this worker's read cache to look again. Used as a context manager it
commits on success and rolls back on any error, so a failed request writes nothing:

    with Curator(session, Actor(user.id, user.name), comment="typo") as cur:
        cur.update("outlet", "rt", {"name": "RT"}, if_match=3)

Services never see a request; the API (and later the web pages) parse the request, call
these methods, and present the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import inspect, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from .. import urls
from ..errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from ..matching import DomainIndex
from ..models import (
    Article,
    Citation,
    DomainRule,
    Entity,
    Label,
    Outlet,
    Relation,
    ReportLink,
    Revision,
    Story,
)
from ..models.base import MAX_ID, Base
from . import schemas as s
from .fetching import Fetcher, Fill, app_fetcher, fetch_fill
from .history import bump_data_version, parse_value, record_revision, restore, snapshot
from .identity import canonical_for, index_from_rows
from .types import Actor, RecordType, record_type

T = TypeVar("T", bound=Base)
Payload = Mapping[str, Any] | Any

CASCADE_KEY = "_cascade"  # in a delete revision's `before`: revisions of records removed with it

OUTLET_FIELDS = (
    "slug",
    "name",
    "other_names",
    "description",
    "country",
    "languages",
    "kind",
    "founded",
    "website",
    "wikidata_qid",
    "status",
)
ENTITY_FIELDS = ("slug", "name", "kind", "country", "wikidata_qid", "description")


def _share(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


class Curator:
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
        self.revisions: list[Revision] = []
        self.stats: dict[str, int] = {"created": 0, "updated": 0, "deleted": 0}
        self.counts: dict[str, int] = {}

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
        return bool(self.revisions)

    def finish(self) -> None:
        """Bump the data version if anything changed (done by commit; importers call it)."""
        if self.changed and not getattr(self, "_bumped", False):
            bump_data_version(self.session)
            self._bumped = True

    def commit(self) -> None:
        self.finish()
        try:
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            raise _conflict(exc) from None
        if self.changed:
            _expire_read_cache()

    # -- revisions and the generic record operations ---------------------------------------
    def _record(
        self,
        obj: Base,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
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
                what = _describe(obj)
            except Exception:  # deleted by the winner: its attributes cannot be reloaded
                what = f"{type(obj).__name__.lower()} {ident[0]}"
            model = type(obj)
            current = self.session.execute(
                select(model.version).where(model.id == ident[0])  # type: ignore[attr-defined]
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

    def check_version(self, obj: Base, if_match: int | None) -> None:
        """If the caller said which version it edits, it must still be the current one."""
        version = obj.version  # type: ignore[attr-defined]
        if if_match is not None and version != if_match:
            raise PreconditionFailed(
                f"{_describe(obj)} is at version {version}, not {if_match}: "
                "reload it and apply your change again",
                extra={"current_version": version},
            )

    def _insert(self, obj: T, action: str = "create") -> T:
        self.session.add(obj)
        self._flush(obj)
        self._record(obj, action, None, snapshot(obj))
        self.stats["created"] += 1
        return obj

    def _change(
        self, obj: T, values: Mapping[str, Any], *, if_match: int | None, action: str = "update"
    ) -> bool:
        self.check_version(obj, if_match)
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return False
        before = snapshot(obj)
        for key, value in changed.items():
            setattr(obj, key, value)
        _check_consistent(obj)
        self._flush(obj)
        self._record(obj, action, before, snapshot(obj))
        self.stats["updated"] += 1
        return True

    def _remove(self, obj: Base, *, if_match: int | None, action: str = "delete") -> Revision:
        self.check_version(obj, if_match)
        cascade = [rev.id for rev in self._remove_dependents(obj)]
        before = snapshot(obj)
        if cascade:
            before[CASCADE_KEY] = cascade
            self.session.expire(obj)  # its child collections changed under it
        self.session.delete(obj)
        self._flush(obj)
        self.stats["deleted"] += 1
        return self._record(obj, action, before, None)

    def _remove_dependents(self, obj: Base) -> list[Revision]:
        """Delete (or unlink) what depends on `obj`, each with its own revision, so a revert
        of the deletion can put all of it back. Refuses when `obj` is still referred to by
        records that cannot follow it (an entity others are owned by, a cited citation)."""
        revs: list[Revision] = []
        sess = self.session

        def drop(child: Base) -> None:
            revs.append(self._remove(child, if_match=None))

        def unlink(child: Base, column: str) -> None:
            if self._change(child, {column: None}, if_match=None):
                revs.append(self.revisions[-1])

        if isinstance(obj, Outlet):
            for model, column in ((DomainRule, "outlet_id"), (Label, "outlet_id")):
                for child in sess.scalars(
                    select(model).where(getattr(model, column) == obj.id).order_by(model.id)
                ):
                    drop(child)
            for rel in sess.scalars(
                select(Relation).where(Relation.subject_outlet_id == obj.id).order_by(Relation.id)
            ):
                drop(rel)
            for art in sess.scalars(select(Article).where(Article.outlet_id == obj.id)):
                unlink(art, "outlet_id")
            for link in sess.scalars(
                select(ReportLink).where(ReportLink.report_outlet_id == obj.id)
            ):
                unlink(link, "report_outlet_id")
        elif isinstance(obj, Entity):
            users = sess.scalars(
                select(Relation).where(Relation.object_entity_id == obj.id).order_by(Relation.id)
            ).all()
            if users:
                ids = ", ".join(str(r.id) for r in users[:20])
                raise Conflict(
                    f"entity '{obj.slug}' is the owner/operator/funder in {len(users)} "
                    f"relation(s) ({ids}); delete or change those first",
                    extra={"relations": [r.id for r in users]},
                )
            for rel in sess.scalars(
                select(Relation).where(Relation.subject_entity_id == obj.id).order_by(Relation.id)
            ):
                drop(rel)
        elif isinstance(obj, Article):
            for link in sess.scalars(
                select(ReportLink).where(ReportLink.article_id == obj.id).order_by(ReportLink.id)
            ):
                drop(link)
        elif isinstance(obj, Story):
            for link in sess.scalars(
                select(ReportLink).where(ReportLink.story_id == obj.id).order_by(ReportLink.id)
            ):
                drop(link)
            for art in sess.scalars(select(Article).where(Article.story_id == obj.id)):
                unlink(art, "story_id")
        elif isinstance(obj, Citation):
            users_of = [
                (name, sess.scalars(select(model.id).where(model.citation_id == obj.id)).all())
                for name, model in (
                    ("relation", Relation),
                    ("label", Label),
                    ("outlet", Outlet),
                    ("report link", ReportLink),
                )
            ]
            used = [f"{len(ids)} {name}(s)" for name, ids in users_of if ids]
            if used:
                raise Conflict(
                    f"citation {obj.id} is the source of {', '.join(used)}; "
                    "point them at another source first"
                )
        return revs

    # -- looking records up ----------------------------------------------------------------
    def get(self, type_name: str, key: str | int) -> Any:
        """The record of a type ("outlet", "domains", ...) by slug or id, or NotFound."""
        rtype = record_type(type_name)
        return self._get(rtype, key)

    def _get(self, rtype: RecordType, key: str | int) -> Any:
        model: Any = rtype.model
        if rtype.key == "slug":
            obj = self.session.scalar(select(model).where(model.slug == str(key)))
        else:
            try:
                ident = int(key)
            except (TypeError, ValueError):
                raise NotFound(f"no {rtype.name.replace('_', ' ')} with id '{key}'") from None
            obj = self.session.get(model, ident) if 1 <= ident <= MAX_ID else None
        if obj is None:
            raise NotFound(f"no {rtype.name.replace('_', ' ')} '{key}'", field=rtype.key)
        return obj

    def _by_slug(self, model: Any, slug: str | None, where: str) -> Any:
        if slug is None:
            return None
        obj = self.session.scalar(select(model).where(model.slug == slug))
        if obj is None:
            kind = model.__name__.lower()
            raise ValidationFailed(f"{where}: unknown {kind} '{slug}'", field=where)
        return obj

    def _require_free(self, model: Any, slug: str, where: str = "slug") -> None:
        other = self.session.scalar(select(model.id).where(model.slug == slug))
        if other is not None:
            kind = model.__name__.lower()
            raise Conflict(f"there is already an {kind} with slug '{slug}'", field=where)

    def index(self) -> DomainIndex:
        """The domain index as this transaction sees it (including its own new rules)."""
        if self._index is None:
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

    # -- citations -------------------------------------------------------------------------
    def citation_for(self, model: Any, where: str = "") -> int | None:
        """The citation id a payload names: `citation_id`, or an inline citation (reusing an
        identical one already stored)."""
        prefix = f"{where}." if where else ""
        if getattr(model, "citation_id", None) is not None:
            if self.session.get(Citation, model.citation_id) is None:
                raise ValidationFailed(
                    f"{prefix}citation_id: no citation {model.citation_id}",
                    field=f"{prefix}citation_id",
                )
            return int(model.citation_id)
        data: s.CitationNew | None = getattr(model, "citation", None)
        if data is None:
            return None
        values = data.model_dump()
        for c in self.session.scalars(select(Citation).where(Citation.url == data.url)):
            if all(getattr(c, k) == v for k, v in values.items()):
                return c.id
        return self._insert(Citation(**values)).id

    # -- generic entry points (what the API calls) -----------------------------------------
    def create(self, type_name: str, data: Payload) -> Any:
        rtype = record_type(type_name)
        return getattr(self, f"create_{rtype.name}")(data)

    def update(self, type_name: str, key: str | int, data: Payload, *, if_match: int | None) -> Any:
        rtype = record_type(type_name)
        return getattr(self, f"update_{rtype.name}")(key, data, if_match=if_match)

    def delete(self, type_name: str, key: str | int, *, if_match: int | None) -> Revision:
        rtype = record_type(type_name)
        return self._remove(self._get(rtype, key), if_match=if_match)

    # -- outlets ---------------------------------------------------------------------------
    def create_outlet(self, data: Payload) -> Outlet:
        """A whole outlet in the dataset shape: fields, domains, relations and labels."""
        d: s.OutletCreate = s.parse(s.OutletCreate, data)
        self._require_free(Outlet, d.slug)
        values = d.model_dump(include=set(OUTLET_FIELDS))
        values["citation_id"] = self.citation_for(d)
        outlet = self._insert(Outlet(**values))
        for i, dom in enumerate(d.domains):
            self._add_domain(outlet, dom, f"domains[{i}]")
        for i, rel in enumerate(d.relations):
            self._add_relation(rel, f"relations[{i}]", outlet=outlet)
        for i, lab in enumerate(d.labels):
            self._add_label(outlet, lab, f"labels[{i}]")
        return outlet

    def update_outlet(self, key: str | int, data: Payload, *, if_match: int | None) -> Outlet:
        outlet: Outlet = self._get(record_type("outlet"), key)
        self.check_version(outlet, if_match)
        p: s.OutletPatch = s.parse(s.OutletPatch, data)
        changes = p.changes()
        values = {k: v for k, v in changes.items() if k in OUTLET_FIELDS}
        if "slug" in values and values["slug"] != outlet.slug:
            self._require_free(Outlet, values["slug"])
        if "citation" in changes or "citation_id" in changes:
            values["citation_id"] = self.citation_for(p)
        self._change(outlet, values, if_match=if_match)
        return outlet

    def delete_outlet(self, key: str | int, *, if_match: int | None) -> Revision:
        return self.delete("outlet", key, if_match=if_match)

    # -- domain rules ----------------------------------------------------------------------
    def _domain_free(
        self, host: str, prefix: str, outlet: Outlet, where: str, me: int | None
    ) -> None:
        other = self.session.scalar(
            select(DomainRule).where(DomainRule.host == host, DomainRule.path_prefix == prefix)
        )
        if other is None or other.id == me:
            return
        owner = self.session.get(Outlet, other.outlet_id)
        slug = owner.slug if owner else str(other.outlet_id)
        if other.outlet_id == outlet.id:
            raise Conflict(
                f"domain {host}{prefix} is already a rule of outlet '{slug}' (rule {other.id})",
                field=where,
                extra={"outlet": slug, "domain_id": other.id},
            )
        raise Conflict(
            f"domain {host}{prefix} already belongs to outlet '{slug}'",
            field=where,
            extra={"outlet": slug, "domain_id": other.id},
        )

    def _add_domain(self, outlet: Outlet, dom: s.DomainNew, where: str) -> DomainRule:
        self._domain_free(dom.host, dom.path_prefix, outlet, where, None)
        return self._insert(DomainRule(outlet_id=outlet.id, **dom.model_dump()))

    def create_domain_rule(self, data: Payload) -> DomainRule:
        d: s.DomainCreate = s.parse(s.DomainCreate, data)
        outlet = self._by_slug(Outlet, d.outlet, "outlet")
        return self._add_domain(outlet, s.DomainNew(**d.model_dump(exclude={"outlet"})), "host")

    def update_domain_rule(
        self, key: str | int, data: Payload, *, if_match: int | None
    ) -> DomainRule:
        rule: DomainRule = self._get(record_type("domain_rule"), key)
        self.check_version(rule, if_match)
        p: s.DomainPatch = s.parse(s.DomainPatch, data)
        values = p.changes()
        outlet = self.session.get(Outlet, rule.outlet_id)
        if "outlet" in values:
            outlet = self._by_slug(Outlet, values.pop("outlet"), "outlet")
            values["outlet_id"] = outlet.id
        host = values.get("host", rule.host)
        prefix = values.get("path_prefix", rule.path_prefix)
        assert outlet is not None
        self._domain_free(host, prefix, outlet, "host", rule.id)
        self._change(rule, values, if_match=if_match)
        return rule

    # -- entities and relations ------------------------------------------------------------
    def create_entity(self, data: Payload) -> Entity:
        d: s.EntityCreate = s.parse(s.EntityCreate, data)
        self._require_free(Entity, d.slug)
        entity = self._insert(Entity(**d.model_dump(include=set(ENTITY_FIELDS))))
        for i, rel in enumerate(d.relations):
            self._add_relation(rel, f"relations[{i}]", entity=entity)
        return entity

    def update_entity(self, key: str | int, data: Payload, *, if_match: int | None) -> Entity:
        entity: Entity = self._get(record_type("entity"), key)
        self.check_version(entity, if_match)
        values = s.parse(s.EntityPatch, data).changes()
        if "slug" in values and values["slug"] != entity.slug:
            self._require_free(Entity, values["slug"])
        self._change(entity, values, if_match=if_match)
        return entity

    def _relation_values(self, rel: Any, where: str) -> dict[str, Any]:
        prefix = f"{where}." if where else ""
        given = rel.model_fields_set if isinstance(rel, s.Patch) else None
        values: dict[str, Any] = {}
        for name in ("kind", "since", "until", "as_of", "note"):
            if given is None or name in given:
                values[name] = getattr(rel, name)
        if given is None or "share" in given:
            values["share"] = _share(rel.share)
        if given is None or "object" in given:
            values["object_entity_id"] = self._by_slug(Entity, rel.object, f"{prefix}object").id
        if given is None or {"citation", "citation_id"} & given:
            values["citation_id"] = self.citation_for(rel, where)
        return values

    def _add_relation(
        self,
        rel: s.RelationNew,
        where: str,
        *,
        outlet: Outlet | None = None,
        entity: Entity | None = None,
    ) -> Relation:
        values = self._relation_values(rel, where)
        obj = Relation(
            subject_outlet_id=outlet.id if outlet else None,
            subject_entity_id=entity.id if entity else None,
            **values,
        )
        if entity is not None and values["object_entity_id"] == entity.id:
            raise ValidationFailed(
                f"{where + '.' if where else ''}object: an entity cannot own itself",
                field=f"{where + '.' if where else ''}object",
            )
        return self._insert(obj)

    def create_relation(self, data: Payload) -> Relation:
        d: s.RelationCreate = s.parse(s.RelationCreate, data)
        outlet = self._by_slug(Outlet, d.subject_outlet, "subject_outlet")
        entity = self._by_slug(Entity, d.subject_entity, "subject_entity")
        return self._add_relation(d, "", outlet=outlet, entity=entity)

    def update_relation(self, key: str | int, data: Payload, *, if_match: int | None) -> Relation:
        rel: Relation = self._get(record_type("relation"), key)
        self.check_version(rel, if_match)
        p: s.RelationPatch = s.parse(s.RelationPatch, data)
        self._change(rel, self._relation_values(p, ""), if_match=if_match)
        return rel

    # -- labels ----------------------------------------------------------------------------
    def _label_values(self, lab: Any, where: str) -> dict[str, Any]:
        given = lab.model_fields_set if isinstance(lab, s.Patch) else None
        values = {
            name: getattr(lab, name)
            for name in ("kind", "issuer", "text", "since", "until", "as_of")
            if given is None or name in given
        }
        if given is None or {"citation", "citation_id"} & given:
            values["citation_id"] = self.citation_for(lab, where)
        return values

    def _add_label(self, outlet: Outlet, lab: s.LabelNew, where: str) -> Label:
        return self._insert(Label(outlet_id=outlet.id, **self._label_values(lab, where)))

    def create_label(self, data: Payload) -> Label:
        d: s.LabelCreate = s.parse(s.LabelCreate, data)
        outlet = self._by_slug(Outlet, d.outlet, "outlet")
        return self._add_label(outlet, d, "")

    def update_label(self, key: str | int, data: Payload, *, if_match: int | None) -> Label:
        label: Label = self._get(record_type("label"), key)
        self.check_version(label, if_match)
        p: s.LabelPatch = s.parse(s.LabelPatch, data)
        values = self._label_values(p, "")
        if "outlet" in p.model_fields_set:
            values["outlet_id"] = self._by_slug(Outlet, p.outlet, "outlet").id
        self._change(label, values, if_match=if_match)
        return label

    # -- citations -------------------------------------------------------------------------
    def create_citation(self, data: Payload) -> Citation:
        d: s.CitationCreate = s.parse(s.CitationCreate, data)
        return self._insert(Citation(**d.model_dump()))

    def update_citation(self, key: str | int, data: Payload, *, if_match: int | None) -> Citation:
        citation: Citation = self._get(record_type("citation"), key)
        self.check_version(citation, if_match)
        self._change(citation, s.parse(s.CitationPatch, data).changes(), if_match=if_match)
        return citation

    # -- stories ---------------------------------------------------------------------------
    def create_story(self, data: Payload) -> Story:
        d: s.StoryCreate = s.parse(s.StoryCreate, data)
        self._require_free(Story, d.slug)
        return self._insert(Story(**d.model_dump()))

    def update_story(self, key: str | int, data: Payload, *, if_match: int | None) -> Story:
        story: Story = self._get(record_type("story"), key)
        self.check_version(story, if_match)
        values = s.parse(s.StoryPatch, data).changes()
        if "slug" in values and values["slug"] != story.slug:
            self._require_free(Story, values["slug"])
        self._change(story, values, if_match=if_match)
        return story

    # -- articles --------------------------------------------------------------------------
    def _article_identity(self, url: str, where: str, me: int | None = None) -> tuple[str, Any]:
        canonical, rule = canonical_for(url, self.index(), field=where)
        other = self.session.scalar(select(Article).where(Article.canonical_url == canonical))
        if other is not None and other.id != me:
            raise Conflict(
                f"there is already an article for {canonical} (article {other.id})",
                field=where,
                extra={"article_id": other.id},
            )
        return canonical, rule

    def create_article(self, data: Payload) -> Article:
        """An article by URL. Without a title (or with fetch: true) the page is fetched first
        and fills title, date, author, language and outlet; given fields win."""
        d: s.ArticleCreate = s.parse(s.ArticleCreate, data)
        canonical, rule = self._article_identity(d.url, "url")
        fill = self.fetch(d.url) if (d.fetch if d.fetch is not None else d.title is None) else None
        outlet = self._by_slug(Outlet, d.outlet, "outlet")
        outlet_id = outlet.id if outlet else (rule.outlet_id if rule else None)
        story = self._by_slug(Story, d.story, "story")
        values = {
            "title": d.title,
            "published": d.published,
            "author": d.author,
            "language": d.language,
        }
        if fill is not None:
            for key in values:
                if values[key] is None:
                    values[key] = getattr(fill, key)
            outlet_id = outlet_id or fill.outlet_id
        return self._insert(
            Article(
                canonical_url=canonical,
                url_sha256=urls.url_sha256(canonical),
                outlet_id=outlet_id,
                story_id=story.id if story else None,
                **values,
            )
        )

    def _article_by_url(self, url: str, where: str) -> Article:
        canonical, rule = canonical_for(url, self.index(), field=where)
        found = self.session.scalar(select(Article).where(Article.canonical_url == canonical))
        if found is not None:
            return found
        return self._insert(
            Article(
                canonical_url=canonical,
                url_sha256=urls.url_sha256(canonical),
                outlet_id=rule.outlet_id if rule else None,
            )
        )

    def update_article(self, key: str | int, data: Payload, *, if_match: int | None) -> Article:
        article: Article = self._get(record_type("article"), key)
        self.check_version(article, if_match)
        p: s.ArticlePatch = s.parse(s.ArticlePatch, data)
        values = p.changes()
        if "url" in values:
            canonical, _rule = self._article_identity(values.pop("url"), "url", article.id)
            values["canonical_url"] = canonical
            values["url_sha256"] = urls.url_sha256(canonical)
        if "outlet" in values:
            outlet = self._by_slug(Outlet, values.pop("outlet"), "outlet")
            values["outlet_id"] = outlet.id if outlet else None
        if "story" in values:
            story = self._by_slug(Story, values.pop("story"), "story")
            values["story_id"] = story.id if story else None
        self._change(article, values, if_match=if_match)
        return article

    # -- report links ----------------------------------------------------------------------
    def create_report_link(self, data: Payload) -> ReportLink:
        """article (by id or URL, created if new) or story -> report. Without a report title
        (or with fetch: true) the report page is fetched and fills title, date, author,
        report outlet (from the domain index) and ClaimReview rating; given fields win."""
        d: s.ReportLinkCreate = s.parse(s.ReportLinkCreate, data)
        do_fetch = d.fetch if d.fetch is not None else d.report_title is None
        fill = self.fetch(d.report_url, field="report_url") if do_fetch else None
        report_outlet = self._by_slug(Outlet, d.report_outlet, "report_outlet")
        if report_outlet is None:
            report_outlet = self.match_outlet(d.report_url)
        target: dict[str, Any]
        if d.article_id is not None:
            if self.session.get(Article, d.article_id) is None:
                raise ValidationFailed(f"no article {d.article_id}", field="article_id")
            target = {"article_id": d.article_id}
        elif d.article_url is not None:
            target = {"article_id": self._article_by_url(d.article_url, "article_url").id}
        else:
            target = {"story_id": self._by_slug(Story, d.story, "story").id}
        column = ReportLink.article_id if "article_id" in target else ReportLink.story_id
        duplicate = self.session.scalar(
            select(ReportLink.id).where(
                column == next(iter(target.values())),
                ReportLink.relation == d.relation,
                ReportLink.report_url == d.report_url,
            )
        )
        if duplicate is not None:
            raise Conflict(
                f"this report is already linked with relation '{d.relation}' "
                f"(report link {duplicate})",
                field="report_url",
                extra={"report_link_id": duplicate},
            )
        values = {
            "relation": d.relation,
            "report_url": d.report_url,
            "report_title": d.report_title,
            "report_published": d.report_published,
            "report_author": d.report_author,
            "rating": d.rating,
            "summary": d.summary,
            "status": d.status,
            "report_outlet_id": report_outlet.id if report_outlet else None,
        }
        if fill is not None:
            for key, fetched in (
                ("report_title", fill.title),
                ("report_published", fill.published),
                ("report_author", fill.author),
                ("rating", fill.rating),
                ("report_outlet_id", fill.outlet_id),
            ):
                if values[key] is None:
                    values[key] = fetched
        values["citation_id"] = self.citation_for(d)
        return self._insert(ReportLink(added_by_id=self.actor.id, **target, **values))

    def update_report_link(
        self, key: str | int, data: Payload, *, if_match: int | None
    ) -> ReportLink:
        link: ReportLink = self._get(record_type("report_link"), key)
        self.check_version(link, if_match)
        p: s.ReportLinkPatch = s.parse(s.ReportLinkPatch, data)
        changes = p.changes()
        values = {k: v for k, v in changes.items() if k not in ("citation", "citation_id")}
        if "report_outlet" in values:
            outlet = self._by_slug(Outlet, values.pop("report_outlet"), "report_outlet")
            values["report_outlet_id"] = outlet.id if outlet else None
        if "citation" in changes or "citation_id" in changes:
            values["citation_id"] = self.citation_for(p)
        self._change(link, values, if_match=if_match)
        return link

    # -- revert ----------------------------------------------------------------------------
    def revert(self, revision_id: int, *, if_match: int | None = None) -> Revision:
        """Undo one revision, as a new revision (action "revert"):

        - a creation is undone by deleting the record (and what depends on it);
        - a deletion by re-creating the record with its id, and the records deleted or
          unlinked with it;
        - an update by putting back the fields that revision changed (later changes to other
          fields stay).

        `if_match` (optional) is the version of the record as the caller last saw it.
        """
        rev = self.session.get(Revision, revision_id)
        if rev is None:
            raise NotFound(f"no revision {revision_id}", field="id")
        rtype = record_type(rev.record_type)
        current = self.session.get(rtype.model, rev.record_id)
        what = f"{rtype.name.replace('_', ' ')} {rev.record_id}"
        if rev.before is None:
            if current is None:
                raise Conflict(f"{what} is already deleted: nothing to revert")
            return self._remove(current, if_match=if_match, action="revert")
        if rev.after is None:
            if current is not None:
                raise Conflict(f"{what} exists again: nothing to revert")
            return self._recreate(rtype, rev.before)
        if current is None:
            raise Conflict(
                f"{what} has been deleted since; revert its deletion first",
                extra={"record_type": rtype.name, "record_id": rev.record_id},
            )
        model = rtype.model
        values = {
            key: parse_value(model, key, value)
            for key, value in rev.before.items()
            if key not in ("id", "version")
            and not key.startswith("_")
            and key in rev.after
            and rev.after.get(key) != value
        }
        if not self._change(current, values, if_match=if_match, action="revert"):
            self.check_version(current, if_match)
            raise Conflict(f"{what} already has the values from before revision {rev.id}")
        return self.revisions[-1]

    def _recreate(self, rtype: RecordType, before: dict[str, Any]) -> Revision:
        model: Any = rtype.model
        obj = model()
        restore(obj, {k: v for k, v in before.items() if not k.startswith("_")})
        obj.id = before["id"]
        self._check_restorable(obj)
        self.session.add(obj)
        self._flush(obj)
        # Versions keep counting across the deletion, so a stale If-Match from before it
        # can never match the re-created record.
        version = int(before.get("version") or 0) + 1
        table = model.__table__
        self.session.execute(update(table).where(table.c.id == obj.id).values(version=version))
        set_committed_value(obj, "version", version)
        self.stats["created"] += 1
        rev = self._record(obj, "revert", None, snapshot(obj))
        for child_id in before.get(CASCADE_KEY, []):
            child = self.session.get(Revision, child_id)
            if child is None:
                continue
            child_type = record_type(child.record_type)
            if child.after is None:
                if self.session.get(child_type.model, child.record_id) is None:
                    self._recreate(child_type, child.before or {})
            else:
                current = self.session.get(child_type.model, child.record_id)
                if current is not None and child.before is not None:
                    values = {
                        k: parse_value(child_type.model, k, v)
                        for k, v in child.before.items()
                        if k not in ("id", "version") and child.after.get(k) != v
                    }
                    self._change(current, values, if_match=None, action="revert")
        return rev

    def _check_restorable(self, obj: Base) -> None:
        """Clear 409s for what most often blocks a re-creation: the name was taken since."""
        if isinstance(obj, Outlet | Entity | Story):
            self._require_free(type(obj), obj.slug)
        elif isinstance(obj, DomainRule):
            outlet = self.session.get(Outlet, obj.outlet_id)
            if outlet is None:
                raise Conflict(f"cannot restore domain rule {obj.id}: its outlet is gone")
            self._domain_free(obj.host, obj.path_prefix, outlet, "host", None)
        elif isinstance(obj, Article):
            self._article_identity(obj.canonical_url, "url")


# -- helpers -------------------------------------------------------------------------------


def _describe(obj: Base) -> str:
    name = type(obj).__name__
    label = {"DomainRule": "domain rule", "ReportLink": "report link"}.get(name, name.lower())
    slug = getattr(obj, "slug", None)
    return f"{label} '{slug}'" if slug else f"{label} {getattr(obj, 'id', '')}".strip()


def _check_consistent(obj: Base) -> None:
    """Rules that span fields, re-checked after a partial update merged into the record."""
    since, until = getattr(obj, "since", None), getattr(obj, "until", None)
    if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
        raise ValidationFailed("until must not be before since", field="until")
    if isinstance(obj, Relation) and obj.subject_entity_id == obj.object_entity_id:
        raise ValidationFailed("an entity cannot own itself", field="object")


def _conflict(exc: IntegrityError) -> Conflict:
    detail = str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
    return Conflict(f"the change conflicts with other records ({detail})")


def _expire_read_cache() -> None:
    """Tell this worker's readers that the data changed (other workers poll the version)."""
    from flask import current_app, has_app_context

    from ..events import data_changed

    data_changed.send(current_app._get_current_object() if has_app_context() else None)


def history(session: Session, type_name: str, key: str | int) -> tuple[int, list[Revision]]:
    """(record id, its revisions newest first). Works for deleted records too: a slug is
    looked up in the revisions when no live record has it."""
    rtype = record_type(type_name)
    model: Any = rtype.model
    record_id: int | None = None
    if rtype.key == "slug":
        record_id = session.scalar(select(model.id).where(model.slug == str(key)))
        if record_id is None:
            for rev in session.scalars(
                select(Revision)
                .where(Revision.record_type == rtype.name)
                .order_by(Revision.id.desc())
            ):
                snap = rev.after or rev.before or {}
                if snap.get("slug") == str(key):
                    record_id = rev.record_id
                    break
    else:
        try:
            record_id = int(key)
        except (TypeError, ValueError):
            record_id = None
    revisions = (
        list(
            session.scalars(
                select(Revision)
                .where(Revision.record_type == rtype.name, Revision.record_id == record_id)
                .order_by(Revision.id.desc())
            )
        )
        if record_id is not None
        else []
    )
    if not revisions and (record_id is None or session.get(model, record_id) is None):
        raise NotFound(f"no {rtype.name.replace('_', ' ')} '{key}' and no history for it")
    return int(record_id), revisions  # type: ignore[arg-type]


def recent_revisions(
    session: Session,
    *,
    record_type_name: str | None = None,
    actor: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Revision]:
    stmt = select(Revision).order_by(Revision.id.desc()).limit(limit).offset(offset)
    if record_type_name:
        stmt = stmt.where(Revision.record_type == record_type(record_type_name).name)
    if actor:
        stmt = stmt.where(or_(Revision.actor == actor))
    return list(session.scalars(stmt))
