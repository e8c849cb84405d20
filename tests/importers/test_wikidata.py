"""The Wikidata importer on recorded responses (tests/data/wikidata/): entity JSON and
SPARQL results become outlets, domain rules, owners and cited, dated relations; existing
records are reconciled by QID, host and name; a dry run writes nothing; a second run changes
nothing; a bad file names its line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from server.curation.report import ChangeReport
from server.importers import run_import
from server.models import Entity, Outlet, Relation

from .conftest import DATA
from .contract import ImporterCase

ENTITIES = DATA / "wikidata" / "entities.json"
SPARQL = DATA / "wikidata" / "sparql.json"


def outlet(session, slug: str) -> Outlet:  # type: ignore[no-untyped-def]
    found = session.scalar(select(Outlet).where(Outlet.slug == slug))
    assert found is not None, slug
    return found  # type: ignore[no-any-return]


def test_entity_json_becomes_outlets_owners_and_relations(app, session):
    report = run_import(session, ENTITIES, "wikidata")
    session.commit()
    post = outlet(session, "the-washington-post")
    assert post.wikidata_qid == "Q166032" and post.country == "US"
    assert post.founded == dt.date(1877, 12, 6) and post.kind == "unknown"
    assert post.other_names == ["Washington Post", "WaPo"]
    assert [(r.host, r.role) for r in post.domains] == [("washingtonpost.com", "primary")]
    assert post.citation is not None
    assert post.citation.url == "https://www.wikidata.org/wiki/Q166032"
    (rel,) = post.relations
    assert rel.kind == "owned_by" and rel.object_entity.name == "Jeff Bezos"
    assert rel.object_entity.kind == "person" and rel.object_entity.wikidata_qid == "Q312556"
    assert float(rel.share or 0) == 100.0 and rel.since == dt.date(2013, 10, 1)
    assert rel.until is None
    assert rel.as_of == dt.date(2024, 3, 1)  # the reference's retrieved date
    assert rel.citation.url == "https://www.wikidata.org/wiki/Q166032"
    assert "https://en.wikipedia.org/wiki/The_Washington_Post" in (rel.note or "")
    bbc = outlet(session, "bbc")
    assert bbc.kind == "public_service" and bbc.country == "GB"
    assert [(r.host, r.role) for r in bbc.domains] == [
        ("bbc.co.uk", "primary"),
        ("bbc.com", "mirror"),
    ]
    assert any("Q3884 (Amazon): not a news outlet" in s for s in report.skipped)
    assert any("P159: unsupported property" in s for s in report.skipped)


def test_as_of_falls_back_to_the_items_modified_date(app, session, tmp_path: Path):
    text = ENTITIES.read_text("utf-8").replace('"P854"', '"P1065"')  # no reference URL
    path = tmp_path / "noref.json"
    path.write_text(text, "utf-8")
    run_import(session, path, "wikidata")
    (rel,) = outlet(session, "the-washington-post").relations
    assert rel.as_of == dt.date(2024, 11, 2)
    assert "reference" not in (rel.note or "")


def test_seeded_outlets_are_reconciled_not_duplicated(seeded, session):
    outlets = len(session.scalars(select(Outlet)).all())
    report = run_import(session, ENTITIES, "wikidata")
    session.commit()
    assert len(session.scalars(select(Outlet)).all()) == outlets
    post = outlet(session, "washington-post")
    assert post.wikidata_qid == "Q166032"
    assert outlet(session, "bbc").wikidata_qid == "Q9531"
    bezos = session.scalar(select(Entity).where(Entity.slug == "jeff-bezos"))
    assert bezos is not None and bezos.wikidata_qid == "Q312556"
    # Bezos is already reached through Nash Holdings: no second, shorter path.
    assert [r.object_entity.slug for r in post.relations] == ["nash-holdings"]
    assert any("already reached" in s for s in report.skipped)


def test_sparql_results_import(app, session):
    report = run_import(session, SPARQL, "wikidata")
    session.commit()
    nyt = outlet(session, "the-new-york-times")
    assert nyt.founded == dt.date(1851, 9, 18) and nyt.country == "US"
    spiegel = outlet(session, "der-spiegel")
    assert spiegel.country == "DE" and spiegel.domains[0].host == "spiegel.de"
    lemonde = outlet(session, "le-monde")
    assert lemonde.founded is None  # 1944-01-01 without a precision is a year
    assert any("Q12461: inception 1944" in s for s in report.skipped)
    (rel,) = outlet(session, "the-washington-post").relations
    assert rel.since == dt.date(2013, 10, 1) and rel.as_of == dt.date(2024, 3, 1)
    assert float(rel.share or 0) == 100.0


def dry_run_shows(report: ChangeReport, lines: list[str]) -> None:
    assert report.created == len(lines)
    assert any(line.startswith("+ outlet 'the-washington-post'") for line in lines)
    assert any("kind='owned_by'" in line and "object='jeff-bezos'" in line for line in lines)


def test_an_ended_ownership_is_brought_up_to_date(app, session, tmp_path: Path):
    run_import(session, ENTITIES, "wikidata")
    session.commit()
    text = ENTITIES.read_text("utf-8").replace(
        '"P580"', '"P582"'
    )  # the same statement, now with an end date instead
    path = tmp_path / "ended.json"
    path.write_text(text, "utf-8")
    report = run_import(session, path, "wikidata")
    session.commit()
    (rel,) = outlet(session, "the-washington-post").relations
    assert rel.until == dt.date(2013, 10, 1) and rel.since is None
    assert report.updated == 1
    assert session.scalar(select(Relation).where(Relation.id == rel.id)) is rel


BAD = [
    ('{"entities": {"Q1": ', "line 1, column 21: not valid JSON"),
    ('{"entities": {\n"Q1": {"id": "X1"}}}', "line 2: an entity needs an item id"),
    ('{"entities": {\n"Q1": {"id": "Q1",\n "claims": {"P31": {}}}}}', "line 2 (Q1): claims.P31"),
    ('{"head": {"vars": ["x"]}, "results": {"bindings": []}}', "?item column"),
    (
        '{"head": {"vars": ["item"]}, "results": {"bindings": [\n'
        '{"item": {"type": "literal", "value": "no"}}]}}',
        "line 2: row 1: ?item",
    ),
    ("[1, 2]", "an entity must be a JSON object"),
    ('"text"', "line 1: not Wikidata JSON"),
]


# The dry run, second runs and bad files of the importer contract (test_importer_contract.py),
# on an empty database.
CONTRACT = ImporterCase(
    fmt="wikidata",
    seeded=False,
    dry_run_file=ENTITIES,
    dry_run_shows=dry_run_shows,
    second_runs=((ENTITIES,), (SPARQL,)),
    bad_files=tuple(("bad.json", text, message) for text, message in BAD),
)


# Made-up items (ids from Q900000001, .example hosts) that stand for shapes, not facts.


def _item(qid: str, label: str, claims: dict[str, list[Any]]) -> dict[str, Any]:
    def value(v: Any) -> dict[str, Any]:
        if isinstance(v, str) and v.startswith("Q"):
            return {"value": {"entity-type": "item", "id": v}, "type": "wikibase-entityid"}
        if isinstance(v, tuple):
            return {"value": {"time": v[0], "precision": v[1]}, "type": "time"}
        return {"value": v, "type": "string"}

    def snak(prop: str, v: Any) -> dict[str, Any]:
        return {"snaktype": "value", "property": prop, "datavalue": value(v)}

    out: dict[str, list[Any]] = {}
    for prop, statements in claims.items():
        for st in statements:
            main, qualifiers = (st, {}) if not isinstance(st, dict) else (st["v"], st["q"])
            out.setdefault(prop, []).append(
                {
                    "mainsnak": snak(prop, main),
                    "rank": "normal",
                    "qualifiers": {q: [snak(q, v)] for q, v in qualifiers.items()},
                }
            )
    return {"id": qid, "labels": {"en": {"language": "en", "value": label}},
            "modified": "2024-05-05T00:00:00Z", "claims": out}  # fmt: skip


CHAIN = {
    "Q900000001": _item("Q900000001", "Demo Daily", {
        "P31": ["Q11032"],
        "P856": ["https://www.facebook.com/demodaily", "https://demo-daily.example/"],
        "P749": ["Q900000002"],
        "P8324": ["Q900000005"],
    }),
    "Q900000002": _item("Q900000002", "Demo Group", {
        "P31": ["Q783794"],
        "P127": [
            {"v": "Q900000003", "q": {"P582": ("+2020-00-00T00:00:00Z", 9),
                                      "P1107": {"amount": "+0.6", "unit": "1"}}},
            {"v": "Q900000004", "q": {"P580": ("+2020-03-01T00:00:00Z", 11)}},
        ],
    }),
    "Q900000003": _item("Q900000003", "Old Owner", {"P31": ["Q5"]}),
    "Q900000004": _item("Q900000004", "New Owner Holdings", {"P1454": ["Q900000006"]}),
    "Q900000005": _item("Q900000005", "Demo Foundation", {"P31": ["Q157031"]}),
    "Q900000006": _item("Q900000006", "limited liability company", {}),
}  # fmt: skip


def relations_of(session, slug: str, model: Any = Outlet) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    record = session.scalar(select(model).where(model.slug == slug))
    return [
        (r.kind, r.object_entity.slug, r.object_entity.kind, r.share and float(r.share),
         r.since, r.until)
        for r in record.relations
    ]  # fmt: skip


def test_parents_funders_and_owners_of_owners(app, session, tmp_path: Path):
    path = tmp_path / "chain.json"
    path.write_text(json.dumps({"entities": CHAIN}), "utf-8")
    report = run_import(session, path, "wikidata")
    session.commit()
    daily = outlet(session, "demo-daily")
    assert [(r.host, r.role) for r in daily.domains] == [("demo-daily.example", "primary")]
    assert daily.website == "https://demo-daily.example/"
    [left_out] = report.platform_hosts  # the Facebook page given as a website: no rule
    assert "facebook.com/demodaily" in left_out and "a platform's host" in left_out
    assert left_out in report.skipped
    assert relations_of(session, "demo-daily") == [
        ("controlled_by", "demo-group", "company", None, None, None),
        ("funded_by", "demo-foundation", "nonprofit", None, None, None),
    ]
    assert relations_of(session, "demo-group", Entity) == [
        ("owned_by", "old-owner", "person", 60.0, None, dt.date(2020, 1, 1)),
        ("owned_by", "new-owner-holdings", "company", None, dt.date(2020, 3, 1), None),
    ]
    group = session.scalar(select(Entity).where(Entity.slug == "demo-group"))
    assert "end time 2020." in (group.relations[0].note or "")  # the year, as Wikidata says


def test_an_outlet_of_another_item_is_not_taken(app, session, tmp_path: Path):
    path = tmp_path / "chain.json"
    path.write_text(json.dumps({"entities": CHAIN}), "utf-8")
    run_import(session, path, "wikidata")
    session.commit()
    other = dict(CHAIN["Q900000001"], id="Q900000009")  # same website, another item
    path.write_text(json.dumps({"entities": {"Q900000009": other}}), "utf-8")
    report = run_import(session, path, "wikidata")
    assert not report.changed
    assert any("matches outlet 'demo-daily', which is Q900000001" in s for s in report.skipped)


def test_two_statements_of_one_owner_make_one_relation(app, session, tmp_path: Path):
    group = CHAIN["Q900000002"]
    first = group["claims"]["P127"][0]
    claims = {"P31": group["claims"]["P31"], "P127": [first, {**first, "qualifiers": {}}]}
    twice = dict(group, claims=claims)
    data = {"entities": {**CHAIN, "Q900000002": twice}}
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data), "utf-8")
    report = run_import(session, path, "wikidata")
    session.commit()
    assert [r[:2] for r in relations_of(session, "demo-group", Entity)] == [
        ("owned_by", "old-owner")
    ]
    assert any("another statement of the same owned_by" in s for s in report.skipped)
    again = run_import(session, path, "wikidata")
    assert not again.changed
