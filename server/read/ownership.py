"""Walk the ownership graph from an outlet up to its ultimate owners, and build the
ownership document from relation rows, whatever loads them. Pure: no database.

The graph is curated by people, so it can contain cycles (A owns B owns A) and long chains;
the walk is cycle-safe (a node is never revisited on the same path) and depth-bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..presenters.citation import citation
from ..presenters.relation import entity_detail, ownership_document, path_step, subject_ref

MAX_DEPTH = 8
MAX_PATHS = 50

Node = Hashable
Edge = Mapping[str, Any]  # must carry "object_key": the node the edge points to


@dataclass
class Walk:
    paths: list[list[Edge]] = field(default_factory=list)
    ultimate_owners: list[Node] = field(default_factory=list)
    truncated: bool = False


def walk_ownership(
    start: Node,
    edges_of: Callable[[Node], Sequence[Edge]],
    *,
    max_depth: int = MAX_DEPTH,
    max_paths: int = MAX_PATHS,
) -> Walk:
    """Every path from `start` to a node with no outgoing edges (an ultimate owner).

    A path that would revisit a node, or exceed `max_depth`, ends where it is and its last
    node counts as an ultimate owner of that path; `truncated` says a bound was hit.
    """
    result = Walk()
    owners: dict[Node, None] = {}

    def visit(node: Node, path: list[Edge], seen: frozenset[Node]) -> None:
        if len(result.paths) >= max_paths:
            result.truncated = True
            return
        out = [e for e in edges_of(node) if e["object_key"] not in seen]
        if len(edges_of(node)) != len(out):
            result.truncated = True
        if not out or len(path) >= max_depth:
            if len(path) >= max_depth and out:
                result.truncated = True
            if path:
                result.paths.append(path)
                owners.setdefault(node, None)
            return
        for step in out:
            target = step["object_key"]
            visit(target, [*path, step], seen | {target})

    visit(start, [], frozenset({start}))
    result.ultimate_owners = list(owners)
    return result


# fetch(outlet_ids, entity_ids): the relation rows whose subject is one of those outlets,
# then those of those entities (the columns of `records.relation_rows`, by relation id).
RelationFetcher = Callable[[Sequence[int], Sequence[int]], list[Any]]


def _edge_of(row: Any, subject: dict[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
    cited = citation(row.c_url, row.c_title, row.c_publisher, row.c_accessed, row.c_archived_url)
    return path_step(subject, row.kind, detail, row.share, row.since, row.until, row.as_of, cited)


def ownership_from(outlet: Any, fetch: RelationFetcher) -> dict[str, Any]:
    """The ownership document of an outlet (anything with id, slug and name).

    `fetch` is called once per level of the graph, as the SQL path loads it, so the read
    model's in-memory loader gives the very same answer, bounds included.
    """
    # Each edge carries its finished JSON (its subject is fixed), shared by every path
    # through it: the walk only reads "object_key".
    edges: dict[Node, list[dict[str, Any]]] = {}
    details: dict[Node, dict[str, Any]] = {}
    names = {("outlet", outlet.id): subject_ref("outlet", outlet.slug, outlet.name)}
    frontier_outlets: list[int] = [outlet.id]
    frontier_entities: list[int] = []
    # One level past the depth bound: the walk must see that a node there has owners of
    # its own to report the path as truncated.
    for _level in range(MAX_DEPTH + 1):
        if not frontier_outlets and not frontier_entities:
            break
        rows = fetch(frontier_outlets, frontier_entities)
        for key in [("outlet", i) for i in frontier_outlets] + [
            ("entity", i) for i in frontier_entities
        ]:
            edges.setdefault(key, [])
        next_entities: list[int] = []
        for row in rows:
            subject = (
                ("outlet", row.subject_outlet_id)
                if row.subject_outlet_id is not None
                else ("entity", row.subject_entity_id)
            )
            obj = ("entity", row.object_entity_id)
            if obj not in names:
                names[obj] = subject_ref("entity", row.o_slug, row.o_name)
                details[obj] = entity_detail(row.o_slug, row.o_name, row.o_kind, row.o_country)
            json = _edge_of(row, names[subject], details[obj])
            edges[subject].append({"object_key": obj, "json": json})
            if obj not in edges and row.object_entity_id not in next_entities:
                next_entities.append(row.object_entity_id)
        frontier_outlets, frontier_entities = [], next_entities

    walk = walk_ownership(("outlet", outlet.id), lambda node: edges.get(node, []))
    paths = [[e["json"] for e in path] for path in walk.paths]
    owners = [details[key] for key in walk.ultimate_owners if key in details]
    return ownership_document(paths, owners, walk.truncated)
