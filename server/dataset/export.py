"""Read the whole curated dataset out as the dataset format, in a stable order.

Stable ordering and explicit nulls make `export -> import into an empty database -> export`
byte-for-byte identical, which is how the round trip is tested.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Article, Citation, Entity, Outlet, Relation, ReportLink, Story
from .schema import FORMAT


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _share(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def citation_out(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "url": c.url,
        "title": c.title,
        "publisher": c.publisher,
        "accessed": _d(c.accessed),
        "quote": c.quote,
    }


def relation_out(r: Relation, entity_slugs: dict[int, str]) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "object": entity_slugs[r.object_entity_id],
        "share": _share(r.share),
        "since": _d(r.since),
        "until": _d(r.until),
        "as_of": _d(r.as_of),
        "note": r.note,
        "citation": citation_out(r.citation),
    }


def _relations_sorted(items: list[Relation], entity_slugs: dict[int, str]) -> list[dict]:
    out = [relation_out(r, entity_slugs) for r in items]
    return sorted(out, key=lambda r: (r["kind"], r["object"], r["since"] or ""))


def report_link_out(link: ReportLink, outlet_slugs: dict[int, str]) -> dict[str, Any]:
    return {
        "relation": link.relation,
        "report_url": link.report_url,
        "report_title": link.report_title,
        "report_outlet": outlet_slugs.get(link.report_outlet_id) if link.report_outlet_id else None,
        "report_published": _d(link.report_published),
        "report_author": link.report_author,
        "rating": link.rating,
        "summary": link.summary,
        "status": link.status,
        "citation": citation_out(link.citation),
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
            "published": _d(a.published),
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
            {
                "slug": e.slug,
                "name": e.name,
                "kind": e.kind,
                "country": e.country,
                "wikidata_qid": e.wikidata_qid,
                "description": e.description,
                "relations": _relations_sorted(list(e.relations), entity_slugs),
            }
            for e in entities
        ],
        "outlets": [
            {
                "slug": o.slug,
                "name": o.name,
                "other_names": list(o.other_names or []),
                "description": o.description,
                "country": o.country,
                "languages": list(o.languages or []),
                "kind": o.kind,
                "founded": _d(o.founded),
                "website": o.website,
                "wikidata_qid": o.wikidata_qid,
                "status": o.status,
                "citation": citation_out(o.citation),
                "domains": sorted(
                    (
                        {
                            "host": d.host,
                            "path_prefix": d.path_prefix,
                            "role": d.role,
                            "fold_variants": d.fold_variants,
                        }
                        for d in o.domains
                    ),
                    key=lambda d: (d["host"], d["path_prefix"]),
                ),
                "relations": _relations_sorted(list(o.relations), entity_slugs),
                "labels": sorted(
                    (
                        {
                            "kind": lab.kind,
                            "issuer": lab.issuer,
                            "text": lab.text,
                            "since": _d(lab.since),
                            "until": _d(lab.until),
                            "as_of": _d(lab.as_of),
                            "citation": citation_out(lab.citation),
                        }
                        for lab in o.labels
                    ),
                    key=lambda x: (x["kind"], x["issuer"], x["since"] or ""),
                ),
            }
            for o in outlets
        ],
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
