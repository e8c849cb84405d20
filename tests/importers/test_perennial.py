"""The perennial-sources importer on small hand-written extracts over the seed: each entry
becomes a rater's label (issuer, status, year, cited to the RSP page and dated by the
extract) on the outlets its domains resolve to, path-scoped domains included; no outlet is
created; a second run changes nothing; a bad file names its line and writes nothing."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from server.curation.report import ChangeReport
from server.importers import run_import
from server.importers.perennial import KIND, RSP_URL
from server.importers.rsp_rows import ISSUER
from server.models import Label, Outlet, Revision

from .conftest import DATA
from .contract import ImporterCase

JSONL = DATA / "perennial" / "sources.jsonl"
CSV = DATA / "perennial" / "perennial-sources.csv"


def rsp_labels(session, slug: str) -> list[Label]:  # type: ignore[no-untyped-def]
    outlet = session.scalar(select(Outlet).where(Outlet.slug == slug))
    return [lab for lab in outlet.labels if lab.kind == KIND]


def test_entries_become_labels_on_the_outlets_their_domains_resolve_to(seeded, session):
    outlets = session.scalar(select(func.count()).select_from(Outlet))
    report = run_import(session, JSONL, "perennial")
    session.commit()
    assert session.scalar(select(func.count()).select_from(Outlet)) == outlets
    (sputnik,) = rsp_labels(session, "sputnik")
    assert (sputnik.issuer, sputnik.text) == (ISSUER, "Sputnik: deprecated (last discussed 2022)")
    assert sputnik.as_of == dt.date(2026, 4, 18) and sputnik.since is None
    assert sputnik.until is None
    assert sputnik.citation.url == RSP_URL
    assert sputnik.citation.accessed == dt.date(2026, 4, 18)
    assert "CC BY-SA" in (sputnik.citation.publisher or "")
    # radiosputnik.ria.ru is part of RIA Novosti's site, which the entry does not list.
    assert rsp_labels(session, "ria-novosti") == []
    # A path-scoped entry goes to the outlet whose path rule holds it (itv.com/news).
    (itv,) = rsp_labels(session, "itv-news")
    assert itv.text == "ITV News (politics): generally reliable (last discussed 2024)"
    # Entries of one outlet side by side in its one label, never merged into one verdict.
    assert [lab.text for lab in rsp_labels(session, "bbc")] == [
        "BBC: generally reliable (last discussed 2025); "
        "BBC (blogs): no consensus (last discussed 2020)"
    ]
    texts = " ".join(lab.text or "" for lab in session.scalars(select(Label)))
    assert "SUMMARY" not in texts
    skipped = "\n".join(report.skipped)
    assert "line 4: 'Example Blog' (blog.example): no outlet has its domains, not created" in (
        skipped
    )
    assert "line 5: blogspot.com: a public suffix or a Wikimedia page, left out" in skipped
    assert "radiosputnik.ria.ru is part of 'ria-novosti'" in skipped


def test_the_kudusch_csv_gives_rt_its_status_dated_2021(seeded, session):
    report = run_import(session, CSV, "perennial")
    session.commit()
    (rt,) = rsp_labels(session, "rt")
    assert rt.text == "RT (Russia Today): deprecated"  # the CSV gives no year
    assert rt.as_of == dt.date(2021, 3, 17) and rt.since is None
    (lenta,) = rsp_labels(session, "lenta-ru")
    assert lenta.text == "Lenta.ru: deprecated, blacklisted"
    assert "never copied" not in " ".join(lab.text or "" for lab in session.scalars(select(Label)))
    skipped = "\n".join(report.skipped)
    assert "line 6: The Canary: status" in skipped
    assert "line 7: www.wikidata.org/wiki/q1" in skipped


def test_a_newer_extract_updates_the_label_and_its_history_keeps_the_older(seeded, session):
    run_import(session, CSV, "perennial")
    session.commit()
    report = run_import(session, JSONL, "perennial")
    session.commit()
    (label,) = rsp_labels(session, "sputnik")
    assert (label.text, label.as_of) == (
        "Sputnik: deprecated (last discussed 2022)",
        dt.date(2026, 4, 18),
    )
    assert report.updated == 1  # sputnik; itv-news and bbc are new
    history = session.scalars(
        select(Revision)
        .where(Revision.record_type == "label", Revision.record_id == label.id)
        .order_by(Revision.id)
    ).all()
    assert [r.action for r in history] == ["create", "update"]
    assert history[0].after["text"] == "Sputnik: deprecated"
    assert "kudusch-perennial-sources" not in (history[1].comment or "")
    assert "line 1" in (history[1].comment or "") and "CC BY-SA" in (history[1].comment or "")
    (rt,) = rsp_labels(session, "rt")  # only the 2021 extract has RT
    assert rt.as_of == dt.date(2021, 3, 17)


def test_an_older_extract_leaves_a_newer_label_as_it_is(seeded, session):
    run_import(session, JSONL, "perennial")
    session.commit()
    report = run_import(session, CSV, "perennial")
    session.commit()
    (label,) = rsp_labels(session, "sputnik")
    assert label.as_of == dt.date(2026, 4, 18)
    assert any("'sputnik' has a newer assessment (as of 2026-04-18)" in s for s in report.skipped)


def dry_run_shows(report: ChangeReport, lines: list[str]) -> None:
    assert report.counts["Label"] == 3  # sputnik, itv-news, bbc
    assert any(
        line.startswith("+ label") and "outlet='sputnik'" in line and "rater_assessment" in line
        for line in lines
    )


BAD_JSONL = [
    json.dumps({"id": "A", "name": "A", "status": "gr", "rsp_last": "2020", "domain": "bbc.com"}),
    "",
    json.dumps({"id": "B", "name": "B", "status": "excellent"}),
]
BAD_CSV = (
    "id,name,status,urls\n"
    '1,RT,"[""Deprecated""]","[""rt.com""]"\n'
    '2,Multi,"[""Deprecated""]","[""a.example"",\n""b.example""]"\n'
    '3,Broken,"[Deprecated","[""x.example""]"\n'
)


# The dry run, second run and bad files of the importer contract (test_importer_contract.py).
CONTRACT = ImporterCase(
    fmt="perennial",
    seeded=True,
    dry_run_file=JSONL,
    dry_run_shows=dry_run_shows,
    second_runs=((JSONL, CSV),),
    bad_files=(
        ("bad.jsonl", "\n".join(BAD_JSONL), "bad.jsonl: line 3: status: unknown code 'excellent'"),
        ("bad.csv", BAD_CSV, "bad.csv: line 5: status: not a JSON array"),
        ("cols.csv", "id,name,urls\n1,RT,[]\n", "cols.csv: line 1: missing column(s) 'status'"),
        ("dom.csv", 'name,status,urls\nX,"[""No consensus""]","[""a b.example""]"\n', "line 2"),
    ),
)


def test_the_public_record_shows_the_rater_beside_the_others_and_credits_wikipedia(
    seeded, session, client
):
    run_import(session, JSONL, "perennial")
    session.commit()
    page = client.get("/outlets/sputnik").get_data(as_text=True)
    shown = f"<strong>{ISSUER}</strong>: Sputnik: deprecated (last discussed 2022)"
    assert shown + ' <span class="meta">as of Apr 2026</span>' in page
    assert "Wikipedia contributors, CC BY-SA 4.0" in page
    body = client.get("/api/v1/outlets/sputnik").get_json()
    (rsp,) = [lab for lab in body["labels"] if lab["kind"] == KIND]
    assert (rsp["issuer"], rsp["as_of"], rsp["since"]) == (ISSUER, "2026-04-18", None)
    assert len({lab["issuer"] for lab in body["labels"]}) > 1
    unrated = client.get("/outlets/ria-novosti")
    assert unrated.status_code == 200 and "Credit:" not in unrated.get_data(as_text=True)
