"""Listing curated records for maintainers (the ids and versions they edit by), with the
few filters the curation screens need, and their revisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from .. import models as m
from .. import urls
from ..errors import BadRequest, NotFound
from ..matching import identify
from ..models.base import MAX_ID
from .identity import index_for
from .types import record_type


def _slug_id(session: Session, model: Any, slug: str) -> int:
    # An unknown slug filters to nothing rather than failing: a list may legitimately be empty.
    found = session.scalar(select(model.id).where(model.slug == slug))
    return int(found) if found is not None else -1


def _article_keys(session: Session, url: str) -> set[str]:
    """The keys an article at `url` may be stored under: its canonical URL, that URL with
    AMP/mobile variants folded, and its key by the domain rules (path folds included)."""
    try:
        canonical = urls.resolve(url).canonical
    except urls.InvalidURL as exc:
        raise BadRequest(exc.message, field="url") from None
    key, _rule = identify(index_for(session, canonical), canonical)
    return {canonical, urls.fold_variants(canonical), key}


def _filters(session: Session, name: str, args: Mapping[str, str]) -> list[Any]:
    cond: list[Any] = []
    get = args.get
    if name in ("domain_rule", "label") and get("outlet"):
        model: Any = m.DomainRule if name == "domain_rule" else m.Label
        cond.append(model.outlet_id == _slug_id(session, m.Outlet, get("outlet", "")))
    if name == "domain_rule" and get("host"):
        cond.append(m.DomainRule.host == get("host", "").strip().lower())
    if name == "relation":
        if get("outlet"):
            cond.append(
                m.Relation.subject_outlet_id == _slug_id(session, m.Outlet, get("outlet", ""))
            )
        if get("entity"):
            cond.append(
                m.Relation.subject_entity_id == _slug_id(session, m.Entity, get("entity", ""))
            )
        if get("object"):
            cond.append(
                m.Relation.object_entity_id == _slug_id(session, m.Entity, get("object", ""))
            )
    if name == "entity" and get("q"):
        pattern = "%" + get("q", "").strip().lower()[:200] + "%"
        cond.append(or_(func.lower(m.Entity.name).like(pattern), m.Entity.slug.like(pattern)))
    if name == "citation" and get("url"):
        cond.append(m.Citation.url == get("url"))
    if name == "article":
        if get("url"):
            cond.append(m.Article.canonical_url.in_(_article_keys(session, get("url", ""))))
        if get("outlet"):
            cond.append(m.Article.outlet_id == _slug_id(session, m.Outlet, get("outlet", "")))
        if get("story"):
            cond.append(m.Article.story_id == _slug_id(session, m.Story, get("story", "")))
    if name == "report_link":
        if get("article_id"):
            try:
                article_id = int(get("article_id", ""))
            except ValueError:
                raise BadRequest("article_id must be an integer", field="article_id") from None
            # No id is out of range, and the database could not even compare with one.
            in_range = 1 <= article_id <= MAX_ID
            cond.append(m.ReportLink.article_id == article_id if in_range else false())
        if get("story"):
            cond.append(m.ReportLink.story_id == _slug_id(session, m.Story, get("story", "")))
        if get("report_url"):
            cond.append(m.ReportLink.report_url == get("report_url"))
        if get("status"):
            cond.append(m.ReportLink.status == get("status"))
    return cond


def list_records(
    session: Session, type_name: str, args: Mapping[str, str], *, limit: int, offset: int
) -> tuple[int, list[Any]]:
    rtype = record_type(type_name)
    model: Any = rtype.model
    cond = _filters(session, rtype.name, args)
    total = session.scalar(select(func.count()).select_from(model).where(*cond)) or 0
    rows = session.scalars(
        select(model).where(*cond).order_by(model.id).limit(limit).offset(offset)
    )
    return int(total), list(rows)


def revisions_of(session: Session, type_name: str, key: str | int) -> tuple[int, list[m.Revision]]:
    """(record id, its revisions newest first). Works for deleted records too: a slug is
    looked up in the revisions when no live record has it."""
    rtype = record_type(type_name)
    model: Any = rtype.model
    record_id: int | None = None
    if rtype.key == "slug":
        record_id = session.scalar(select(model.id).where(model.slug == str(key)))
        if record_id is None:
            for rev in session.scalars(
                select(m.Revision)
                .where(m.Revision.record_type == rtype.name)
                .order_by(m.Revision.id.desc())
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
                select(m.Revision)
                .where(m.Revision.record_type == rtype.name, m.Revision.record_id == record_id)
                .order_by(m.Revision.id.desc())
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
) -> list[m.Revision]:
    stmt = select(m.Revision).order_by(m.Revision.id.desc()).limit(limit).offset(offset)
    if record_type_name:
        stmt = stmt.where(m.Revision.record_type == record_type(record_type_name).name)
    if actor:
        stmt = stmt.where(m.Revision.actor == actor)
    return list(session.scalars(stmt))
