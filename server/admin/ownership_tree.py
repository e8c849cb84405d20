"""Turn the read model's ownership paths (outlet -> ... -> ultimate owner) into one tree,
so a shared middle owner is drawn once with its own owners beneath it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import Entity, Relation
from ..read.ownership import MAX_DEPTH, walk_ownership


@dataclass
class OwnerNode:
    """An owner reached by one edge: the edge's facts (kind, share, dates, source) and the
    owners of this owner below it."""

    name: str
    slug: str
    entity_kind: str | None
    country: str | None
    relation: str
    share: float | None
    since: str | None
    until: str | None
    as_of: str | None
    citation: dict[str, Any] | None
    children: list[OwnerNode] = field(default_factory=list)
    ultimate: bool = False

    @property
    def current(self) -> bool:
        return self.until is None


def _edge_key(edge: dict[str, Any]) -> tuple[Any, ...]:
    obj = edge["object"]
    return (obj["slug"], edge["kind"], edge.get("share"), edge.get("since"), edge.get("until"))


def ownership_tree(ownership: dict[str, Any]) -> list[OwnerNode]:
    """The outlet's direct owners, each with its owners below, merged over all paths."""
    roots: list[OwnerNode] = []
    index: dict[tuple[Any, ...], OwnerNode] = {}
    for path in ownership.get("paths", []):
        siblings, prefix = roots, tuple[Any, ...]()
        for depth, edge in enumerate(path):
            prefix = (*prefix, _edge_key(edge))
            node = index.get(prefix)
            if node is None:
                obj = edge["object"]
                node = OwnerNode(
                    name=obj["name"],
                    slug=obj["slug"],
                    entity_kind=obj.get("kind"),
                    country=obj.get("country"),
                    relation=edge["kind"],
                    share=edge.get("share"),
                    since=edge.get("since"),
                    until=edge.get("until"),
                    as_of=edge.get("as_of"),
                    citation=edge.get("citation"),
                )
                index[prefix] = node
                siblings.append(node)
            if depth == len(path) - 1:
                node.ultimate = True
            siblings = node.children
    return roots


def entity_ownership(session: Session, entity: Entity) -> dict[str, Any]:
    """An entity's owners up to the top, as paths in the read model's shape (the same walk
    the lookup uses, started at an entity instead of an outlet)."""
    edges: dict[int, list[dict[str, Any]]] = {}
    frontier = [entity.id]
    for _level in range(MAX_DEPTH + 1):
        todo = [i for i in frontier if i not in edges]
        if not todo:
            break
        for i in todo:
            edges[i] = []
        rows = session.scalars(
            select(Relation)
            .where(Relation.subject_entity_id.in_(todo))
            .options(joinedload(Relation.object_entity), joinedload(Relation.citation))
            .order_by(Relation.id)
        )
        frontier = []
        for rel in rows:
            obj = rel.object_entity
            edges[rel.subject_entity_id].append(  # type: ignore[index]
                {
                    "object_key": obj.id,
                    "kind": rel.kind,
                    "object": {
                        "slug": obj.slug,
                        "name": obj.name,
                        "kind": obj.kind,
                        "country": obj.country,
                    },
                    "share": float(rel.share) if rel.share is not None else None,
                    "since": rel.since.isoformat() if rel.since else None,
                    "until": rel.until.isoformat() if rel.until else None,
                    "as_of": rel.as_of.isoformat() if rel.as_of else None,
                    "citation": {
                        "url": rel.citation.url,
                        "title": rel.citation.title,
                        "publisher": rel.citation.publisher,
                    },
                }
            )
            frontier.append(obj.id)

    def edges_of(node: Any) -> list[dict[str, Any]]:
        return edges.get(node, [])

    walk = walk_ownership(entity.id, edges_of)
    return {"paths": [list(p) for p in walk.paths], "truncated": walk.truncated}
