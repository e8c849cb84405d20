"""JSON shapes of curated records as the curation API returns them: every record with its id
and version (the ETag), and references by slug where the record has one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from .. import models as m
from ..matching import path_folds_of
from ..models.base import Base
from .citation import citation_with_quote
from .domain_rule import domain_rule
from .entity import entity_terms
from .label import label_terms
from .outlet import outlet_terms
from .relation import relation_terms, subject_ref
from .report_link import report_link_terms
from .values import iso

Slugged = TypeVar("Slugged", m.Outlet, m.Story)


def _children(
    session: Session,
    column: InstrumentedAttribute[Any],
    value: int,
    present: Callable[[Any, Session], dict[str, Any]],
) -> list[dict[str, Any]]:
    """The records whose `column` is `value`, by id, each presented."""
    model = column.class_
    stmt = select(model).where(column == value).order_by(model.id)
    return [present(obj, session) for obj in session.scalars(stmt)]


def _slug(session: Session, model: type[Slugged], ident: int | None) -> str | None:
    obj = session.get(model, ident) if ident else None
    return obj.slug if obj else None


def citation_json(c: m.Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"id": c.id, **citation_with_quote(c), "version": c.version}  # type: ignore[dict-item]


def _citation_of(session: Session, citation_id: int | None) -> dict[str, Any] | None:
    return citation_json(session.get(m.Citation, citation_id) if citation_id else None)


def _sourced(obj: Any, session: Session) -> dict[str, Any]:
    """A record's source and version: its last members (before its children, if any)."""
    return {
        "citation_id": obj.citation_id,
        "citation": _citation_of(session, obj.citation_id),
        "version": obj.version,
    }


def domain_json(r: m.DomainRule, session: Session) -> dict[str, Any]:
    return {
        "id": r.id,
        "outlet": _slug(session, m.Outlet, r.outlet_id),
        **domain_rule(r.host, r.path_prefix, r.role, r.fold_variants, path_folds_of(r.path_folds)),
        "version": r.version,
    }


def _subject(r: m.Relation, session: Session) -> dict[str, Any] | None:
    if r.subject_outlet_id is not None:
        outlet = session.get(m.Outlet, r.subject_outlet_id)
        return subject_ref("outlet", outlet.slug, outlet.name) if outlet else None
    entity = session.get(m.Entity, r.subject_entity_id)
    return subject_ref("entity", entity.slug, entity.name) if entity else None


def relation_json(r: m.Relation, session: Session) -> dict[str, Any]:
    obj = session.get(m.Entity, r.object_entity_id)
    return {
        "id": r.id,
        "subject": _subject(r, session),
        "kind": r.kind,
        "object": {"slug": obj.slug, "name": obj.name, "kind": obj.kind} if obj else None,
        **relation_terms(r.share, r.since, r.until, r.as_of),
        "note": r.note,
        "review_due": iso(r.review_due),
        **_sourced(r, session),
    }


def label_json(lab: m.Label, session: Session) -> dict[str, Any]:
    return {
        "id": lab.id,
        "outlet": _slug(session, m.Outlet, lab.outlet_id),
        **label_terms(lab.kind, lab.issuer, lab.text, lab.since, lab.until, lab.as_of),
        "review_due": iso(lab.review_due),
        **_sourced(lab, session),
    }


def outlet_json(o: m.Outlet, session: Session) -> dict[str, Any]:
    """The outlet with its domain rules, relations and labels, each with id and version."""
    return {
        "id": o.id,
        **outlet_terms(o),
        **_sourced(o, session),
        "domains": _children(session, m.DomainRule.outlet_id, o.id, domain_json),
        "relations": _children(session, m.Relation.subject_outlet_id, o.id, relation_json),
        "labels": _children(session, m.Label.outlet_id, o.id, label_json),
    }


def entity_json(e: m.Entity, session: Session) -> dict[str, Any]:
    return {
        "id": e.id,
        **entity_terms(e),
        "version": e.version,
        "relations": _children(session, m.Relation.subject_entity_id, e.id, relation_json),
    }


def report_link_json(link: m.ReportLink, session: Session) -> dict[str, Any]:
    article = session.get(m.Article, link.article_id) if link.article_id else None
    added_by = session.get(m.User, link.added_by_id) if link.added_by_id else None
    return {
        "id": link.id,
        "article_id": link.article_id,
        "article_url": article.canonical_url if article else None,
        "story": _slug(session, m.Story, link.story_id),
        **report_link_terms(link, _slug(session, m.Outlet, link.report_outlet_id)),
        "added_by": added_by.name if added_by else None,
        **_sourced(link, session),
    }


def article_json(a: m.Article, session: Session) -> dict[str, Any]:
    return {
        "id": a.id,
        "url": a.canonical_url,
        "url_sha256": a.url_sha256,
        "outlet": _slug(session, m.Outlet, a.outlet_id),
        "story": _slug(session, m.Story, a.story_id),
        "title": a.title,
        "published": iso(a.published),
        "author": a.author,
        "language": a.language,
        "version": a.version,
        "report_links": _children(session, m.ReportLink.article_id, a.id, report_link_json),
    }


def _article_ref(a: m.Article, _session: Session) -> dict[str, Any]:
    return {"id": a.id, "url": a.canonical_url, "title": a.title}


def story_json(st: m.Story, session: Session) -> dict[str, Any]:
    return {
        "id": st.id,
        "slug": st.slug,
        "title": st.title,
        "summary": st.summary,
        "version": st.version,
        "articles": _children(session, m.Article.story_id, st.id, _article_ref),
        "report_links": _children(session, m.ReportLink.story_id, st.id, report_link_json),
    }


PRESENTERS: dict[type[Base], Callable[[Any, Session], dict[str, Any]]] = {
    m.Outlet: outlet_json,
    m.DomainRule: domain_json,
    m.Entity: entity_json,
    m.Relation: relation_json,
    m.Label: label_json,
    m.Article: article_json,
    m.Story: story_json,
    m.ReportLink: report_link_json,
}


def record_json(obj: Base, session: Session) -> dict[str, Any]:
    if isinstance(obj, m.Citation):
        return citation_json(obj)  # type: ignore[return-value]
    return PRESENTERS[type(obj)](obj, session)


def revision_json(rev: m.Revision) -> dict[str, Any]:
    return {
        "id": rev.id,
        "record_type": rev.record_type,
        "record_id": rev.record_id,
        "version": rev.version,
        "action": rev.action,
        "actor": rev.actor,
        "actor_id": rev.actor_id,
        "created_at": iso(rev.created_at),
        "comment": rev.comment,
        "before": rev.before,
        "after": rev.after,
    }


def suggestion_json(sg: m.Suggestion, session: Session | None = None) -> dict[str, Any]:
    reviewer = session.get(m.User, sg.reviewed_by_id) if session and sg.reviewed_by_id else None
    return {
        "id": sg.id,
        "kind": sg.kind,
        "page_url": sg.page_url,
        "report_url": sg.report_url,
        "relation": sg.relation,
        "outlet_slug": sg.outlet_slug,
        "message": sg.message,
        "status": sg.status,
        "created_at": iso(sg.created_at),
        "reviewed_by": reviewer.name if reviewer else None,
        "reviewed_at": iso(sg.reviewed_at),
        "resolution": sg.resolution,
    }
