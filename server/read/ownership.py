"""Walk the ownership graph from an outlet up to its ultimate owners. Pure: no database.

The graph is curated by people, so it can contain cycles (A owns B owns A) and long chains;
the walk is cycle-safe (a node is never revisited on the same path) and depth-bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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
        for edge in out:
            target = edge["object_key"]
            visit(target, [*path, edge], seen | {target})

    visit(start, [], frozenset({start}))
    result.ultimate_owners = list(owners)
    return result
