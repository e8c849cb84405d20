"""Properties of the Wikidata import over generated entity files on the seeded database
(made-up items from Q900000001, .example hosts and a few of the seed's): a second run
changes nothing, every relation it writes cites a Wikidata item with its dates in order, and
every host the seed resolved still resolves to the same outlet (websites on platforms, bad
addresses and another item's outlet among the draws)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.importers import run_import
from server.importers.reconcile import HostMap
from server.models import Citation, Relation

WEBSITES = [
    "https://demo-one.example/",
    "https://www.demo-one.example/en/",
    "https://demo-two.example/",
    "https://www.washingtonpost.com/",
    "https://www.youtube.com/@demo",
    "not a url",
]
CLASSES = ["Q11032", "Q1126006", "Q5", "Q783794"]
OUTLETS = [f"Q90000000{n}" for n in range(1, 5)]
OWNERS = [f"Q90000001{n}" for n in range(1, 4)]
TIMES = [None, ("+2001-00-00T00:00:00Z", 9), ("+2015-06-07T00:00:00Z", 11)]


def snak(prop: str, value: Any) -> dict[str, Any]:
    if isinstance(value, str) and value.startswith("Q"):
        datavalue = {"value": {"entity-type": "item", "id": value}, "type": "wikibase-entityid"}
    elif isinstance(value, tuple):
        datavalue = {"value": {"time": value[0], "precision": value[1]}, "type": "time"}
    else:
        datavalue = {"value": value, "type": "string"}
    return {"snaktype": "value", "property": prop, "datavalue": datavalue}


@st.composite
def entity_files(draw: st.DrawFn) -> dict[str, Any]:
    entities: dict[str, Any] = {}
    for qid in [*OUTLETS, *OWNERS]:
        claims: dict[str, list[Any]] = {}
        claims["P31"] = [{"mainsnak": snak("P31", draw(st.sampled_from(CLASSES)))}]
        websites = draw(st.lists(st.sampled_from(WEBSITES), max_size=2))
        claims["P856"] = [{"mainsnak": snak("P856", w)} for w in websites]
        for prop in draw(st.lists(st.sampled_from(["P127", "P749", "P8324"]), max_size=2)):
            qualifiers = {}
            for q in ("P580", "P582"):
                when = draw(st.sampled_from(TIMES))
                if when is not None:
                    qualifiers[q] = [snak(q, when)]
            target = draw(st.sampled_from(OWNERS))
            claims.setdefault(prop, []).append(
                {"mainsnak": snak(prop, target), "qualifiers": qualifiers}
            )
        entities[qid] = {
            "id": qid,
            "labels": {"en": {"value": draw(st.sampled_from(["Demo", "Demo Two", qid]))}},
            "modified": "2024-05-05T00:00:00Z",
            "claims": claims,
        }
    return {"entities": entities}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=entity_files())
def test_import_is_idempotent_cited_and_keeps_hosts(seeded, session, tmp_path: Path, data):
    path = tmp_path / "entities.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = HostMap.stored(session)
    relations = set(session.scalars(select(Relation.id)))
    try:
        run_import(session, path, "wikidata")
        after = HostMap.stored(session)
        again = run_import(session, path, "wikidata")
        assert not again.changed, again
        new = session.scalars(select(Relation).where(Relation.id.not_in(relations))).all()
        for rel in new:
            citation = session.get(Citation, rel.citation_id)
            assert citation is not None
            assert citation.url.startswith("https://www.wikidata.org/wiki/Q"), citation.url
            assert rel.since is None or rel.until is None or rel.since <= rel.until
        for (host, prefix), slug in before.rules.items():
            assert after.rules[(host, prefix)] == slug
    finally:
        session.rollback()
