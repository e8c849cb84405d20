"""Generate server/seed/state-media.json from the State Media Matrix, reproducibly.

    python scripts/gen_state_media_seed.py PATH/TO/State_Media_Matrix.csv --accessed 2026-11-30

Loads the hand-curated seed (every seed file but the generated one) into a scratch SQLite
database, runs the state-media importer over it (the same code as `flask import --format
state-media`, with the access date given), exports the result and keeps the outlets the
import created, with the entities their relations name that the seed does not define. What
the import adds to hand-curated outlets (RT's mirrors, labels on CGTN...) is not written here:
a seed file cannot define an outlet twice, so those stay for `flask import` (see
docs/maintainer-guide.md). The output is sorted by slug, so re-running changes nothing unless
the matrix, the seed or the importer did.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "server" / "seed" / "state-media.json"


def hand_seed(into: Path) -> tuple[set[str], set[str]]:
    """Copy every file of server/seed/ but the generated one into `into`; return the seed's
    outlet and entity slugs."""
    outlets: set[str] = set()
    entities: set[str] = set()
    for path in sorted(OUT.parent.glob("*.json")):
        if path.name == OUT.name:
            continue
        shutil.copy(path, into / path.name)
        data = json.loads(path.read_text("utf-8"))
        outlets.update(o["slug"] for o in data.get("outlets", []))
        entities.update(e["slug"] for e in data.get("entities", []))
    return outlets, entities


def generate(matrix: Path, accessed: dt.date) -> dict[str, Any]:
    from server import create_app, db, migrate
    from server.curation import Actor, Curator
    from server.dataset import export_dataset, import_dataset, read_seed_dir
    from server.importers import state_media

    with tempfile.TemporaryDirectory() as tmp:
        seed_dir = Path(tmp) / "seed"
        seed_dir.mkdir()
        seeded, seeded_entities = hand_seed(seed_dir)
        url = f"sqlite:///{tmp}/scratch.db"
        migrate.upgrade(url, str(ROOT / "migrations"), "head")
        app = create_app({"DATABASE_URL": url, "SEED_DIR": str(seed_dir), "TESTING": True})
        with app.app_context():
            session = db.session()
            data, source = read_seed_dir(seed_dir)
            with Curator(session, Actor(None, "seed")) as cur:
                import_dataset(cur, data, source)
            text = matrix.read_text(encoding="utf-8-sig")
            with Curator(session, Actor(None, f"import:{matrix.name}")) as cur:
                state_media.import_text(cur, text, matrix.name, accessed=accessed)
            dump = export_dataset(session)
            db.engine().dispose()
    return shipped(dump, seeded, seeded_entities)


def shipped(dump: dict[str, Any], seeded: set[str], hand_entities: set[str]) -> dict[str, Any]:
    """The outlets not in the hand-curated seed and the entities only they need."""
    outlets = sorted((o for o in dump["outlets"] if o["slug"] not in seeded), key=_slug)
    named = {r["object"] for o in outlets for r in o.get("relations") or []}
    entities = sorted(
        (e for e in dump["entities"] if e["slug"] in named and e["slug"] not in hand_entities),
        key=_slug,
    )
    for entity in entities:
        entity["relations"] = None  # the import adds none; leave the seed's alone
    return {"format": dump["format"], "entities": entities, "outlets": outlets}


def _slug(record: dict[str, Any]) -> str:
    return str(record["slug"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("matrix", type=Path)
    parser.add_argument("--accessed", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = generate(args.matrix, args.accessed)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['outlets'])} outlets, {len(data['entities'])} entities")


if __name__ == "__main__":
    main()
