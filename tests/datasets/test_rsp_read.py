"""Wikipedia's perennial-sources list (CC BY-SA content), both extracts read in place from the
shared datasets folder: every line of audiodude's parse reads, Sputnik's 31 domains are found;
the 2021 CSV reads whole, RT with its path-scoped domain. (The import is
tests/datasets/test_perennial_import.py.)"""

from __future__ import annotations

import pytest

from server.importers.rsp_rows import read_csv_sources, read_sources

pytestmark = pytest.mark.datasets


def test_perennial_sources_list_reads_whole(dataset_file, dataset_report):
    path = dataset_file("wikipedia-perennial-sources/audiodude-rsp-sources.jsonl")
    sources = read_sources(path.read_text(encoding="utf-8"))
    assert len(sources) == 505
    sputnik = next(s for s in sources if s.name.startswith("Sputnik"))
    assert sputnik.status == "d" and len(sputnik.domains) == 31
    dataset_report(
        f"{len(sources)} sources, {sum(len(s.domains) for s in sources)} domains; "
        f"{sum(not s.domains for s in sources)} without a domain"
    )


def test_the_2021_csv_reads_whole_with_rt(dataset_file, dataset_report):
    path = dataset_file("wikipedia-perennial-sources/kudusch-perennial-sources-2021-03-17.csv")
    sources, notes = read_csv_sources(path.read_text(encoding="utf-8"))
    assert len(sources) + len(notes) == 329 and len(notes) == 1  # The Canary
    rt = next(s for s in sources if s.name == "RT (Russia Today)")
    assert (rt.status, rt.year, rt.domains) == ("d", None, [("rt.com", ""), ("rt.com", "/on-air")])
    dataset_report(
        f"{len(sources)} sources, {sum(len(s.domains) for s in sources)} domains, "
        f"{sum(len(s.left_out) for s in sources)} Wikimedia links left out"
    )
