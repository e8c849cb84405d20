"""The Local News Dataset importer on a small hand-written file in the dataset's shape, over
the seed: one outlet per address, owner spellings reconciled to one entity (the seed's
Nexstar Media Group), messy addresses read, networks' shared sites and curated hosts left
out, facts cited and dated 2018, a dry run writes nothing, a second run changes nothing, a
bad file names its line and writes nothing."""

from __future__ import annotations

from sqlalchemy import select

from server.curation.report import ChangeReport
from server.importers import run_import
from server.importers.local_news import CITATION
from server.models import DomainRule, Entity, Outlet, Relation, Revision

from .conftest import DATA
from .contract import ImporterCase

SAMPLE = DATA / "local_news" / "sample.csv"
HEADER = "name,state,website,domain,twitter,youtube,facebook,owner,medium,source,collection_date\n"


def outlet_of(session, host: str, prefix: str = "") -> Outlet:  # type: ignore[no-untyped-def]
    rule = session.scalar(
        select(DomainRule).where(DomainRule.host == host, DomainRule.path_prefix == prefix)
    )
    assert rule is not None, host
    return rule.outlet  # type: ignore[no-any-return]


def owner_of(outlet: Outlet) -> list[str]:
    return [r.object_entity.slug for r in outlet.relations if r.kind == "owned_by"]


def dry_run_shows(report: ChangeReport, lines: list[str]) -> None:
    assert report.created == len(lines)
    assert any(line.startswith("+ outlet 'kaaa-tx'") or "name='KAAA'" in line for line in lines)
    assert any("host='kccc-example.com' path_prefix='/news'" in line for line in lines), lines


GOOD = "KOK,TX,http://kok.example/,kok.example,,,,Nexstar,TV station,x,2018-08-02\n"
BAD_ROWS = [
    ("KX,TX,http://kx.example/,kx.example,,,,,TV station,x,not a date", "line 3: collection_date"),
    ("KX,TX,http://kx.example/,kx.example,,,,,TV station,x", "line 3: 10 values for 11 columns"),
]
# The dry run, second run and bad files of the importer contract (test_importer_contract.py).
CONTRACT = ImporterCase(
    fmt="local-news",
    seeded=True,
    dry_run_file=SAMPLE,
    dry_run_shows=dry_run_shows,
    second_runs=((SAMPLE,),),
    bad_files=(
        *(("bad.csv", HEADER + GOOD + row + "\n", message) for row, message in BAD_ROWS),
        ("bad.csv", "name,state,website\nKX,TX,http://kx.example/\n", "line 1: missing column"),
    ),
)


def test_owner_spellings_become_one_entity(seeded, session):
    entities = session.scalar(select(Entity.id).order_by(Entity.id.desc()).limit(1))
    run_import(session, SAMPLE, "local-news")
    session.commit()
    nexstar = [outlet_of(session, h) for h in ("kaaa-example.com", "kbbb-example.com")]
    nexstar.append(outlet_of(session, "kccc-example.com", "/news"))
    # 'Nexstar', 'Nexstar Media Group', 'Nexstar Broadcasting': the seed's entity, reused.
    assert [owner_of(o) for o in nexstar] == [["nexstar-media-group"]] * 3
    sinclair = owner_of(outlet_of(session, "keee-example.com"))
    (entity,) = session.scalars(select(Entity).where(Entity.slug == sinclair[0]))
    assert entity.name == "Sinclair Broadcast Group" and entity.id > entities


def test_messy_addresses_are_read_and_shared_sites_left_out(seeded, session):
    report = run_import(session, SAMPLE, "local-news")
    session.commit()
    kbbb = outlet_of(session, "kbbb-example.com")  # no scheme
    assert kbbb.name == "KBBB" and kbbb.website == "https://kbbb-example.com"
    assert outlet_of(session, "keee-example.com").name == "KEEE"  # website no host: domain
    # Repeated rows and a second name on one address: one outlet.
    gazette = outlet_of(session, "hometown.gazette-example.com")
    assert gazette.name == "Hometown Gazette" and gazette.other_names == ["Sister Weekly"]
    assert gazette.relations == []
    hosts = set(session.scalars(select(DomainRule.host)))
    assert "network-example.org" not in hosts  # four stations' network site
    assert outlet_of(session, "rt.com").slug == "rt"  # a curated host is left to its outlet
    reasons = "\n".join(report.skipped)
    assert "network-example.org is the website of 4 differently named rows" in reasons
    assert "KDDD: no website or domain that is a host" in reasons
    assert "KNOSITE: no website or domain that is a host" in reasons
    assert "rt.com already resolves to 'rt'" in reasons
    assert "kfff-example.com: its rows name different owners" in reasons
    assert outlet_of(session, "kfff-example.com").relations == []


def test_facts_are_cited_and_dated_2018(seeded, session):
    run_import(session, SAMPLE, "local-news")
    kaaa = outlet_of(session, "kaaa-example.com")
    assert kaaa.country == "US" and kaaa.kind == "unknown"
    assert kaaa.citation.url == CITATION["url"] and kaaa.citation.accessed is not None
    assert kaaa.description == (
        "TV station in TX, as listed in the Local News Dataset (collected August 2018)."
    )
    (relation,) = kaaa.relations
    assert str(relation.as_of) == "2018-08-02" and relation.citation.url == CITATION["url"]
    assert "may have changed since" in (relation.note or "")
    campus = outlet_of(session, "campusvoice-example.edu")
    assert campus.description is not None and campus.description.startswith("College newspaper")


def test_every_record_has_its_revision_citing_the_rows(seeded, session):
    run_import(session, SAMPLE, "local-news")
    session.commit()
    gazette = outlet_of(session, "hometown.gazette-example.com")
    (rev,) = session.scalars(
        select(Revision).where(Revision.record_type == "outlet", Revision.record_id == gazette.id)
    )
    assert rev.action == "create" and rev.after is not None and rev.after["id"] == gazette.id
    assert rev.comment is not None and "lines 11, 12, 13" in rev.comment
    assert "Leon Yin (MIT)" in rev.comment


def test_an_owner_added_to_the_file_later_is_added(seeded, session, tmp_path):
    text = SAMPLE.read_text("utf-8")
    first = tmp_path / "first.csv"
    first.write_text(text.replace(",Nexstar,TV station", ",,TV station"), "utf-8")
    run_import(session, first, "local-news")
    session.commit()
    assert owner_of(outlet_of(session, "kaaa-example.com")) == []
    again = run_import(session, SAMPLE, "local-news")
    session.commit()
    assert again.counts == {"Relation": 1}
    session.expire_all()  # the session keeps what it loaded across commits
    assert owner_of(outlet_of(session, "kaaa-example.com")) == ["nexstar-media-group"]


def test_relations_are_never_dated_today(seeded, session):
    run_import(session, SAMPLE, "local-news")
    dates = session.scalars(
        select(Relation.as_of)
        .join(Outlet, Relation.subject_outlet_id == Outlet.id)
        .where(Outlet.description.like("%Local News Dataset%"))
    ).all()
    assert dates and {d.isoformat()[:7] for d in dates} == {"2018-08"}


def test_the_record_page_shows_the_2018_date(seeded, session, client):
    run_import(session, SAMPLE, "local-news")
    session.commit()
    slug = outlet_of(session, "kaaa-example.com").slug
    page = client.get(f"/outlets/{slug}").get_data(as_text=True)
    assert "Nexstar Media Group" in page and "as of Aug 2018" in page
