"""Read the whole curated dataset out as the dataset format, in a stable order.

Stable ordering and explicit nulls make `export -> import into an empty database -> export`
byte-for-byte identical, which is how the round trip is tested.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..matching import path_folds_of
from ..models import Article, Entity, Outlet, Relation, ReportLink, Story
from ..presenters.citation import citation_with_quote
from ..presenters.domain_rule import domain_rule
from ..presenters.entity import entity_terms
from ..presenters.label import label_terms
from ..presenters.outlet import outlet_terms
from ..presenters.relation import relation_terms
from ..presenters.report_link import report_link_terms
from ..presenters.values import iso
from .schema import FORMAT


def relation_out(r: Relation, entity_slugs: dict[int, str]) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "object": entity_slugs[r.object_entity_id],
        **relation_terms(r.share, r.since, r.until, r.as_of),
        "note": r.note,
        "review_due": iso(r.review_due),
        "citation": citation_with_quote(r.citation),
    }


def _relations_sorted(items: list[Relation], entity_slugs: dict[int, str]) -> list[dict]:
    out = [relation_out(r, entity_slugs) for r in items]
    return sorted(out, key=lambda r: (r["kind"], r["object"], r["since"] or ""))


def report_link_out(link: ReportLink, outlet_slugs: dict[int, str]) -> dict[str, Any]:
    outlet = outlet_slugs.get(link.report_outlet_id) if link.report_outlet_id else None
    return {**report_link_terms(link, outlet), "citation": citation_with_quote(link.citation)}


def outlet_out(o: Outlet, entity_slugs: dict[int, str]) -> dict[str, Any]:
    domains = [
        domain_rule(d.host, d.path_prefix, d.role, d.fold_variants, path_folds_of(d.path_folds))
        for d in o.domains
    ]
    labels = [
        {
            **label_terms(lab.kind, lab.issuer, lab.text, lab.since, lab.until, lab.as_of),
            "review_due": iso(lab.review_due),
            "citation": citation_with_quote(lab.citation),
        }
        for lab in o.labels
    ]
    return {
        **outlet_terms(o),
        "citation": citation_with_quote(o.citation),
        "domains": sorted(domains, key=lambda d: (d["host"], d["path_prefix"])),
        "relations": _relations_sorted(list(o.relations), entity_slugs),
        "labels": sorted(labels, key=lambda x: (x["kind"], x["issuer"], x["since"] or "")),
    }


def export_dataset(session: Session) -> dict[str, Any]:
    entities = session.scalars(
        select(Entity)
        .options(selectinload(Entity.relations).selectinload(Relation.citation))
        .order_by(Entity.slug)
    ).all()
    entity_slugs = {e.id: e.slug for e in entities}
    outlets = session.scalars(
        select(Outlet)
        .options(
            selectinload(Outlet.domains),
            selectinload(Outlet.labels),
            selectinload(Outlet.relations).selectinload(Relation.citation),
        )
        .order_by(Outlet.slug)
    ).all()
    outlet_slugs = {o.id: o.slug for o in outlets}

    def links_out(links: list[ReportLink]) -> list[dict[str, Any]]:
        out = [report_link_out(link, outlet_slugs) for link in links]
        return sorted(out, key=lambda x: (x["relation"], x["report_url"]))

    def article_out(a: Article) -> dict[str, Any]:
        return {
            "url": a.canonical_url,
            "title": a.title,
            "published": iso(a.published),
            "outlet": outlet_slugs.get(a.outlet_id) if a.outlet_id else None,
            "author": a.author,
            "language": a.language,
            "report_links": links_out(list(a.report_links)),
        }

    stories = session.scalars(select(Story).order_by(Story.slug)).all()
    story_links: dict[int, list[ReportLink]] = {}
    for link in session.scalars(select(ReportLink).where(ReportLink.story_id.is_not(None))):
        story_links.setdefault(link.story_id or 0, []).append(link)
    articles = session.scalars(
        select(Article).options(selectinload(Article.report_links)).order_by(Article.canonical_url)
    ).all()

    return {
        "format": FORMAT,
        "entities": [
            {**entity_terms(e), "relations": _relations_sorted(list(e.relations), entity_slugs)}
            for e in entities
        ],
        "outlets": [outlet_out(o, entity_slugs) for o in outlets],
        "stories": [
            {
                "slug": s.slug,
                "title": s.title,
                "summary": s.summary,
                "articles": [article_out(a) for a in articles if a.story_id == s.id],
                "report_links": links_out(story_links.get(s.id, [])),
            }
            for s in stories
        ],
        "articles": [article_out(a) for a in articles if a.story_id is None],
    }
