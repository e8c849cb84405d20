"""The read model's composed records are byte for byte the SQL path's.

`ReadModel.record` composes each record's ownership from per-entity fragments
(server/read/ownership_compose.py); `records.outlet_record` runs `ownership_from` over SQL
queries, one per level of the graph. Random graphs with shared owners, cycles, chains past
the depth limit, more paths than the path limit and relations whose citation is missing
must give the same bytes, record after record out of one read model (so the memoized
pieces are reused).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from server.read import records
from server.read.build import build_read_model
from server.read.model import ReadModel
from server.read.ownership import MAX_DEPTH, MAX_PATHS
from server.vocab import RELATION_KINDS
from server.web.jsonbytes import dumps

BASE = "http://localhost"
D = dt.date.fromisoformat
CITATIONS = [
    {"id": 1, "url": "https://example.org/source", "title": "Source", "publisher": "Example"}
    | {"accessed": D("2026-01-01")}
]
LABELS = (
    ("state_controlled", "Meta", "State-controlled media", "2020-06-04", None, "2026-01-01", 1),
    ("sanctioned", "EU", None, "2022-03-02", "2023-01-01", "2024-05-01", 2),
    ("state_funded", "X", "Funded", None, None, "2025-02-03", 1),
)


def outlet_row(i: int) -> dict[str, Any]:
    """Varied per outlet: other names or none, a missing or unknown citation (2 does not
    exist: the SQL path's outer join finds none)."""
    return {
        "id": i,
        "slug": f"outlet-{i}",
        "name": f"Outlet {i} \u00e9",
        "other_names": [[], ["Другое имя", "Alias"], []][i % 3],
        "description": "A description" if i % 2 else None,
        "country": "RU",
        "languages": ["ru"] if i % 2 else ["ru", "en"],
        "kind": "state_controlled",
        "founded": D("2005-12-10") if i % 2 else None,
        "website": "https://example.org/" if i % 2 else None,
        "wikidata_qid": "Q1" if i % 2 else None,
        "status": "active",
        "version": i + 1,
        "citation_id": [1, None, 2][i % 3],
    }


def _date(value: str | None) -> dt.date | None:
    return D(value) if value else None


def outlet_extras(n: int) -> dict[str, list[dict[str, Any]]]:
    """Two domain rules per outlet; labels with a known and an unknown citation."""
    rules = [
        {"id": 2 * i + k, "outlet_id": i, "host": f"o{i}.example"}
        | {"path_prefix": prefix, "role": role, "fold_variants": fold}
        for i in range(n)
        for k, (prefix, role, fold) in enumerate([("", "primary", True), ("/@o", "channel", False)])
    ]
    labels = [
        {"outlet_id": i, "kind": kind, "issuer": issuer, "text": text, "citation_id": cid}
        | {"since": _date(since), "until": _date(until), "as_of": _date(as_of)}
        for i in range(n)
        for kind, issuer, text, since, until, as_of, cid in LABELS[: i % 4]
    ]
    return {"domain_rules": rules, "labels": labels}


def graph_rows(
    outlet_edges: list[list[tuple[int, int]]], entity_edges: dict[int, list[tuple[int, int]]]
) -> dict[str, list[dict[str, Any]]]:
    """Edges are (object entity, citation id); citation 2 does not exist (dropped, as the
    SQL path's inner join drops it)."""
    relations = [
        {"subject_outlet_id": oid, "subject_entity_id": None, "object_entity_id": obj}
        | {"share": None, "since": None, "as_of": D("2026-01-01"), "citation_id": cit}
        for oid, edges in enumerate(outlet_edges)
        for obj, cit in edges
    ] + [
        {"subject_outlet_id": None, "subject_entity_id": eid, "object_entity_id": obj}
        | {"share": 50, "since": D("2020-01-01"), "as_of": D("2025-06-30"), "citation_id": cit}
        for eid, edges in entity_edges.items()
        for obj, cit in edges
    ]
    for rel_id, rel in enumerate(relations, start=1):
        rel.update(id=rel_id, kind=RELATION_KINDS[rel["object_entity_id"] % 4])
    return {
        "citations": CITATIONS,
        "entities": [
            {"id": e, "slug": f"entity-{e}", "name": f"Entity {e}", "kind": "company"}
            for e in range(12)
        ],
        "outlets": [outlet_row(i) for i in range(len(outlet_edges))],
        "relations": relations,
        **outlet_extras(len(outlet_edges)),
    }


def make_model(load_rows, outlet_edges, entity_edges) -> ReadModel:  # type: ignore[no-untyped-def]
    engine = load_rows(graph_rows(outlet_edges, entity_edges))
    with engine.connect() as conn:
        return build_read_model(conn, 1)


def sql_record(engine, outlet_id: int) -> dict:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        row = records.fetch_outlet_row(conn, outlet_id=outlet_id)
        return records.outlet_record(conn, row, BASE)


def assert_same(engine, model: ReadModel, outlet_id: int) -> dict:  # type: ignore[no-untyped-def]
    reference = sql_record(engine, outlet_id)
    assert dumps(model.record(outlet_id, BASE)) == dumps(reference)
    return reference


edge = st.tuples(st.integers(0, 11), st.sampled_from([1, 1, 1, 2]))


@settings(max_examples=200, deadline=None)
@given(
    outlet_edges=st.lists(st.lists(edge, max_size=4), min_size=1, max_size=5),
    entity_edges=st.dictionaries(st.integers(0, 11), st.lists(edge, max_size=4), max_size=12),
)
def test_composed_ownership_equals_the_walk(memory_engine, load_rows, outlet_edges, entity_edges):
    model = make_model(load_rows, outlet_edges, entity_edges)
    want = {}
    for outlet_id in range(len(outlet_edges)):
        want[outlet_id] = dumps(assert_same(memory_engine, model, outlet_id))
    for outlet_id in reversed(range(len(outlet_edges))):  # again, from the memo
        assert dumps(model.record(outlet_id, BASE)) == want[outlet_id]


def test_shared_owner_chain_is_composed(memory_engine, load_rows):
    model = make_model(load_rows, [[(0, 1)], [(0, 1), (3, 1)]], {0: [(1, 1)], 1: [(2, 1)]})
    record = assert_same(memory_engine, model, 1)
    paths = record["ownership"]["paths"]
    assert [[e["object"]["slug"] for e in p] for p in paths] == [
        ["entity-0", "entity-1", "entity-2"],
        ["entity-3"],
    ]
    assert paths[0][0]["subject"] == {"type": "outlet", "slug": "outlet-1", "name": "Outlet 1 é"}
    assert paths[0][1]["subject"]["slug"] == "entity-0"
    assert [o["slug"] for o in record["ownership"]["ultimate_owners"]] == ["entity-2", "entity-3"]
    # Composed, not walked: entity 0's part was built once and reused by both outlets.
    assert_same(memory_engine, model, 0)
    nodes = model.records.composer._nodes
    assert nodes[0] is not None and nodes[0].paths == 1


def test_bounds_fall_back_to_the_walk(memory_engine, load_rows):
    chain = {i: [(i + 1, 1)] for i in range(11)}  # deeper than MAX_DEPTH
    fan = {0: [(i, 1) for i in range(1, 8)], **{i: [(8, 1), (9, 1)] for i in range(1, 8)}}
    cycle = {0: [(1, 1)], 1: [(0, 1)]}
    for edges, outlet_edges in (
        (chain, [[(0, 1)]]),
        (fan, [[(0, 1)] * 4]),  # 4 x 7 x 2 = 56 paths > MAX_PATHS
        (cycle, [[(0, 1)]]),
    ):
        model = make_model(load_rows, outlet_edges, edges)
        ownership = assert_same(memory_engine, model, 0)["ownership"]
        assert ownership["truncated"]
    model = make_model(load_rows, [[(0, 1)]], chain)
    deep = assert_same(memory_engine, model, 0)["ownership"]["paths"]
    assert len(deep) == 1 and len(deep[0]) == MAX_DEPTH
    model = make_model(load_rows, [[(0, 1)] * 4], fan)
    many = assert_same(memory_engine, model, 0)["ownership"]["paths"]
    assert len(many) == MAX_PATHS
    assert json.loads(dumps(many))  # well-formed
