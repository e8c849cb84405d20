"""JSON shapes of curated records as the curation API returns them: every record with its id
and version (the ETag), and references by slug where the record has one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    Suggestion,
    User,
)
from ..models.base import Base


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def citation_json(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "id": c.id,
        "url": c.url,
        "title": c.title,
        "publisher": c.publisher,
        "accessed": _iso(c.accessed),
        "quote": c.quote,
        "version": c.version,
    }


def domain_json(r: DomainRule, session: Session) -> dict[str, Any]:
    outlet = session.get(Outlet, r.outlet_id)
    return {
        "id": r.id,
        "outlet": outlet.slug if outlet else None,
        "host": r.host,
        "path_prefix": r.path_prefix,
        "role": r.role,
        "fold_variants": r.fold_variants,
        "version": r.version,
    }


def _ref(obj: Outlet | Entity | None, kind: str) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {"type": kind, "slug": obj.slug, "name": obj.name}


def relation_json(r: Relation, session: Session) -> dict[str, Any]:
    if r.subject_outlet_id is not None:
        subject = _ref(session.get(Outlet, r.subject_outlet_id), "outlet")
    else:
        subject = _ref(session.get(Entity, r.subject_entity_id), "entity")
    obj = session.get(Entity, r.object_entity_id)
    return {
        "id": r.id,
        "subject": subject,
        "kind": r.kind,
        "object": {"slug": obj.slug, "name": obj.name, "kind": obj.kind} if obj else None,
        "share": _num(r.share),
        "since": _iso(r.since),
        "until": _iso(r.until),
        "as_of": _iso(r.as_of),
        "note": r.note,
        "citation_id": r.citation_id,
        "citation": citation_json(session.get(Citation, r.citation_id)),
        "version": r.version,
    }


def label_json(lab: Label, session: Session) -> dict[str, Any]:
    outlet = session.get(Outlet, lab.outlet_id)
    return {
        "id": lab.id,
        "outlet": outlet.slug if outlet else None,
        "kind": lab.kind,
        "issuer": lab.issuer,
        "text": lab.text,
        "since": _iso(lab.since),
        "until": _iso(lab.until),
        "as_of": _iso(lab.as_of),
        "citation_id": lab.citation_id,
        "citation": citation_json(session.get(Citation, lab.citation_id)),
        "version": lab.version,
    }


def outlet_json(o: Outlet, session: Session) -> dict[str, Any]:
    """The outlet with its domain rules, relations and labels, each with id and version."""
    return {
        "id": o.id,
        "slug": o.slug,
        "name": o.name,
        "other_names": list(o.other_names or []),
        "description": o.description,
        "country": o.country,
        "languages": list(o.languages or []),
        "kind": o.kind,
        "founded": _iso(o.founded),
        "website": o.website,
        "wikidata_qid": o.wikidata_qid,
        "status": o.status,
        "citation_id": o.citation_id,
        "citation": citation_json(session.get(Citation, o.citation_id) if o.citation_id else None),
        "version": o.version,
        "domains": [
            domain_json(r, session)
            for r in session.scalars(
                select(DomainRule).where(DomainRule.outlet_id == o.id).order_by(DomainRule.id)
            )
        ],
        "relations": [
            relation_json(r, session)
            for r in session.scalars(
                select(Relation).where(Relation.subject_outlet_id == o.id).order_by(Relation.id)
            )
        ],
        "labels": [
            label_json(lab, session)
            for lab in session.scalars(
                select(Label).where(Label.outlet_id == o.id).order_by(Label.id)
            )
        ],
    }


def entity_json(e: Entity, session: Session) -> dict[str, Any]:
    return {
        "id": e.id,
        "slug": e.slug,
        "name": e.name,
        "kind": e.kind,
        "country": e.country,
        "wikidata_qid": e.wikidata_qid,
        "description": e.description,
        "version": e.version,
        "relations": [
            relation_json(r, session)
            for r in session.scalars(
                select(Relation).where(Relation.subject_entity_id == e.id).order_by(Relation.id)
            )
        ],
    }


def report_link_json(link: ReportLink, session: Session) -> dict[str, Any]:
    article = session.get(Article, link.article_id) if link.article_id else None
    story = session.get(Story, link.story_id) if link.story_id else None
    outlet = session.get(Outlet, link.report_outlet_id) if link.report_outlet_id else None
    added_by = session.get(User, link.added_by_id) if link.added_by_id else None
    return {
        "id": link.id,
        "article_id": link.article_id,
        "article_url": article.canonical_url if article else None,
        "story": story.slug if story else None,
        "relation": link.relation,
        "report_url": link.report_url,
        "report_title": link.report_title,
        "report_outlet": outlet.slug if outlet else None,
        "report_published": _iso(link.report_published),
        "report_author": link.report_author,
        "rating": link.rating,
        "summary": link.summary,
        "status": link.status,
        "added_by": added_by.name if added_by else None,
        "citation_id": link.citation_id,
        "citation": citation_json(
            session.get(Citation, link.citation_id) if link.citation_id else None
        ),
        "version": link.version,
    }


def article_json(a: Article, session: Session) -> dict[str, Any]:
    outlet = session.get(Outlet, a.outlet_id) if a.outlet_id else None
    story = session.get(Story, a.story_id) if a.story_id else None
    return {
        "id": a.id,
        "url": a.canonical_url,
        "url_sha256": a.url_sha256,
        "outlet": outlet.slug if outlet else None,
        "story": story.slug if story else None,
        "title": a.title,
        "published": _iso(a.published),
        "author": a.author,
        "language": a.language,
        "version": a.version,
        "report_links": [
            report_link_json(link, session)
            for link in session.scalars(
                select(ReportLink).where(ReportLink.article_id == a.id).order_by(ReportLink.id)
            )
        ],
    }


def story_json(st: Story, session: Session) -> dict[str, Any]:
    return {
        "id": st.id,
        "slug": st.slug,
        "title": st.title,
        "summary": st.summary,
        "version": st.version,
        "articles": [
            {"id": a.id, "url": a.canonical_url, "title": a.title}
            for a in session.scalars(
                select(Article).where(Article.story_id == st.id).order_by(Article.id)
            )
        ],
        "report_links": [
            report_link_json(link, session)
            for link in session.scalars(
                select(ReportLink).where(ReportLink.story_id == st.id).order_by(ReportLink.id)
            )
        ],
    }


PRESENTERS = {
    Outlet: outlet_json,
    DomainRule: domain_json,
    Entity: entity_json,
    Relation: relation_json,
    Label: label_json,
    Article: article_json,
    Story: story_json,
    ReportLink: report_link_json,
}


def record_json(obj: Base, session: Session) -> dict[str, Any]:
    if isinstance(obj, Citation):
        return citation_json(obj)  # type: ignore[return-value]
    return PRESENTERS[type(obj)](obj, session)  # type: ignore[operator]


def revision_json(rev: Revision) -> dict[str, Any]:
    return {
        "id": rev.id,
        "record_type": rev.record_type,
        "record_id": rev.record_id,
        "version": rev.version,
        "action": rev.action,
        "actor": rev.actor,
        "actor_id": rev.actor_id,
        "created_at": _iso(rev.created_at),
        "comment": rev.comment,
        "before": rev.before,
        "after": rev.after,
    }


def suggestion_json(sg: Suggestion, session: Session | None = None) -> dict[str, Any]:
    reviewer = session.get(User, sg.reviewed_by_id) if session and sg.reviewed_by_id else None
    return {
        "id": sg.id,
        "kind": sg.kind,
        "page_url": sg.page_url,
        "report_url": sg.report_url,
        "relation": sg.relation,
        "outlet_slug": sg.outlet_slug,
        "message": sg.message,
        "status": sg.status,
        "created_at": _iso(sg.created_at),
        "reviewed_by": reviewer.name if reviewer else None,
        "reviewed_at": _iso(sg.reviewed_at),
        "resolution": sg.resolution,
    }
