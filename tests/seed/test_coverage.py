"""The shipped seed recognises the most-visited news sites (scripts/coverage_report.py).

The floors are the figures measured when the lists were built and raised as outlets were
added; a change that drops a site or an article address below them fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[2]

coverage_report = load_script("coverage_report")

# Measured before this branch's additions: sites 87.2%, articles 88.8%; after: 99.5%, 98.1%.
SITES_FLOOR = 0.99
ARTICLES_FLOOR = 0.98
# The held-out list was never used to choose the first additions (57.5% when it was written);
# later rounds were then chosen from its misses (95.0% after), so it is no longer held out.
HOLDOUT_FLOOR = 0.95
# The second held-out list (8.3% when written, 30% after the tier-2/3/4 rounds of 30 Nov);
# never used to choose additions.
HOLDOUT2_FLOOR = 0.30
# The unseen top-200 list (tests/data/coverage/top200-2026-11-30.csv), written on 30 Nov 2026
# without reading the seed: 188/201 = 93.5% when first measured (unseen); 194/201 = 96.5% after the
# tier-8 additions chosen from its misses (so from then on it is no longer unseen).
TOP200_FLOOR = 0.965
# A second unseen list (tests/data/coverage/top200-b-2026-11-30.csv), built on 30 Nov 2026 from
# public traffic rankings without reading the seed or the other lists and measured once:
# 201/211 = 95.3%, every hit checked by eye to be the listed outlet (no wrong-outlet hits).
TOP200B_FLOOR = 0.952


@pytest.fixture(scope="module")
def sites():
    return coverage_report.measure(coverage_report.read_cases(coverage_report.SITES))


@pytest.fixture(scope="module")
def articles():
    return coverage_report.measure(coverage_report.read_cases(coverage_report.URLS))


@pytest.fixture(scope="module")
def holdout():
    return coverage_report.measure(coverage_report.read_cases(coverage_report.HOLDOUT))


def test_the_lists_are_the_size_the_issue_asks_for(sites, articles):
    assert len(sites) >= 200
    assert len(articles) >= 100
    assert len({r.case.country for r in sites}) >= 30


def test_top_news_sites_resolve_to_their_outlet(sites):
    assert coverage_report.share(sites) >= SITES_FLOOR, [
        (r.case.address, r.found) for r in sites if not r.ok
    ]


def test_article_addresses_resolve_to_their_outlet(articles):
    assert coverage_report.share(articles) >= ARTICLES_FLOOR, [
        (r.case.address, r.found) for r in articles if not r.ok
    ]


def test_held_out_sites_keep_their_floor(holdout):
    assert len(holdout) >= 80
    assert coverage_report.share(holdout) >= HOLDOUT_FLOOR, [
        (r.case.address, r.found) for r in holdout if not r.ok
    ]


def test_second_held_out_list_keeps_its_floor():
    holdout2 = coverage_report.measure(coverage_report.read_cases(coverage_report.HOLDOUT2))
    assert len(holdout2) >= 60
    assert coverage_report.share(holdout2) >= HOLDOUT2_FLOOR


def test_unseen_top200_list_keeps_its_floor():
    top200 = coverage_report.measure(coverage_report.read_cases(coverage_report.TOP200))
    assert len(top200) >= 200
    assert len({r.case.country for r in top200}) >= 30
    assert all(not r.case.slug and r.case.name for r in top200)
    assert coverage_report.share(top200) >= TOP200_FLOOR, [
        r.case.address for r in top200 if not r.ok
    ]


def test_second_unseen_top200_list_keeps_its_floor():
    top200b = coverage_report.measure(coverage_report.read_cases(coverage_report.TOP200B))
    assert len(top200b) >= 200
    assert len({r.case.country for r in top200b}) >= 30
    assert all(not r.case.slug and r.case.name and r.case.country for r in top200b)
    assert len({r.case.address for r in top200b}) == len(top200b)
    assert coverage_report.share(top200b) >= TOP200B_FLOOR, [
        r.case.address for r in top200b if not r.ok
    ]


def test_a_row_without_a_slug_counts_any_outlet_and_misses_none():
    covered = coverage_report.Case("https://www.bbc.co.uk/news", "", "GB", "BBC")
    assert coverage_report.Result(covered, "bbc").ok
    assert not coverage_report.Result(covered, None).ok
    assert not coverage_report.Result(coverage_report.Case("bbc.co.uk", "cnn"), "bbc").ok


def test_a_wrong_outlet_is_a_miss_not_a_hit():
    index, slugs = coverage_report.seed_index()
    assert coverage_report.resolve_slug(index, slugs, "https://www.bbc.co.uk/news/1") == "bbc"
    assert coverage_report.resolve_slug(index, slugs, "https://unknown.example/a") is None
    assert coverage_report.resolve_slug(index, slugs, "not a url at all") is None
