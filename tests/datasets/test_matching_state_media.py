"""URL-to-outlet matching measured on the ASD State Media Matrix (third-party, MIT).

Data: ``state-media-profiles/State_Media_Matrix.csv`` from ASD-at-GMF/state-media-profiles,
seeded from the State Media Monitor (Media and Journalism Research Center); see SOURCE.md
next to the file. It is read in place and never copied into the repository.

One domain rule per row with a URL (``outlet_id`` = the 1-based data row number). Then, for
every such row, the listed URL, its ``www.`` and ``m.`` variants and a deep article path
under it (on both hosts) must match a rule of the same Media company. Some URLs are listed
by two different companies (e.g. a shared news-agency site); for those rows the match must
be one of the listing companies, and they are reported separately.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from server.matching import DomainIndex, Rule
from server.urls import InvalidURL, canonicalize, split

pytestmark = pytest.mark.datasets

DATASET = "state-media-profiles/State_Media_Matrix.csv"
DEEP_PATH = "/2024/05/17/world/some-article-slug-12345"


def _raw_url(cell: str) -> str:
    cell = cell.strip()
    return cell if "://" in cell else "https://" + cell


def _variants(canonical: str) -> dict[str, str]:
    """The URLs a reader may arrive by, for one listed (canonical) URL."""
    hostport, _, tail = canonical.removeprefix("https://").partition("/")
    path, mark, query = ("/" + tail).partition("?")
    deep_path = path.rstrip("/") + DEEP_PATH
    tracked_query = (query + "&" if query else "") + "utm_source=x&fbclid=y"
    return {
        "listed": canonical,
        "www": f"http://www.{hostport}{path}{mark}{query}",
        "m": f"https://m.{hostport}{path}{mark}{query}",
        "deep": f"https://{hostport}{deep_path}{mark}{query}",
        "m+deep": f"https://m.{hostport}{deep_path}{mark}{query}",
        "www+deep+tracking": f"https://www.{hostport}{deep_path}/?{tracked_query}#comments",
    }


def test_every_listed_url_matches_its_media_company(dataset_file, dataset_report):
    path = dataset_file(DATASET)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "the data set is empty"
    assert {"Media company", "URL"} <= set(rows[0])

    company: dict[int, str] = {}
    listed: list[tuple[int, str]] = []  # (row number, canonical URL)
    skipped: Counter[str] = Counter()
    invalid: list[str] = []
    rules: list[Rule] = []
    owners: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    for number, row in enumerate(rows, start=1):
        cell = (row.get("URL") or "").strip()
        name = (row.get("Media company") or "").strip()
        if not cell:
            skipped["no URL"] += 1
            continue
        if not name:
            skipped["no Media company"] += 1
            continue
        try:
            canonical = canonicalize(_raw_url(cell))
        except InvalidURL as exc:
            skipped[f"URL rejected ({exc.code})"] += 1
            invalid.append(f"row {number}: {cell!r}: {exc.message}")
            continue
        host, url_path = split(canonical)
        prefix = "" if url_path == "/" else url_path
        company[number] = name
        owners[(host, prefix.lower())].add(name)
        listed.append((number, canonical))
        rules.append(Rule(host, prefix, number, "primary", True, number))

    index = DomainIndex(rules)
    assert len(index) == len(rules)

    checked = Counter()
    mismatches: list[str] = []
    ambiguous_rows = 0
    for number, canonical in listed:
        host, url_path = split(canonical)
        prefix = "" if url_path == "/" else url_path
        expected = owners[(host, prefix.lower())]
        if len(expected) > 1:
            ambiguous_rows += 1
        for kind, url in _variants(canonical).items():
            found = index.match_url(canonicalize(url))
            checked[kind] += 1
            got = None if found is None else company[found.outlet_id]
            if got not in expected:
                mismatches.append(
                    f"row {number} {kind} {url}: expected {sorted(expected)}, got {got!r}"
                )

    ambiguous_urls = {key: names for key, names in owners.items() if len(names) > 1}
    report = dataset_report
    report(f"{len(rows)} rows, {len(rules)} rules on {len(owners)} distinct host+prefix pairs")
    report(
        f"skipped {sum(skipped.values())} rows: "
        + (", ".join(f"{n} {why}" for why, n in skipped.most_common()) or "none")
    )
    report(
        f"{ambiguous_rows} rows share {len(ambiguous_urls)} URLs with another Media company;"
        " for them any listing company counts as a match"
    )
    for (host, prefix), names in sorted(ambiguous_urls.items()):
        report(f"    {host}{prefix}: {' / '.join(sorted(names))}")
    report(
        f"checked {sum(checked.values())} URLs ("
        + ", ".join(f"{n} {kind}" for kind, n in checked.items())
        + f"), {len(mismatches)} mismatches"
    )
    for line in invalid + mismatches[:20]:
        report(line)

    assert not invalid, "listed URLs that canonicalize rejects:\n" + "\n".join(invalid)
    assert len(mismatches) == 0, "\n".join(mismatches[:50])
    assert len(listed) > 1000  # the 2024-02-07 snapshot has 1074 rows with a URL
