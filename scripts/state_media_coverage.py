"""How many of the State Media Matrix's hosts the shipped seed resolves to the right outlet:
python scripts/state_media_coverage.py [--misses] [MATRIX] [SEED_DIR]

Each distinct current host of the matrix (rows marked "Currently Not Functional" left out) is
resolved as the lookup does (scripts/coverage_report.py: `urls.resolve` then
`matching.identify` over the seed's domain rules, no database). It counts as right when it
reaches an outlet of the asset's country (an asset of no country: any outlet) that is the
outlet most of the asset's hosts reach -- one asset, one outlet, as the importer reconciles it.
tests/seed/test_state_media_coverage.py holds the share to a floor.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "scripts"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from coverage_report import SEED, resolve_slug, seed_index  # noqa: E402

from server.dataset import load_seed_dir  # noqa: E402
from server.importers.state_media_rows import read_assets  # noqa: E402

MATRIX = Path("/work/shared/datasets/state-media-profiles/State_Media_Matrix.csv")


def measure(matrix: Path = MATRIX, seed_dir: Path = SEED) -> tuple[int, list[str]]:
    """(distinct hosts measured, the hosts that miss, each with why)."""
    index, slugs = seed_index(seed_dir)
    country = {o.slug: o.country for o in load_seed_dir(seed_dir).outlets}
    seen: set[str] = set()
    misses: list[str] = []
    for asset in read_assets(matrix.read_text(encoding="utf-8-sig")):
        hosts = [u.host + u.path for u in asset.urls if u.current]
        got = {h: resolve_slug(index, slugs, h) for h in hosts}
        votes = Counter(s for s in got.values() if s)
        main = votes.most_common(1)[0][0] if votes else None
        for host, slug in got.items():
            if host in seen:
                continue
            seen.add(host)
            if slug is None:
                misses.append(f"{host}: no outlet ({asset.name})")
            elif slug != main:
                misses.append(f"{host}: {slug}, the asset's other hosts {main}")
            elif asset.country and country.get(slug) not in (asset.country, None):
                misses.append(f"{host}: {slug} ({country.get(slug)}), asset of {asset.country}")
    return len(seen), misses


def main(argv: list[str]) -> int:
    show = "--misses" in argv
    args = [a for a in argv if a != "--misses"]
    matrix = Path(args[0]) if args else MATRIX
    seed_dir = Path(args[1]) if len(args) > 1 else SEED
    total, misses = measure(matrix, seed_dir)
    right = total - len(misses)
    print(f"state-media hosts resolving to the right outlet: {right}/{total} ({right / total:.1%})")
    if show:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
