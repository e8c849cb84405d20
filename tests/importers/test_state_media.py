"""The State Media Matrix importer on a small hand-written matrix over the seed: assets
become outlets or extend the outlet their host already is, entities are reused by name, a
dry run writes nothing, a second run changes nothing, a bad file names its line."""

from __future__ import annotations

from sqlalchemy import select

from server.curation.report import ChangeReport
from server.importers import run_import
from server.models import DomainRule, Entity, Label, Outlet, Relation, Revision

from .conftest import DATA
from .contract import ImporterCase

MATRIX = DATA / "state_media" / "matrix.csv"
ISSUER = "State Media Monitor (Media and Journalism Research Center)"


def rules_of(session, slug: str) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    outlet = session.scalar(select(Outlet).where(Outlet.slug == slug))
    return {(r.host, r.path_prefix): r.role for r in outlet.domains}


def controller(session, slug: str) -> list[str]:  # type: ignore[no-untyped-def]
    rows = session.execute(
        select(Entity.slug)
        .join(Relation, Relation.object_entity_id == Entity.id)
        .join(Outlet, Relation.subject_outlet_id == Outlet.id)
        .where(Outlet.slug == slug, Relation.kind == "controlled_by")
    )
    return [s for (s,) in rows]


def test_assets_extend_known_outlets_and_become_new_ones(seeded, session):
    rt_relations = len(session.scalar(select(Outlet).where(Outlet.slug == "rt")).relations)
    report = run_import(session, MATRIX, "state-media")
    session.commit()
    assert report.counts["Outlet"] == 8
    rt = rules_of(session, "rt")
    assert rt[("rtde.world", "")] == "mirror" and ("de.rt.com", "") in rt
    rt_outlet = session.scalar(select(Outlet).where(Outlet.slug == "rt"))
    assert len(rt_outlet.relations) == rt_relations  # curated ownership is left alone
    assert [lab.kind for lab in rt_outlet.labels if lab.issuer == ISSUER] == ["state_controlled"]
    assert controller(session, "france-deux-example") == ["france-televisions"]
    assert controller(session, "gazprom-radio-example") == ["gazprom"]
    assert rules_of(session, "bbc-bw") == {("bbc-bw.example", ""): "primary"}
    assert rules_of(session, "zed-news-example") == {
        ("zanis.example", ""): "former",
        ("zanis-new.example", ""): "primary",
    }
    assert rules_of(session, "tvm-example") == {("ortm.example", ""): "primary"}
    assert rules_of(session, "rnm-example") == {("ortm.example", "/rnm"): "primary"}
    assert ("parstoday.example", "") in rules_of(session, "pars-example")


def test_facts_are_cited_and_dated_by_the_source(seeded, session):
    run_import(session, MATRIX, "state-media")
    france2 = session.scalar(select(Outlet).where(Outlet.slug == "france-deux-example"))
    assert france2.country == "FR" and france2.kind == "public_service"
    (label,) = france2.labels
    assert label.issuer == ISSUER and label.kind == "state_funded"
    assert label.text == "State Media Monitor typology: IP (independent public media)"
    assert str(label.as_of) == "2024-02-07"
    assert "ASD-at-GMF/state-media-profiles/blob/" in label.citation.url
    assert label.citation.accessed is not None
    assert france2.relations[0].as_of == label.as_of
    golos = session.scalar(select(Outlet).where(Outlet.slug == "golos-example"))
    assert golos.labels == [] and golos.kind == "unknown"  # 'ISFM?' is uncertain
    texts = [o.description for o in session.scalars(select(Outlet))]
    assert not any("never copied" in (t or "") for t in texts)


def dry_run_shows(report: ChangeReport, lines: list[str]) -> None:
    assert report.created == len(lines)
    assert any(line.startswith("+ outlet 'france-deux-example'") for line in lines)
    # RT's mirrors ship in the seed now (scripts/gen_state_media_seed.py --select): the dry
    # run has nothing to add for them.
    assert not any("host='rtde.world'" in line for line in lines), lines


BAD = [
    ("Europe,Ruritania,X,Y,https://y.example/,SC", "line 3: Country: unknown country name"),
    ("Europe,France,X,Y,https://y.example/,XX", "line 3: Typology: unknown code 'XX'"),
    ("Europe,France,X,,https://y.example/,SC", "line 3: Main assets: this cell is empty"),
    ("Europe,France,X,Y,https://co.uk/,SC", "line 3: URL"),
    ("Europe,France,X,Y,https://exa mple.com/,SC", "line 3: URL"),
]


HEAD = "Region,Country,Media company,Main assets,URL,Typology,Status\n"
GOOD = "Europe,France,France Televisions,France 2,https://france2.example/,IP,\n"
# The dry run, second run and bad files of the importer contract (test_importer_contract.py).
CONTRACT = ImporterCase(
    fmt="state-media",
    seeded=True,
    dry_run_file=MATRIX,
    dry_run_shows=dry_run_shows,
    second_runs=((MATRIX,),),
    bad_files=(
        *(("bad.csv", HEAD + GOOD + row + ",\n", message) for row, message in BAD),
        (
            "bad.csv",
            "Country,Media company,URL\nFrance,X,https://x.example/\n",
            "line 1: missing column",
        ),
    ),
)


def test_label_is_not_added_twice_to_an_outlet_with_it(seeded, session):
    run_import(session, MATRIX, "state-media")
    labels = session.scalars(select(Label).where(Label.issuer == ISSUER)).all()
    assert len(labels) == len({(lab.outlet_id, lab.kind) for lab in labels})
    hosts = session.scalars(select(DomainRule.host)).all()
    assert "www.rt.com" not in hosts


def test_social_links_become_account_rules_citing_their_row(seeded, session):
    report = run_import(session, MATRIX, "state-media")
    session.commit()
    rule = session.scalar(
        select(DomainRule).where(
            DomainRule.host == "instagram.com", DomainRule.path_prefix == "/rt"
        )
    )
    assert rule is not None and rule.role == "account" and rule.outlet.slug == "rt"
    rev = session.scalar(
        select(Revision).where(Revision.record_type == "domain_rule", Revision.record_id == rule.id)
    )
    assert "State Media Matrix" in rev.comment and "line 2" in rev.comment
    assert "accessed 20" in rev.comment
    assert not any("instagram" in reason for reason in report.skipped)
