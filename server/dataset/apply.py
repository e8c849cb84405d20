"""Write a validated dataset into the database: create, update or delete to match it.

Idempotent (applying the same dataset twice changes nothing the second time), transactional
(the caller commits once; any error leaves the database as it was) and attributed (every
change writes a revision). A list given for an outlet's domains, relations or labels is the
whole set; a list left out (None) leaves what is there alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import urls
from ..curation.history import bump_data_version, record_revision, snapshot
from ..curation.identity import canonical_for, index_from_rows, normalize_rule_host
from ..errors import Conflict, ValidationFailed
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
    Story,
)
from ..models.base import Base
from .schema import (
    ArticleIn,
    CitationIn,
    DatasetIn,
    LabelIn,
    RelationIn,
    ReportLinkIn,
)

T = TypeVar("T", bound=Base)


@dataclass
class ApplyReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "records": self.counts,
        }


class DatasetWriter:
    def __init__(self, session: Session, actor: str, actor_id: int | None = None) -> None:
        self.session = session
        self.actor = actor
        self.actor_id = actor_id
        self.report = ApplyReport()
        self._index: DomainIndex | None = None
        self.citations: dict[tuple[Any, ...], Citation] = {
            self._citation_key_of(c): c for c in session.scalars(select(Citation))
        }
        self.entities = {e.slug: e for e in session.scalars(select(Entity))}
        self.outlets = {o.slug: o for o in session.scalars(select(Outlet))}
        self.rules = {(r.host, r.path_prefix): r for r in session.scalars(select(DomainRule))}
        self.stories = {s.slug: s for s in session.scalars(select(Story))}
        self.articles = {a.canonical_url: a for a in session.scalars(select(Article))}

    # -- generic record handling ---------------------------------------------------------
    def _count(self, obj: Base) -> None:
        name = type(obj).__name__
        self.report.counts[name] = self.report.counts.get(name, 0) + 1

    def _create(self, obj: T) -> T:
        self.session.add(obj)
        self.session.flush()
        self.report.created += 1
        self._count(obj)
        record_revision(
            self.session,
            obj,
            "create",
            before=None,
            after=snapshot(obj),
            actor=self.actor,
            actor_id=self.actor_id,
        )
        return obj

    def _update(self, obj: T, values: dict[str, Any]) -> T:
        self._count(obj)
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return obj
        before = snapshot(obj)
        for key, value in changed.items():
            setattr(obj, key, value)
        self.session.flush()
        self.report.updated += 1
        record_revision(
            self.session,
            obj,
            "update",
            before=before,
            after=snapshot(obj),
            actor=self.actor,
            actor_id=self.actor_id,
        )
        return obj

    def _delete(self, obj: Base) -> None:
        before = snapshot(obj)
        self.session.delete(obj)
        self.session.flush()
        self.report.deleted += 1
        record_revision(
            self.session,
            obj,
            "delete",
            before=before,
            after=None,
            actor=self.actor,
            actor_id=self.actor_id,
        )

    def _sync_children(
        self,
        existing: Iterable[T],
        wanted: list[tuple[Any, dict[str, Any]]],
        key_of: Callable[[T], Any],
        make: Callable[[dict[str, Any]], T],
    ) -> None:
        """Make a child collection equal `wanted` ([(natural key, column values)])."""
        current = {key_of(obj): obj for obj in existing}
        seen = set()
        for key, values in wanted:
            if key in seen:
                continue
            seen.add(key)
            obj = current.get(key)
            if obj is None:
                self._create(make(values))
            else:
                self._update(obj, values)
        for key, obj in current.items():
            if key not in seen:
                self._delete(obj)

    # -- citations -------------------------------------------------------------------------
    @staticmethod
    def _citation_key_of(c: Citation) -> tuple[Any, ...]:
        return (c.url, c.title, c.publisher, c.accessed, c.quote)

    def citation(self, data: CitationIn | None) -> Citation | None:
        if data is None:
            return None
        key = (data.url, data.title, data.publisher, data.accessed, data.quote)
        found = self.citations.get(key)
        if found is None:
            found = self._create(Citation(**data.model_dump()))
            self.citations[key] = found
        return found

    # -- lookups by slug with a path for the error -----------------------------------------
    def entity(self, slug: str, where: str) -> Entity:
        try:
            return self.entities[slug]
        except KeyError:
            raise ValidationFailed(f"unknown entity '{slug}'", field=where) from None

    def outlet(self, slug: str | None, where: str) -> Outlet | None:
        if slug is None:
            return None
        try:
            return self.outlets[slug]
        except KeyError:
            raise ValidationFailed(f"unknown outlet '{slug}'", field=where) from None

    # -- the dataset -----------------------------------------------------------------------
    def apply(self, data: DatasetIn) -> ApplyReport:
        for ent in data.entities:
            values = ent.model_dump(exclude={"relations"})
            obj = self.entities.get(ent.slug)
            if obj is None:
                self.entities[ent.slug] = self._create(Entity(**values))
            else:
                self._update(obj, values)
        for i, out in enumerate(data.outlets):
            self._apply_outlet(i, out)
        for i, ent in enumerate(data.entities):
            if ent.relations is not None:
                entity = self.entities[ent.slug]
                self._sync_relations(
                    entity.relations,
                    ent.relations,
                    f"entities[{i}].relations",
                    lambda v, e=entity: Relation(subject_entity_id=e.id, **v),
                )
        for i, story_in in enumerate(data.stories):
            values = story_in.model_dump(include={"slug", "title", "summary"})
            story = self.stories.get(story_in.slug)
            if story is None:
                story = self._create(Story(**values))
                self.stories[story.slug] = story
            else:
                self._update(story, values)
            for j, art in enumerate(story_in.articles):
                self._apply_article(art, story, f"stories[{i}].articles[{j}]")
            if story_in.report_links is not None:
                existing = self.session.scalars(
                    select(ReportLink).where(ReportLink.story_id == story.id)
                ).all()
                self._sync_report_links(
                    existing, story_in.report_links, f"stories[{i}]", story_id=story.id
                )
        for j, art in enumerate(data.articles):
            self._apply_article(art, None, f"articles[{j}]")
        if self.report.changed:
            bump_data_version(self.session)
        return self.report

    def _apply_outlet(self, i: int, data: Any) -> None:
        where = f"outlets[{i}]"
        values = data.model_dump(
            include={
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
            }
        )
        values["citation_id"] = c.id if (c := self.citation(data.citation)) else None
        outlet = self.outlets.get(data.slug)
        if outlet is None:
            outlet = self._create(Outlet(**values))
            self.outlets[outlet.slug] = outlet
        else:
            self._update(outlet, values)
        if data.domains is not None:
            wanted = []
            for j, dom in enumerate(data.domains):
                host = normalize_rule_host(dom.host, field=f"{where}.domains[{j}].host")
                key = (host, dom.path_prefix)
                other = self.rules.get(key)
                if other is not None and other.outlet_id != outlet.id:
                    owner = self.session.get(Outlet, other.outlet_id)
                    raise Conflict(
                        f"domain {host}{dom.path_prefix} already belongs to outlet "
                        f"'{owner.slug if owner else other.outlet_id}'",
                        field=f"{where}.domains[{j}]",
                    )
                wanted.append(
                    (
                        key,
                        {
                            "host": host,
                            "path_prefix": dom.path_prefix,
                            "role": dom.role,
                            "fold_variants": dom.fold_variants,
                        },
                    )
                )

            def make_rule(v: dict[str, Any]) -> DomainRule:
                rule = DomainRule(outlet_id=outlet.id, **v)
                self.rules[(rule.host, rule.path_prefix)] = rule
                return rule

            existing = [r for r in self.rules.values() if r.outlet_id == outlet.id]
            for r in existing:
                if (r.host, r.path_prefix) not in dict(wanted):
                    self.rules.pop((r.host, r.path_prefix), None)
            self._sync_children(existing, wanted, lambda r: (r.host, r.path_prefix), make_rule)
        if data.relations is not None:
            self._sync_relations(
                outlet.relations,
                data.relations,
                f"{where}.relations",
                lambda v: Relation(subject_outlet_id=outlet.id, **v),
            )
        if data.labels is not None:
            self._sync_labels(outlet, data.labels, f"{where}.labels")

    def _sync_relations(
        self,
        existing: list[Relation],
        items: list[RelationIn],
        where: str,
        make: Callable[[dict[str, Any]], Relation],
    ) -> None:
        wanted = []
        for j, rel in enumerate(items):
            obj = self.entity(rel.object, f"{where}[{j}].object")
            citation = self.citation(rel.citation)
            assert citation is not None
            values = {
                "kind": rel.kind,
                "object_entity_id": obj.id,
                "share": None if rel.share is None else _decimal(rel.share),
                "since": rel.since,
                "until": rel.until,
                "as_of": rel.as_of,
                "note": rel.note,
                "citation_id": citation.id,
            }
            wanted.append(((rel.kind, obj.id, rel.since), values))
        self._sync_children(
            list(existing), wanted, lambda r: (r.kind, r.object_entity_id, r.since), make
        )

    def _sync_labels(self, outlet: Outlet, items: list[LabelIn], where: str) -> None:
        wanted = []
        for lab in items:
            citation = self.citation(lab.citation)
            assert citation is not None
            values = {
                "kind": lab.kind,
                "issuer": lab.issuer,
                "text": lab.text,
                "since": lab.since,
                "until": lab.until,
                "as_of": lab.as_of,
                "citation_id": citation.id,
            }
            wanted.append(((lab.kind, lab.issuer, lab.since), values))
        self._sync_children(
            list(outlet.labels),
            wanted,
            lambda r: (r.kind, r.issuer, r.since),
            lambda v: Label(outlet_id=outlet.id, **v),
        )

    def _apply_article(self, data: ArticleIn, story: Story | None, where: str) -> None:
        if self._index is None:
            self._index = index_from_rows(self.rules.values())
        canonical, _rule = canonical_for(data.url, self._index, field=f"{where}.url")
        sha = urls.url_sha256(canonical)
        outlet = self.outlet(data.outlet, f"{where}.outlet")
        values = {
            "canonical_url": canonical,
            "url_sha256": sha,
            "title": data.title,
            "published": data.published,
            "outlet_id": outlet.id if outlet else None,
            "author": data.author,
            "language": data.language,
            "story_id": story.id if story else None,
        }
        article = self.articles.get(canonical)
        if article is None:
            article = self._create(Article(**values))
            self.articles[canonical] = article
        else:
            self._update(article, values)
        if data.report_links is not None:
            self._sync_report_links(
                list(article.report_links), data.report_links, where, article_id=article.id
            )

    def _sync_report_links(
        self, existing: list[ReportLink], items: list[ReportLinkIn], where: str, **target: int
    ) -> None:
        wanted = []
        for j, link in enumerate(items):
            report_outlet = self.outlet(link.report_outlet, f"{where}.report_links[{j}]")
            citation = self.citation(link.citation)
            values = {
                "relation": link.relation,
                "report_url": link.report_url,
                "report_title": link.report_title,
                "report_outlet_id": report_outlet.id if report_outlet else None,
                "report_published": link.report_published,
                "report_author": link.report_author,
                "rating": link.rating,
                "summary": link.summary,
                "status": link.status,
                "citation_id": citation.id if citation else None,
            }
            wanted.append(((link.relation, link.report_url), values))
        self._sync_children(
            existing,
            wanted,
            lambda r: (r.relation, r.report_url),
            lambda v: ReportLink(**target, **v),
        )


def _decimal(value: float) -> Any:
    from decimal import Decimal

    return Decimal(str(value)).quantize(Decimal("0.01"))


def apply_dataset(
    session: Session, data: DatasetIn, *, actor: str, actor_id: int | None = None
) -> ApplyReport:
    return DatasetWriter(session, actor, actor_id).apply(data)
