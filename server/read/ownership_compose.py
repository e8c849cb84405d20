"""Ownership JSON of outlet records, composed from per-entity pieces serialized once.

`ownership.ownership_from` walks an outlet's whole ownership graph and builds every edge's
JSON each time. Outlets share their owners (a holding company owns dozens of outlets), and
an outlet is never the object of a relation, so everything above an outlet's first hop
depends only on the entity that hop reaches. `OwnershipComposer` keeps, per entity, its
own edges as finished JSON (`orjson.Fragment`s) and the entities they lead to (a `Node`,
built once per data version from its parents' nodes), and writes an outlet's paths by
walking those nodes.

The answer is byte for byte `dumps(ownership_from(...))`. Where a bound of the walk comes
into play (a cycle, the depth limit, the path limit) the composer declines (returns None)
and the caller uses `ownership_from`, whose exact behaviour at the bounds then applies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from orjson import Fragment

from ..presenters.relation import entity_detail, ownership_document, path_step, subject_ref
from ..web.jsonbytes import dumps
from .ownership import MAX_DEPTH, MAX_PATHS
from .records import cited


class Node(NamedTuple):
    """An entity's part of the graph, when the walk from it reaches no bound."""

    edges: tuple[tuple[Fragment, Node], ...]  # each edge's JSON and the node it leads to
    owners: tuple[int, ...]  # ultimate owners reached from here, in order of first path
    paths: int  # paths from here (0: nothing owns this entity: it is an ultimate owner)
    depth: int  # edges on the longest path from here


# A cycle is reachable from the entity, or a bound is reached: the walk must decide.
DECLINED = None


class OwnershipComposer:
    """Per data version: `relations_of(entity_id)` gives an entity's relation rows (the
    columns of `records.relation_rows`, by relation id). Safe to share between threads:
    two threads may build the same node, and either copy is right."""

    def __init__(self, relations_of: Callable[[int], Sequence[Any]]) -> None:
        self._relations_of = relations_of
        self._nodes: dict[int, Node | None] = {}
        # How each entity reached so far is named as a subject, and shown as an owner.
        self._names: dict[int, dict[str, Any]] = {}
        self._details: dict[int, dict[str, Any]] = {}
        self._owner_json: dict[int, Fragment] = {}

    def detail(self, entity_id: int, entity: Sequence[Any]) -> dict[str, Any]:
        """An entity (slug, name, kind, country) as an edge's object shows it; remembered
        (so the walk above it can name it) and shared by every edge that points to it."""
        found = self._details.get(entity_id)
        if found is None:
            found = entity_detail(*entity)
            self._names[entity_id] = subject_ref("entity", entity[0], entity[1])
            self._owner_json[entity_id] = Fragment(dumps(found))
            self._details[entity_id] = found
        return found

    def build(self, entities: Mapping[int, Sequence[Any]]) -> None:
        """Build every entity's node now (once per data version, with the read model), so no
        lookup pays for the first use of an owner: about 5 us per relation."""
        for entity_id, entity in entities.items():
            self.detail(entity_id, entity)
            self._node(entity_id, MAX_DEPTH - 1, frozenset())

    def ownership(self, first_hops: Sequence[tuple[Fragment, int]]) -> bytes | None:
        """The outlet's ownership JSON from its own edges (each edge's JSON and the entity
        it points to, whose `detail` was taken), or None (see module)."""
        paths: list[list[Fragment]] = []
        owners: dict[int, None] = {}
        for first, target in first_hops:
            node = self._node(target, MAX_DEPTH - 1, frozenset())
            if node is DECLINED:
                return None
            if node.paths == 0:
                paths.append([first])
                owners[target] = None
            else:
                _write_paths(node, [first], paths)
                owners.update(dict.fromkeys(node.owners))
            if len(paths) >= MAX_PATHS:  # the walk's path limit: let it decide
                return None
        return dumps(ownership_document(paths, [self._owner_json[o] for o in owners], False))

    def _node(self, entity_id: int, depth_left: int, above: frozenset[int]) -> Node | None:
        """The entity's node, or DECLINED when the walk from it would reach a bound with
        `depth_left` edges allowed below it; `above` holds the entities on the way here."""
        if entity_id in self._nodes:
            known = self._nodes[entity_id]
            if known is DECLINED or known.depth <= depth_left:
                return known
            return DECLINED  # too deep for what is left here (it was fine higher up)
        if entity_id in above:
            return DECLINED  # a cycle (not remembered: it depends on the way in)
        rows = self._relations_of(entity_id)
        if rows and depth_left <= 0:
            return DECLINED  # not remembered either: higher up there may be room
        subject = self._names[entity_id]  # set when the edge leading here was seen
        below = above | {entity_id}
        edges: list[tuple[Fragment, Node]] = []
        owners: dict[int, None] = {}
        paths = depth = 0
        for row in rows:
            target = row.object_entity_id
            detail = self.detail(target, (row.o_slug, row.o_name, row.o_kind, row.o_country))
            json = path_step(
                subject, row.kind, detail, row.share, row.since, row.until, row.as_of, cited(row)
            )
            child = self._node(target, depth_left - 1, below)
            if child is DECLINED:
                if target in below or (target in self._nodes and self._nodes[target] is DECLINED):
                    self._nodes[entity_id] = DECLINED  # a cycle or a bound, whatever the way in
                return DECLINED
            edges.append((Fragment(dumps(json)), child))
            if child.paths == 0:
                paths += 1
                owners[target] = None
                depth = max(depth, 1)
            else:
                paths += child.paths
                owners.update(dict.fromkeys(child.owners))
                depth = max(depth, 1 + child.depth)
            if paths >= MAX_PATHS:
                self._nodes[entity_id] = DECLINED
                return DECLINED
        node = Node(tuple(edges), tuple(owners), paths, depth)
        self._nodes[entity_id] = node
        return node


def _write_paths(node: Node, prefix: list[Fragment], out: list[list[Fragment]]) -> None:
    """Append every path through `node`, each prefixed with the edges leading to it."""
    for json, child in node.edges:
        if child.paths == 0:
            out.append([*prefix, json])
        else:
            _write_paths(child, [*prefix, json], out)
