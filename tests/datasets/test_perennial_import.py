"""The perennial-sources importer on both real extracts of Wikipedia's "Reliable
sources/Perennial sources" (CC BY-SA content), read in place from the shared datasets folder,
into the seeded database, the older first: every label lands on an outlet that existed (none
is created), one per outlet, each a rater's assessment issued by Wikipedia editors, cited to
the RSP page and dated by its extract; RT's status comes from the Kudusch CSV (audiodude's
parse has no RT row); the public API shows it beside the regulators' and State Media
Monitor's labels; a second run changes nothing."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from server.importers import run_import
from server.importers.perennial import KIND, RSP_URL
from server.importers.rsp_rows import ISSUER
from server.models import Label, Outlet

from .conftest import count

pytestmark = pytest.mark.datasets

AUDIODUDE = "wikipedia-perennial-sources/audiodude-rsp-sources.jsonl"
KUDUSCH = "wikipedia-perennial-sources/kudusch-perennial-sources-2021-03-17.csv"


def test_both_extracts_label_known_outlets_only(
    seeded, session, client, dataset_file, dataset_report
):
    outlets = count(session, Outlet)
    started = time.perf_counter()
    reports = {}
    for name in (KUDUSCH, AUDIODUDE):
        reports[name] = run_import(session, dataset_file(name), "perennial")
        session.commit()
    seconds = time.perf_counter() - started
    assert count(session, Outlet) == outlets
    labels = session.scalars(select(Label).where(Label.kind == KIND)).all()
    assert len(labels) > 60
    assert len({lab.outlet_id for lab in labels}) == len(labels)  # one per outlet
    dates = {lab.as_of.isoformat() for lab in labels}
    assert dates == {"2021-03-17", "2026-04-18"}
    assert all(lab.issuer == ISSUER and lab.citation.url == RSP_URL for lab in labels)
    assert all(lab.since is None and lab.until is None for lab in labels)
    rt = session.scalar(select(Outlet).where(Outlet.slug == "rt"))
    rsp = [(lab.text, lab.as_of.isoformat()) for lab in rt.labels if lab.kind == KIND]
    assert rsp == [("RT (Russia Today): deprecated", "2021-03-17")]
    sputnik = session.scalar(select(Outlet).where(Outlet.slug == "sputnik"))
    assert "Sputnik: deprecated (last discussed 2022)" in [lab.text for lab in sputnik.labels]
    # Raters side by side: the record shows each label with its issuer, none merged.
    body = client.get("/api/v1/outlets/rt").get_json()
    issuers = {lab["issuer"] for lab in body["labels"]}
    assert ISSUER in issuers and len(issuers) > 3
    for name in (KUDUSCH, AUDIODUDE):
        again = run_import(session, dataset_file(name), "perennial")
        assert not again.changed
        session.rollback()
    labelled = len(labels)
    newer = sum(lab.as_of.isoformat() == "2026-04-18" for lab in labels)
    unmatched = {
        name: sum("not created" in s for s in report.skipped) for name, report in reports.items()
    }
    dataset_report(
        f"{labelled} of {outlets} seeded outlets labelled ({newer} as of 2026-04-18) in "
        f"{seconds:.1f} s; "
        f"entries matching no outlet: {unmatched[KUDUSCH]} (Kudusch), "
        f"{unmatched[AUDIODUDE]} (audiodude)"
    )
