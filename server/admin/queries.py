"""Read queries for the admin pages. Nothing here writes; the ownership graph and list
filters reuse the public read models (server/read/records.py, server/read/catalog.py) so a
maintainer sees the same record the API serves, plus the ids and versions that edit forms need.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from .. import models as m
from ..errors import NotFound
from ..read import catalog, records
from .ownership_tree import OwnerNode, ownership_tree

PAGE_SIZE = 50
T = TypeVar("T")


# -- outlet list -----------------------------------------------------------------------------


def outlet_list(session: Session, args: Any) -> dict[str, Any]:
    """A page of outlets for the list: catalog's filters, plus each outlet's hosts."""
    page = catalog.list_outlets(session.connection(), {**args, "limit": PAGE_SIZE})
    slugs = [o["slug"] for o in page["outlets"]]
    hosts: dict[str, list[str]] = defaultdict(list)
    if slugs:
        rows = session.execute(
            select(m.Outlet.slug, m.DomainRule.host, m.DomainRule.path_prefix)
            .join(m.DomainRule, m.DomainRule.outlet_id == m.Outlet.id)
            .where(m.Outlet.slug.in_(slugs))
            .order_by(m.DomainRule.id)
        )
        for slug, host, prefix in rows:
            hosts[slug].append(host + prefix)
    for outlet in page["outlets"]:
        outlet["hosts"] = hosts.get(outlet["slug"], [])
    return page


def countries_in_use(session: Session) -> list[str]:
    rows = session.scalars(
        select(m.Outlet.country)
        .where(m.Outlet.country.is_not(None))
        .distinct()
        .order_by(m.Outlet.country)
    )
    return [c for c in rows if c]


# -- one outlet ------------------------------------------------------------------------------


@dataclass
class SourceUse:
    """One citation and the facts it supports on this page."""

    citation: m.Citation
    uses: list[str] = field(default_factory=list)


@dataclass
class OutletPage:
    outlet: m.Outlet
    owners: list[OwnerNode]
    ultimate_owners: list[dict[str, Any]]
    truncated: bool
    articles: list[m.Article]
    story_links: dict[int, list[m.ReportLink]]
    reports_by_outlet: list[m.ReportLink]
    sources: list[SourceUse]
    history: list[m.Revision]


def _page_record(session: Session, model: type[T], by: str, key: Any, *load: Any) -> T:
    """The record a page shows (`by` its slug or id) with what the page reads loaded."""
    obj = session.scalar(select(model).where(getattr(model, by) == key).options(*load))
    if obj is None:
        shown = f"'{key}'" if by == "slug" else key
        raise NotFound(f"no {model.__name__.lower()} with {by} {shown}", field=by)
    return obj


# What each record's page reads, loaded with it.
OUTLET_PAGE = (
    selectinload(m.Outlet.domains),
    selectinload(m.Outlet.labels).joinedload(m.Label.citation),
    selectinload(m.Outlet.relations).joinedload(m.Relation.object_entity),
    selectinload(m.Outlet.relations).joinedload(m.Relation.citation),
)
ENTITY_PAGE = (
    selectinload(m.Entity.relations).joinedload(m.Relation.object_entity),
    selectinload(m.Entity.relations).joinedload(m.Relation.citation),
)
ARTICLE_PAGE = (
    selectinload(m.Article.report_links).joinedload(m.ReportLink.report_outlet),
    selectinload(m.Article.outlet),
    selectinload(m.Article.story),
)


def get_outlet(session: Session, slug: str) -> m.Outlet:
    return _page_record(session, m.Outlet, "slug", slug, *OUTLET_PAGE)


def outlet_page(session: Session, slug: str) -> OutletPage:
    outlet = get_outlet(session, slug)
    ownership = records.ownership_json(session.connection(), outlet)
    articles = list(
        session.scalars(
            select(m.Article)
            .where(m.Article.outlet_id == outlet.id)
            .options(
                selectinload(m.Article.report_links).joinedload(m.ReportLink.report_outlet),
                selectinload(m.Article.report_links).joinedload(m.ReportLink.citation),
                selectinload(m.Article.story),
            )
            .order_by(m.Article.published.desc(), m.Article.id.desc())
            .limit(200)
        )
    )
    story_ids = {a.story_id for a in articles if a.story_id is not None}
    story_links: dict[int, list[m.ReportLink]] = defaultdict(list)
    if story_ids:
        for link in session.scalars(
            select(m.ReportLink)
            .where(m.ReportLink.story_id.in_(story_ids))
            .options(selectinload(m.ReportLink.report_outlet))
            .order_by(m.ReportLink.id)
        ):
            story_links[link.story_id].append(link)  # type: ignore[index]
    reports_by_outlet = list(
        session.scalars(
            select(m.ReportLink)
            .where(m.ReportLink.report_outlet_id == outlet.id)
            .options(selectinload(m.ReportLink.article))
            .order_by(m.ReportLink.id.desc())
            .limit(100)
        )
    )
    return OutletPage(
        outlet=outlet,
        owners=ownership_tree(ownership),
        ultimate_owners=ownership["ultimate_owners"],
        truncated=ownership["truncated"],
        articles=articles,
        story_links=dict(story_links),
        reports_by_outlet=reports_by_outlet,
        sources=_sources(outlet, articles),
        history=outlet_history(session, outlet, limit=20),
    )


def _sources(outlet: m.Outlet, articles: list[m.Article]) -> list[SourceUse]:
    found: dict[int, SourceUse] = {}

    def add(citation: m.Citation | None, use: str) -> None:
        if citation is not None:
            found.setdefault(citation.id, SourceUse(citation)).uses.append(use)

    add(outlet.citation, "outlet facts (kind, country, founded)")
    for rel in outlet.relations:
        add(rel.citation, f"{rel.kind.replace('_', ' ')} {rel.object_entity.name}")
    for label in outlet.labels:
        add(label.citation, f"label: {label.issuer} ({label.kind.replace('_', ' ')})")
    for article in articles:
        for link in article.report_links:
            add(link.citation, f"report link: {link.report_title or link.report_url}")
    return list(found.values())


# -- history ---------------------------------------------------------------------------------


def outlet_history(session: Session, outlet: m.Outlet, limit: int = 200) -> list[m.Revision]:
    """Revisions of the outlet and of its domain rules, relations and labels, newest first.

    Children that were deleted are found by the outlet id in their last snapshot."""
    children = [
        ("domain_rule", [d.id for d in outlet.domains]),
        ("label", [label.id for label in outlet.labels]),
        ("relation", [r.id for r in outlet.relations]),
    ]
    conditions = [(m.Revision.record_type == "outlet") & (m.Revision.record_id == outlet.id)]
    for record_type, ids in children:
        if ids:
            conditions.append(
                (m.Revision.record_type == record_type) & m.Revision.record_id.in_(ids)
            )
    revisions = list(
        session.scalars(
            select(m.Revision).where(or_(*conditions)).order_by(m.Revision.id.desc()).limit(limit)
        )
    )
    deleted = session.scalars(
        select(m.Revision)
        .where(
            m.Revision.record_type.in_(("domain_rule", "label", "relation")),
            m.Revision.action == "delete",
        )
        .order_by(m.Revision.id.desc())
        .limit(1000)
    )
    gone: set[tuple[str, int]] = set()
    for rev in deleted:
        before = rev.before or {}
        if outlet.id in (before.get("outlet_id"), before.get("subject_outlet_id")):
            gone.add((rev.record_type, rev.record_id))
    if gone:
        extra = session.scalars(
            select(m.Revision).where(
                or_(
                    *[
                        (m.Revision.record_type == t) & (m.Revision.record_id == i)
                        for t, i in sorted(gone)
                    ]
                )
            )
        )
        seen = {r.id for r in revisions}
        revisions += [r for r in extra if r.id not in seen]
        revisions.sort(key=lambda r: r.id, reverse=True)
    return revisions[:limit]


def record_history(session: Session, record_type: str, record_id: int) -> list[m.Revision]:
    return list(
        session.scalars(
            select(m.Revision)
            .where(m.Revision.record_type == record_type, m.Revision.record_id == record_id)
            .order_by(m.Revision.id.desc())
        )
    )


def recent_revisions(
    session: Session, limit: int = 100, before_id: int | None = None
) -> list[m.Revision]:
    stmt = select(m.Revision).order_by(m.Revision.id.desc()).limit(limit)
    if before_id:
        stmt = stmt.where(m.Revision.id < before_id)
    return list(session.scalars(stmt))


# -- other records ---------------------------------------------------------------------------


def get_entity(session: Session, slug: str) -> m.Entity:
    return _page_record(session, m.Entity, "slug", slug, *ENTITY_PAGE)


def entity_subjects(session: Session, entity: m.Entity) -> list[m.Relation]:
    """Relations pointing at this entity: whom it owns, operates, controls or funds."""
    return list(
        session.scalars(
            select(m.Relation)
            .where(m.Relation.object_entity_id == entity.id)
            .options(
                selectinload(m.Relation.subject_outlet),
                selectinload(m.Relation.subject_entity),
                selectinload(m.Relation.citation),
            )
            .order_by(m.Relation.id)
        )
    )


def entity_list(session: Session, q: str = "") -> list[m.Entity]:
    stmt = select(m.Entity).order_by(m.Entity.name).limit(500)
    q = q.strip().lower()
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                m.Entity.name.ilike(pattern, escape="\\"),
                m.Entity.slug.like(pattern, escape="\\"),
            )
        )
    return list(session.scalars(stmt))


def choices(session: Session, model: Any) -> list[tuple[str, str]]:
    """(slug, "Name (slug)") of every outlet or entity, for a select."""
    rows = session.execute(select(model.slug, model.name).order_by(model.name))
    return [(slug, f"{name} ({slug})") for slug, name in rows]


def get_by_id(session: Session, model: type[Any], record_id: int, what: str) -> Any:
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(f"no {what} with id {record_id}", field="id")
    return obj


def get_article(session: Session, article_id: int) -> m.Article:
    return _page_record(session, m.Article, "id", article_id, *ARTICLE_PAGE)


def citation_users(session: Session, citation_id: int) -> dict[str, list[Any]]:
    return {
        "outlets": list(
            session.scalars(select(m.Outlet).where(m.Outlet.citation_id == citation_id))
        ),
        "relations": list(
            session.scalars(
                select(m.Relation)
                .where(m.Relation.citation_id == citation_id)
                .options(
                    selectinload(m.Relation.subject_outlet), selectinload(m.Relation.subject_entity)
                )
            )
        ),
        "labels": list(
            session.scalars(
                select(m.Label)
                .where(m.Label.citation_id == citation_id)
                .options(selectinload(m.Label.outlet))
            )
        ),
        "report_links": list(
            session.scalars(select(m.ReportLink).where(m.ReportLink.citation_id == citation_id))
        ),
    }


def stories(session: Session) -> list[m.Story]:
    return list(session.scalars(select(m.Story).order_by(m.Story.title)))
