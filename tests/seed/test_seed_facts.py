"""The hand-curated seed's facts are sourced and dated (numbers from scripts/seed_stats.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from server.dataset import read_dataset
from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "server" / "seed"

seed_stats = load_script("seed_stats")


@pytest.fixture(scope="module")
def stats():
    return seed_stats.Stats.of(seed_stats.hand_curated(SEED))


@pytest.fixture(scope="module")
def curated():
    """Each hand-curated file, validated by the dataset schema on its own."""
    return {
        p.name: read_dataset(p.name, p.read_text(encoding="utf-8"))[0]
        for p in seed_stats.hand_curated(SEED)
    }


def test_every_relation_and_label_is_cited_and_dated(curated):
    for data in curated.values():
        items = [r for rec in [*data.outlets, *data.entities] for r in rec.relations or []]
        items += [lab for o in data.outlets for lab in o.labels or []]
        for item in items:
            assert item.citation.url.startswith(("https://", "http://"))
            assert item.as_of is not None


def test_most_citations_say_when_they_were_checked(stats):
    assert stats.accessed_share >= 0.9


def test_no_as_of_date_is_shared_by_more_than_a_tenth_of_relations(stats):
    date, share = stats.top_as_of
    assert share <= 0.10, (date, share)


def test_no_as_of_date_is_shared_by_more_than_a_tenth_of_all_seed_relations():
    """The generated State Media Matrix selection counts too (issue #15's bound)."""
    date, share = seed_stats.Stats.of(sorted(SEED.glob("*.json"))).top_as_of
    assert share <= 0.10, (date, share)


def test_slugs_are_defined_once_across_the_seed():
    outlets: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    for path in sorted(SEED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        outlets.update(o["slug"] for o in data.get("outlets", []))
        entities.update(e["slug"] for e in data.get("entities", []))
    assert [s for s, n in outlets.items() if n > 1] == []
    assert [s for s, n in entities.items() if n > 1] == []


def test_every_relation_names_a_defined_entity():
    entities: set[str] = set()
    objects: set[str] = set()
    for path in sorted(SEED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        entities.update(e["slug"] for e in data.get("entities", []))
        for record in data.get("outlets", []) + data.get("entities", []):
            objects.update(r["object"] for r in record.get("relations") or [])
    assert sorted(objects - entities) == []


def test_every_outlet_has_a_cited_relation(stats):
    """Each outlet names who owns, operates, controls or funds it (or the body that runs it)."""
    assert stats.outlets_without_relations == []
