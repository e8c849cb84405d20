"""Read the whole curated dataset out as the dataset format, in a stable order.

Each record is written with the fields of its shape (server/curation/shapes.py), the same
list the import reads, references by slug. Stable ordering and explicit nulls make
`export -> import into an empty database -> export` byte-for-byte identical, which is how
the round trip is tested.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..curation import shapes
from ..models import Article, Citation, Entity, Outlet, Relation, ReportLink, Story
from .schema import FORMAT


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def fields_of(obj: Any, shape: type[BaseModel], **named: Any) -> dict[str, Any]:
    """The fields of `shape` from a stored record; `named` gives those stored otherwise
    (a reference as the slug it names)."""
    return {
        name: named[name] if name in named else _json(getattr(obj, name))
        for name in shapes.columns(shape)
    }


def citation_out(c: Citation | None) -> dict[str, Any] | None:
    return None if c is None else fields_of(c, shapes.CitationFields)


def _sorted(items: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: tuple(item[k] or "" for k in keys))


class _Exporter:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.entity_slugs: dict[int, str] = {}
        self.outlet_slugs: dict[int, str] = {}

    def relations(self, items: list[Relation]) -> list[dict[str, Any]]:
        out = [
            {
                **fields_of(r, shapes.RelationFields, object=self.entity_slugs[r.object_entity_id]),
                "citation": citation_out(r.citation),
            }
            for r in items
        ]
        return _sorted(out, "kind", "object", "since")

    def report_links(self, links: list[ReportLink]) -> list[dict[str, Any]]:
        out = [
            {
                **fields_of(
                    link,
                    shapes.ReportLinkFields,
                    report_outlet=self.outlet_slugs.get(link.report_outlet_id or 0),
                ),
                "citation": citation_out(link.citation),
            }
            for link in links
        ]
        return _sorted(out, "relation", "report_url")

    def article(self, a: Article) -> dict[str, Any]:
        named = {"url": a.canonical_url, "outlet": self.outlet_slugs.get(a.outlet_id or 0)}
        return {
            **fields_of(a, shapes.ArticleFields, **named),
            "report_links": self.report_links(list(a.report_links)),
        }

    def entity(self, e: Entity) -> dict[str, Any]:
        return {
            **fields_of(e, shapes.EntityFields),
            "relations": self.relations(list(e.relations)),
        }

    def outlet(self, o: Outlet) -> dict[str, Any]:
        domains = [fields_of(d, shapes.DomainFields) for d in o.domains]
        labels = [
            {**fields_of(lab, shapes.LabelFields), "citation": citation_out(lab.citation)}
            for lab in o.labels
        ]
        lists = {"other_names": list(o.other_names or []), "languages": list(o.languages or [])}
        return {
            **fields_of(o, shapes.OutletFields, **lists),
            "citation": citation_out(o.citation),
            "domains": _sorted(domains, "host", "path_prefix"),
            "relations": self.relations(list(o.relations)),
            "labels": _sorted(labels, "kind", "issuer", "since"),
        }

    def dataset(self) -> dict[str, Any]:
        session = self.session
        entities = session.scalars(
            select(Entity)
            .options(selectinload(Entity.relations).selectinload(Relation.citation))
            .order_by(Entity.slug)
        ).all()
        self.entity_slugs = {e.id: e.slug for e in entities}
        outlets = session.scalars(
            select(Outlet)
            .options(
                selectinload(Outlet.domains),
                selectinload(Outlet.labels),
                selectinload(Outlet.relations).selectinload(Relation.citation),
            )
            .order_by(Outlet.slug)
        ).all()
        self.outlet_slugs = {o.id: o.slug for o in outlets}
        story_links: dict[int, list[ReportLink]] = {}
        for link in session.scalars(select(ReportLink).where(ReportLink.story_id.is_not(None))):
            story_links.setdefault(link.story_id or 0, []).append(link)
        articles = session.scalars(
            select(Article)
            .options(selectinload(Article.report_links))
            .order_by(Article.canonical_url)
        ).all()
        stories = [
            {
                **fields_of(s, shapes.StoryFields),
                "articles": [self.article(a) for a in articles if a.story_id == s.id],
                "report_links": self.report_links(story_links.get(s.id, [])),
            }
            for s in session.scalars(select(Story).order_by(Story.slug))
        ]
        return {
            "format": FORMAT,
            "entities": [self.entity(e) for e in entities],
            "outlets": [self.outlet(o) for o in outlets],
            "stories": stories,
            "articles": [self.article(a) for a in articles if a.story_id is None],
        }


def export_dataset(session: Session) -> dict[str, Any]:
    return _Exporter(session).dataset()
