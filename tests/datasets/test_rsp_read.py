"""Wikipedia's perennial-sources list (audiodude's parse, CC BY-SA content), read in place from
the shared datasets folder: every line reads, Sputnik's 31 domains are found. (Writing the
status as a label waits for a label kind for raters; see docs/maintainer-guide.md.)"""

from __future__ import annotations

import pytest

from server.importers.rsp_rows import read_sources

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
