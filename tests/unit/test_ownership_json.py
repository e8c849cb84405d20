"""The read path's composed records are byte for byte the reference walk's.

`Snapshot.outlet_json` composes each record's ownership from per-entity fragments
(server/read/ownership_compose.py); `Snapshot.outlet_record` runs `records.ownership_from`, the same
walk the SQL path runs. Random graphs with shared owners, cycles, chains past the depth
limit, more paths than the path limit and relations whose citation is missing must give
the same bytes, record after record out of one snapshot (so the memoized pieces are reused).
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from server.matching import Rule
from server.read.lookup import Snapshot, dumps
from server.read.ownership import MAX_DEPTH, MAX_PATHS

BASE = "http://localhost"
CITATIONS = {1: ("https://example.org/source", "Source", "Example", "2026-01-01")}
KINDS = ("owns", "operates", "controls", "funds")


def outlet_tuple(i: int) -> tuple:
    """Varied per outlet: names as JSON text or missing, a missing or unknown citation."""
    return (
        f"outlet-{i}",
        f"Outlet {i} \u00e9",
        ["[]", '["Другое имя", "Alias"]', None][i % 3],
        "A description" if i % 2 else None,
        "RU",
        '["ru"]' if i % 2 else '["ru", "en"]',
        "state_controlled",
        "2005-12-10" if i % 2 else None,
        "https://example.org/" if i % 2 else None,
        "Q1" if i % 2 else None,
        "active",
        i + 1,
        [1, None, 2][i % 3],
    )


def outlet_extras(n: int) -> tuple[list[Rule], dict]:
    """Two domain rules per outlet; labels with a known and an unknown citation."""
    rules = [
        Rule(f"o{i}.example", prefix, i, role, fold, 2 * i + k)
        for i in range(n)
        for k, (prefix, role, fold) in enumerate([("", "primary", True), ("/@o", "channel", False)])
    ]
    labels = {
        i: (
            ("state_media", "Meta", "State-controlled media", "2020-06-04", None, "2026-01-01", 1),
            ("sanctioned", "EU", None, "2022-03-02", "2023-01-01", None, 2),
            ("state_funded", "X", "Funded", None, None, None, 1),
        )[: i % 4]
        for i in range(n)
    }
    return rules, labels


def make_snapshot(
    outlet_edges: list[list[tuple[int, int]]], entity_edges: dict[int, list[tuple[int, int]]]
) -> Snapshot:
    """Edges are (object entity, citation id); citation 2 does not exist (dropped, as the
    SQL path's inner join drops it)."""
    entities = {e: (f"entity-{e}", f"Entity {e}", "company", None) for e in range(12)}
    rel_id = iter(range(1, 10_000))
    of_outlet = {
        oid: tuple(
            (next(rel_id), oid, None, obj, KINDS[obj % 4], None, None, None, "2026-01-01", cit)
            for obj, cit in edges
        )
        for oid, edges in enumerate(outlet_edges)
    }
    of_entity = {
        eid: tuple(
            (next(rel_id), None, eid, obj, KINDS[obj % 4], "50", "2020-01-01", None, None, cit)
            for obj, cit in edges
        )
        for eid, edges in entity_edges.items()
    }
    rules, labels = outlet_extras(len(outlet_edges))
    return Snapshot(
        1,
        rules,
        {oid: outlet_tuple(oid) for oid in range(len(outlet_edges))},
        labels,
        of_outlet,
        of_entity,
        entities,
        CITATIONS,
    )


def assert_same(snap: Snapshot, outlet_id: int) -> dict:
    reference = snap.outlet_record(outlet_id, BASE)
    assert snap.outlet_json(outlet_id, BASE) == dumps(reference)
    return reference


edge = st.tuples(st.integers(0, 11), st.sampled_from([1, 1, 1, 2]))


@settings(max_examples=500, deadline=None)
@given(
    outlet_edges=st.lists(st.lists(edge, max_size=4), min_size=1, max_size=5),
    entity_edges=st.dictionaries(st.integers(0, 11), st.lists(edge, max_size=4), max_size=12),
)
def test_composed_ownership_equals_the_walk(outlet_edges, entity_edges):
    snap = make_snapshot(outlet_edges, entity_edges)
    for outlet_id in range(len(outlet_edges)):
        assert_same(snap, outlet_id)
    for outlet_id in reversed(range(len(outlet_edges))):  # again, from the memo
        assert_same(snap, outlet_id)


def test_shared_owner_chain_is_composed():
    snap = make_snapshot([[(0, 1)], [(0, 1), (3, 1)]], {0: [(1, 1)], 1: [(2, 1)]})
    record = assert_same(snap, 1)
    paths = record["ownership"]["paths"]
    assert [[e["object"]["slug"] for e in p] for p in paths] == [
        ["entity-0", "entity-1", "entity-2"],
        ["entity-3"],
    ]
    assert paths[0][0]["subject"] == {"type": "outlet", "slug": "outlet-1", "name": "Outlet 1 é"}
    assert paths[0][1]["subject"]["slug"] == "entity-0"
    assert [o["slug"] for o in record["ownership"]["ultimate_owners"]] == ["entity-2", "entity-3"]
    # Composed, not walked: entity 0's part was built once and reused by both outlets.
    assert_same(snap, 0)
    assert snap._owners._nodes[0] is not None and snap._owners._nodes[0].paths == 1


def test_bounds_fall_back_to_the_walk():
    chain = {i: [(i + 1, 1)] for i in range(11)}  # deeper than MAX_DEPTH
    fan = {0: [(i, 1) for i in range(1, 8)], **{i: [(8, 1), (9, 1)] for i in range(1, 8)}}
    cycle = {0: [(1, 1)], 1: [(0, 1)]}
    for edges, outlet_edges in (
        (chain, [[(0, 1)]]),
        (fan, [[(0, 1)] * 4]),  # 4 x 7 x 2 = 56 paths > MAX_PATHS
        (cycle, [[(0, 1)]]),
    ):
        ownership = assert_same(make_snapshot(outlet_edges, edges), 0)["ownership"]
        assert ownership["truncated"]
    deep = assert_same(make_snapshot([[(0, 1)]], chain), 0)["ownership"]["paths"]
    assert len(deep[0]) == MAX_DEPTH
    many = assert_same(make_snapshot([[(0, 1)] * 4], fan), 0)["ownership"]["paths"]
    assert len(many) == MAX_PATHS
    assert json.loads(dumps(many))  # well-formed
