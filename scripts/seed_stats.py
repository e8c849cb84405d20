"""How well the seed's facts are sourced and dated: python scripts/seed_stats.py [SEED_DIR]

Prints, for the hand-curated seed files (and, separately, for all of server/seed/): outlets,
countries, relations, labels, citations; the share of citations with an access date; the most
common `as_of` and its share of relations; outlets without any relation. Reads the JSON files
as they are (no database); tests/seed/test_seed_facts.py holds the same numbers to targets.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = Path(__file__).resolve().parents[1] / "server" / "seed"

# The files curated by hand (generated importer output, e.g. state-media*.json, is not).
HAND_CURATED = ("entities.json", "outlets-*.json", "markets-*.json", "stories.json")


def hand_curated(seed_dir: Path) -> list[Path]:
    return sorted({p for pattern in HAND_CURATED for p in seed_dir.glob(pattern)})


def citations_of(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every citation inside a record, however deep (outlets, relations, labels, report links)."""
    for key, value in record.items():
        if key == "citation" and isinstance(value, dict):
            yield value
        elif isinstance(value, dict):
            yield from citations_of(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from citations_of(item)


@dataclass
class Stats:
    outlets: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, paths: Iterable[Path]) -> Stats:
        stats = cls()
        for path in paths:
            data = json.loads(path.read_text(encoding="utf-8"))
            stats.outlets += data.get("outlets", [])
            stats.entities += data.get("entities", [])
            for top in ("outlets", "entities", "stories", "articles"):
                for record in data.get(top, []):
                    stats.citations += citations_of(record)
        for record in stats.outlets + stats.entities:
            stats.relations += record.get("relations") or []
        for outlet in stats.outlets:
            stats.labels += outlet.get("labels") or []
        return stats

    @property
    def countries(self) -> set[str]:
        return {o["country"] for o in self.outlets if o.get("country")}

    @property
    def accessed_share(self) -> float:
        dated = sum(1 for c in self.citations if c.get("accessed"))
        return dated / len(self.citations) if self.citations else 0.0

    @property
    def top_as_of(self) -> tuple[str | None, float]:
        """The most common as_of among relations, and its share of them."""
        counts = Counter(r["as_of"] for r in self.relations)
        if not counts:
            return None, 0.0
        date, n = counts.most_common(1)[0]
        return date, n / len(self.relations)

    @property
    def outlets_without_relations(self) -> list[str]:
        return [o["slug"] for o in self.outlets if not o.get("relations")]

    @property
    def founded_share(self) -> float:
        return sum(1 for o in self.outlets if o.get("founded")) / len(self.outlets)

    def lines(self) -> list[str]:
        date, share = self.top_as_of
        bare = self.outlets_without_relations
        return [
            f"outlets: {len(self.outlets)} (with a founding date: {self.founded_share:.0%})",
            f"countries: {len(self.countries)}",
            f"entities: {len(self.entities)}",
            f"relations: {len(self.relations)}",
            f"labels: {len(self.labels)}",
            f"citations: {len(self.citations)}",
            f"citations with an access date: {self.accessed_share:.1%}",
            f"most common relation as_of: {date} ({share:.1%} of relations)",
            f"outlets without any relation: {len(bare)}"
            + (f" ({', '.join(bare)})" if bare else ""),
        ]


def main(argv: list[str]) -> None:
    seed_dir = Path(argv[1]) if len(argv) > 1 else SEED
    print("hand-curated files:")
    for line in Stats.of(hand_curated(seed_dir)).lines():
        print("  " + line)
    every = sorted(seed_dir.glob("*.json"))
    if every != hand_curated(seed_dir):
        print("all seed files:")
        for line in Stats.of(every).lines():
            print("  " + line)


if __name__ == "__main__":
    main(sys.argv)
