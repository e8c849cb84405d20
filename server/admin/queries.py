"""Read queries for the admin pages. Nothing here writes; the ownership graph and list
filters reuse the public read models (server/read/records.py, server/read/catalog.py) so a
maintainer sees the same record the API serves, plus the ids and versions that edit forms need.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ..errors import NotFound
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
)
from ..read import catalog, records
from .ownership_tree import OwnerNode, ownership_tree

PAGE_SIZE = 50


# -- outlet list -----------------------------------------------------------------------------


def outlet_list(session: Session, args: Any) -> dict[str, Any]:
    """A page of outlets for the list: catalog's filters, plus each outlet's hosts."""
    page = catalog.list_outlets(session.connection(), {**args, "limit": PAGE_SIZE})
    slugs = [o["slug"] for o in page["outlets"]]
    hosts: dict[str, list[str]] = defaultdict(list)
    if slugs:
        rows = session.execute(
            select(Outlet.slug, DomainRule.host, DomainRule.path_prefix)
            .join(DomainRule, DomainRule.outlet_id == Outlet.id)
            .where(Outlet.slug.in_(slugs))
            .order_by(DomainRule.id)
        )
        for slug, host, prefix in rows:
            hosts[slug].append(host + prefix)
    for outlet in page["outlets"]:
        outlet["hosts"] = hosts.get(outlet["slug"], [])
    return page


def countries_in_use(session: Session) -> list[str]:
    rows = session.scalars(
        select(Outlet.country)
        .where(Outlet.country.is_not(None))
        .distinct()
        .order_by(Outlet.country)
    )
    return [c for c in rows if c]


# -- one outlet ------------------------------------------------------------------------------


@dataclass
class SourceUse:
    """One citation and the facts it supports on this page."""

    citation: Citation
    uses: list[str] = field(default_factory=list)


@dataclass
class OutletPage:
    outlet: Outlet
    owners: list[OwnerNode]
    ultimate_owners: list[dict[str, Any]]
    truncated: bool
    articles: list[Article]
    story_links: dict[int, list[ReportLink]]
    reports_by_outlet: list[ReportLink]
    sources: list[SourceUse]
    history: list[Revision]


def get_outlet(session: Session, slug: str) -> Outlet:
    outlet = session.scalar(
        select(Outlet)
        .where(Outlet.slug == slug)
        .options(
            selectinload(Outlet.domains),
            selectinload(Outlet.labels).joinedload(Label.citation),
            selectinload(Outlet.relations).joinedload(Relation.object_entity),
            selectinload(Outlet.relations).joinedload(Relation.citation),
        )
    )
    if outlet is None:
        raise NotFound(f"no outlet with slug '{slug}'", field="slug")
    return outlet


def outlet_page(session: Session, slug: str) -> OutletPage:
    outlet = get_outlet(session, slug)
    ownership = records.ownership_json(session.connection(), outlet)
    articles = list(
        session.scalars(
            select(Article)
            .where(Article.outlet_id == outlet.id)
            .options(
                selectinload(Article.report_links).joinedload(ReportLink.report_outlet),
                selectinload(Article.report_links).joinedload(ReportLink.citation),
                selectinload(Article.story),
            )
            .order_by(Article.published.desc(), Article.id.desc())
            .limit(200)
        )
    )
    story_ids = {a.story_id for a in articles if a.story_id is not None}
    story_links: dict[int, list[ReportLink]] = defaultdict(list)
    if story_ids:
        for link in session.scalars(
            select(ReportLink)
            .where(ReportLink.story_id.in_(story_ids))
            .options(selectinload(ReportLink.report_outlet))
            .order_by(ReportLink.id)
        ):
            story_links[link.story_id].append(link)  # type: ignore[index]
    reports_by_outlet = list(
        session.scalars(
            select(ReportLink)
            .where(ReportLink.report_outlet_id == outlet.id)
            .options(selectinload(ReportLink.article))
            .order_by(ReportLink.id.desc())
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


def _sources(outlet: Outlet, articles: list[Article]) -> list[SourceUse]:
    found: dict[int, SourceUse] = {}

    def add(citation: Citation | None, use: str) -> None:
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


def outlet_history(session: Session, outlet: Outlet, limit: int = 200) -> list[Revision]:
    """Revisions of the outlet and of its domain rules, relations and labels, newest first.

    Children that were deleted are found by the outlet id in their last snapshot."""
    children = [
        ("domain_rule", [d.id for d in outlet.domains]),
        ("label", [label.id for label in outlet.labels]),
        ("relation", [r.id for r in outlet.relations]),
    ]
    conditions = [(Revision.record_type == "outlet") & (Revision.record_id == outlet.id)]
    for record_type, ids in children:
        if ids:
            conditions.append((Revision.record_type == record_type) & Revision.record_id.in_(ids))
    revisions = list(
        session.scalars(
            select(Revision).where(or_(*conditions)).order_by(Revision.id.desc()).limit(limit)
        )
    )
    deleted = session.scalars(
        select(Revision)
        .where(
            Revision.record_type.in_(("domain_rule", "label", "relation")),
            Revision.action == "delete",
        )
        .order_by(Revision.id.desc())
        .limit(1000)
    )
    gone: set[tuple[str, int]] = set()
    for rev in deleted:
        before = rev.before or {}
        if outlet.id in (before.get("outlet_id"), before.get("subject_outlet_id")):
            gone.add((rev.record_type, rev.record_id))
    if gone:
        extra = session.scalars(
            select(Revision).where(
                or_(
                    *[
                        (Revision.record_type == t) & (Revision.record_id == i)
                        for t, i in sorted(gone)
                    ]
                )
            )
        )
        seen = {r.id for r in revisions}
        revisions += [r for r in extra if r.id not in seen]
        revisions.sort(key=lambda r: r.id, reverse=True)
    return revisions[:limit]


def record_history(session: Session, record_type: str, record_id: int) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.record_type == record_type, Revision.record_id == record_id)
            .order_by(Revision.id.desc())
        )
    )


def recent_revisions(
    session: Session, limit: int = 100, before_id: int | None = None
) -> list[Revision]:
    stmt = select(Revision).order_by(Revision.id.desc()).limit(limit)
    if before_id:
        stmt = stmt.where(Revision.id < before_id)
    return list(session.scalars(stmt))


# -- other records ---------------------------------------------------------------------------


def get_entity(session: Session, slug: str) -> Entity:
    entity = session.scalar(
        select(Entity)
        .where(Entity.slug == slug)
        .options(
            selectinload(Entity.relations).joinedload(Relation.object_entity),
            selectinload(Entity.relations).joinedload(Relation.citation),
        )
    )
    if entity is None:
        raise NotFound(f"no entity with slug '{slug}'", field="slug")
    return entity


def entity_subjects(session: Session, entity: Entity) -> list[Relation]:
    """Relations pointing at this entity: whom it owns, operates, controls or funds."""
    return list(
        session.scalars(
            select(Relation)
            .where(Relation.object_entity_id == entity.id)
            .options(
                selectinload(Relation.subject_outlet),
                selectinload(Relation.subject_entity),
                selectinload(Relation.citation),
            )
            .order_by(Relation.id)
        )
    )


def entity_list(session: Session, q: str = "") -> list[Entity]:
    stmt = select(Entity).order_by(Entity.name).limit(500)
    q = q.strip().lower()
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                Entity.name.ilike(pattern, escape="\\"),
                Entity.slug.like(pattern, escape="\\"),
            )
        )
    return list(session.scalars(stmt))


def entity_choices(session: Session) -> list[tuple[str, str]]:
    return [
        (slug, f"{name} ({slug})")
        for slug, name in session.execute(select(Entity.slug, Entity.name).order_by(Entity.name))
    ]


def outlet_choices(session: Session) -> list[tuple[str, str]]:
    return [
        (slug, f"{name} ({slug})")
        for slug, name in session.execute(select(Outlet.slug, Outlet.name).order_by(Outlet.name))
    ]


def get_by_id(session: Session, model: type[Any], record_id: int, what: str) -> Any:
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(f"no {what} with id {record_id}", field="id")
    return obj


def get_article(session: Session, article_id: int) -> Article:
    article = session.scalar(
        select(Article)
        .where(Article.id == article_id)
        .options(
            selectinload(Article.report_links).joinedload(ReportLink.report_outlet),
            selectinload(Article.outlet),
            selectinload(Article.story),
        )
    )
    if article is None:
        raise NotFound(f"no article with id {article_id}", field="id")
    return article


def citation_users(session: Session, citation_id: int) -> dict[str, list[Any]]:
    return {
        "outlets": list(session.scalars(select(Outlet).where(Outlet.citation_id == citation_id))),
        "relations": list(
            session.scalars(
                select(Relation)
                .where(Relation.citation_id == citation_id)
                .options(
                    selectinload(Relation.subject_outlet), selectinload(Relation.subject_entity)
                )
            )
        ),
        "labels": list(
            session.scalars(
                select(Label)
                .where(Label.citation_id == citation_id)
                .options(selectinload(Label.outlet))
            )
        ),
        "report_links": list(
            session.scalars(select(ReportLink).where(ReportLink.citation_id == citation_id))
        ),
    }


def suggestions(session: Session, status: str = "pending") -> list[Suggestion]:
    return list(
        session.scalars(
            select(Suggestion)
            .where(Suggestion.status == status)
            .order_by(Suggestion.id.desc() if status != "pending" else Suggestion.id)
            .limit(200)
        )
    )


def stories(session: Session) -> list[Story]:
    return list(session.scalars(select(Story).order_by(Story.title)))
