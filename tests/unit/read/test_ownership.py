"""The ownership walk: every path ends at an ultimate owner, cycles and depth are bounded."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from server.read.ownership import walk_ownership


def graph_walk(edges: dict[str, list[str]], start: str = "outlet", **kw):
    def edges_of(node):
        return [{"object_key": target} for target in edges.get(node, [])]

    return walk_ownership(start, edges_of, **kw)


def test_chain_reaches_the_ultimate_owner():
    walk = graph_walk({"outlet": ["operator"], "operator": ["state"]})
    assert [[e["object_key"] for e in p] for p in walk.paths] == [["operator", "state"]]
    assert walk.ultimate_owners == ["state"] and not walk.truncated


def test_several_owners_give_several_paths():
    walk = graph_walk({"outlet": ["a", "b"], "a": ["x"], "b": ["x"]})
    assert len(walk.paths) == 2 and walk.ultimate_owners == ["x"]


def test_a_cycle_ends_without_looping():
    walk = graph_walk({"outlet": ["a"], "a": ["b"], "b": ["a"]})
    assert walk.paths == [[{"object_key": "a"}, {"object_key": "b"}]]
    assert walk.truncated


def test_depth_is_bounded():
    chain = {f"n{i}": [f"n{i + 1}"] for i in range(50)}
    walk = graph_walk(chain, "n0", max_depth=8)
    assert len(walk.paths[0]) == 8 and walk.truncated


def test_no_owner_means_no_paths():
    walk = graph_walk({})
    assert walk.paths == [] and walk.ultimate_owners == []


nodes = st.sampled_from([f"n{i}" for i in range(8)])


@given(st.dictionaries(nodes, st.lists(nodes, max_size=4), max_size=8))
def test_any_graph_terminates_with_simple_bounded_paths(edges):
    walk = graph_walk(edges, "n0", max_depth=6, max_paths=20)
    assert len(walk.paths) <= 20
    for path in walk.paths:
        visited = ["n0"] + [e["object_key"] for e in path]
        assert len(visited) == len(set(visited))  # never revisits a node on one path
        assert 1 <= len(path) <= 6
        for a, b in itertools.pairwise(visited):
            assert b in edges.get(a, [])
