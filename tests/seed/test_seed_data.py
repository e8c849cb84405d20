"""Masthead's own seed: enough coverage, every fact sourced and dated, the reference story."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.curation.identity import normalize_rule_host
from server.dataset import load_seed_dir

SEED = Path(__file__).resolve().parents[2] / "server" / "seed"


@pytest.fixture(scope="module")
def dataset():
    return load_seed_dir(SEED)


def test_at_least_80_outlets_from_20_countries(dataset):
    assert len(dataset.outlets) >= 80
    assert len({o.country for o in dataset.outlets if o.country}) >= 20


@pytest.mark.parametrize(
    "slug",
    [
        "rt",
        "sputnik",
        "tass",
        "cgtn",
        "xinhua",
        "china-daily",
        "global-times",
        "press-tv",
        "telesur",
        "trt-world",
        "anadolu",
        "kcna",
        "bbc",
        "deutsche-welle",
        "france-24",
        "nhk",
        "abc-australia",
        "cbc",
        "npr",
        "pbs",
        "voa",
        "rferl",
        "al-jazeera",
        "reuters",
        "associated-press",
        "afp",
        "new-york-times",
        "ria-novosti",
        "peoples-daily",
        "washington-post",
        "guardian",
        "fox-news",
        "cnn",
        "wall-street-journal",
        "bloomberg",
        "daily-mail",
        "le-monde",
        "der-spiegel",
        "bild",
    ],
)
def test_required_outlets_are_present(dataset, slug):
    assert slug in {o.slug for o in dataset.outlets}


def test_every_edge_and_label_is_cited_and_dated(dataset):
    relations = [r for o in dataset.outlets for r in (o.relations or [])]
    relations += [r for e in dataset.entities for r in (e.relations or [])]
    labels = [lab for o in dataset.outlets for lab in (o.labels or [])]
    assert relations and labels
    for item in relations + labels:
        assert item.citation.url.startswith(("https://", "http://"))
        assert item.as_of is not None


def test_domains_are_normalized_and_unique(dataset):
    seen = set()
    for outlet in dataset.outlets:
        for dom in outlet.domains or []:
            assert normalize_rule_host(dom.host) == dom.host
            key = (dom.host, dom.path_prefix)
            assert key not in seen, key
            seen.add(key)


def test_reference_story_links_rt_to_the_reuters_report(dataset):
    articles = [a for s in dataset.stories for a in s.articles]
    rt = next(a for a in articles if "398374-russia-syria-losses-reuters" in a.url)
    assert rt.outlet == "rt" and str(rt.published) == "2017-08-02"
    disputes = [link for link in rt.report_links or [] if link.relation == "disputes"]
    assert any(
        "reuters.com" in link.report_url and link.report_outlet == "reuters" for link in disputes
    )
