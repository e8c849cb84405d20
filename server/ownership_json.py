"""Ownership JSON of outlet records, composed from per-entity pieces serialized once.

`records.ownership_from` walks an outlet's whole ownership graph and builds every edge's
JSON each time. Outlets share their owners (a holding company owns dozens of outlets), and
an outlet is never the object of a relation, so everything above an outlet's first hop
depends only on the entity that hop reaches. `OwnershipComposer` walks each entity's part
of the graph once per data version, keeps its paths as finished JSON fragments, and builds
an outlet's ownership as its own first edges joined to those fragments.

The answer is byte for byte `dumps(ownership_from(...))`. Where a bound of the walk comes
into play (a cycle, the depth limit, the path limit) the composer declines (returns None)
and the caller uses `ownership_from`, whose exact behaviour at the bounds then applies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, cast

from .ownership import MAX_DEPTH, MAX_PATHS, walk_ownership
from .records import edge_json, entity_name, object_detail

Encode = Callable[[Any], bytes]


class Tail(NamedTuple):
    """The walk from one entity: each path's edges as a comma-joined JSON fragment, and
    the ultimate owners in order of first appearance."""

    paths: tuple[bytes, ...]
    owners: tuple[int, ...]


class OwnershipComposer:
    """Per data version: `relations_of(entity_id)` gives an entity's relation rows (the
    columns of `records._relation_rows`, by relation id)."""

    def __init__(self, relations_of: Callable[[int], Sequence[Any]], encode: Encode) -> None:
        self._relations_of = relations_of
        self._encode = encode
        # Entity id -> Tail, or None when a bound of the walk is reached above it.
        self._tails: dict[int, Tail | None] = {}
        self._edges: dict[int, list[dict[str, Any]]] = {}
        # How each entity reached so far is named as a subject, and shown as an owner.
        self._names: dict[int, dict[str, Any]] = {}
        self._owner_json: dict[int, bytes] = {}

    def ownership(self, outlet: Any, first_hops: Sequence[Any]) -> bytes | None:
        """The outlet's ownership JSON from its own relation rows, or None (see module)."""
        encode = self._encode
        subject = {"type": "outlet", "slug": outlet.slug, "name": outlet.name}
        paths: list[bytes] = []
        owners: dict[int, None] = {}
        for row in first_hops:
            edge = encode(edge_json(subject, row, self._reached(row)))
            tail = self._tail(row.object_entity_id)
            if tail is None:
                return None
            if not tail.paths:
                paths.append(b"[" + edge + b"]")
                owners.setdefault(row.object_entity_id, None)
            else:
                paths.extend(b"[" + edge + b"," + path + b"]" for path in tail.paths)
                owners.update(dict.fromkeys(tail.owners))
            if len(paths) >= MAX_PATHS:  # the walk's path limit: let it decide
                return None
        return b"".join(
            (
                b'{"paths":[',
                b",".join(paths),
                b'],"ultimate_owners":[',
                b",".join(self._owner_json[o] for o in owners),
                b'],"truncated":false}',
            )
        )

    def _tail(self, entity_id: int) -> Tail | None:
        if entity_id in self._tails:
            return self._tails[entity_id]
        # From the entity, one hop less depth is left than from the outlet above it.
        walk = walk_ownership(("entity", entity_id), self._entity_edges, max_depth=MAX_DEPTH - 1)
        tail = None
        if not walk.truncated and len(walk.paths) < MAX_PATHS:
            tail = Tail(
                tuple(b",".join(edge["json"] for edge in path) for path in walk.paths),
                tuple(key[1] for key in cast(list[tuple[str, int]], walk.ultimate_owners)),
            )
        self._tails[entity_id] = tail
        return tail

    def _entity_edges(self, node: Any) -> list[dict[str, Any]]:
        entity_id = node[1]
        edges = self._edges.get(entity_id)
        if edges is None:
            edges = []
            subject = self._names[entity_id]  # set when the edge leading here was seen
            for row in self._relations_of(entity_id):
                edges.append(
                    {
                        "object_key": ("entity", row.object_entity_id),
                        "json": self._encode(edge_json(subject, row, self._reached(row))),
                    }
                )
            self._edges[entity_id] = edges
        return edges

    def _reached(self, row: Any) -> dict[str, Any]:
        """The object of a relation row as an edge shows it; remembers how it is named."""
        target = row.object_entity_id
        if target not in self._names:
            self._names[target] = entity_name(row)
            self._owner_json[target] = self._encode(object_detail(row))
        return object_detail(row)
