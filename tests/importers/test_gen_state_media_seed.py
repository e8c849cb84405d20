"""scripts/gen_state_media_seed.py: the generated seed file holds only outlets the seed does
not define, the entities they name, and is a valid dataset that loads beside the seed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from server.dataset import read_dataset
from tests.scripts_loader import load_script

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
gen = load_script("gen_state_media_seed")


def test_generated_file_adds_only_new_outlets_and_their_entities():
    data = gen.shipped(*gen.generate(DATA / "state_media" / "matrix.csv", dt.date(2026, 11, 30)))
    seed_outlets, seed_entities = set(), set()
    for path in (ROOT / "server" / "seed").glob("*.json"):
        if path.name == gen.OUT.name:
            continue
        raw = json.loads(path.read_text("utf-8"))
        seed_outlets |= {o["slug"] for o in raw.get("outlets", [])}
        seed_entities |= {e["slug"] for e in raw.get("entities", [])}
    slugs = [o["slug"] for o in data["outlets"]]
    assert slugs == sorted(slugs) and "france-deux-example" in slugs
    assert not set(slugs) & seed_outlets and "rt" not in slugs
    entities = {e["slug"] for e in data["entities"]}
    assert not entities & seed_entities
    named = {r["object"] for o in data["outlets"] for r in o["relations"]}
    assert named <= entities | seed_entities
    text = json.dumps(data)
    read_dataset("state-media.json", text)  # a valid dataset file
    for outlet in data["outlets"]:
        for fact in [*outlet["relations"], *outlet["labels"]]:
            assert fact["as_of"] == "2024-02-07"
            assert fact["citation"]["accessed"] == "2026-11-30"
