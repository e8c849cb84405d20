"""How many of the most-visited news sites the shipped seed recognises:
python scripts/coverage_report.py [--misses] [--names] [--names-b] [SEED_DIR]

Reads tests/data/coverage/top-news-sites.csv (host -> expected outlet slug),
tests/data/coverage/top-news-urls.csv (article address -> expected slug) and the held-out
tests/data/coverage/holdout-news-sites.csv (sites never used to choose seed additions, so it
shows how coverage generalises beyond the list they aimed at) and holdout2-news-sites.csv
(written before the additions taken from the first held-out list's misses), resolves each as the
lookup does (``urls.resolve`` then ``matching.identify`` over the seed's domain rules, no
database) and prints the share that reaches the expected outlet, overall and for the
English-language markets. ``--misses`` lists what did not. tests/seed/test_coverage.py holds
the figures to a floor so they cannot regress.

tests/data/coverage/top200-2026-11-30.csv is a list of the ~200 most-visited news sites written
without reading the seed, so its rows carry no expected slug (``slug`` is empty): such a row
counts when its host resolves to an outlet whose domain rule covers the host; ``--names`` prints
each row's listed name beside the outlet it reached, to check by eye that it is the right one.
tests/data/coverage/top200-b-2026-11-30.csv is a second such list, built independently from
public traffic rankings (sources in its header) and measured once; ``--names-b`` prints its rows.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from server import urls  # noqa: E402
from server.dataset import load_seed_dir  # noqa: E402
from server.matching import DomainIndex, Rule, identify, path_folds_of  # noqa: E402

SEED = ROOT / "server" / "seed"
DATA = ROOT / "tests" / "data" / "coverage"
SITES = DATA / "top-news-sites.csv"
URLS = DATA / "top-news-urls.csv"
HOLDOUT = DATA / "holdout-news-sites.csv"  # written after the additions, never used to choose them
HOLDOUT2 = DATA / "holdout2-news-sites.csv"  # written before the additions from HOLDOUT's misses
TOP200 = DATA / "top200-2026-11-30.csv"  # written without reading the seed; no expected slugs
TOP200B = DATA / "top200-b-2026-11-30.csv"  # a second such list, from public traffic rankings
ENGLISH_MARKETS = frozenset({"US", "GB", "IN", "CA", "AU", "IE", "NZ", "ZA", "NG", "PK", "SG"})


@dataclass(frozen=True)
class Case:
    address: str
    slug: str  # "" when the list names no slug: any outlet whose domain rule covers it counts
    country: str = ""
    name: str = ""  # the outlet as the list names it, for reading the results


@dataclass(frozen=True)
class Result:
    case: Case
    found: str | None  # the outlet slug the address resolved to, None when none

    @property
    def ok(self) -> bool:
        if not self.case.slug:
            return self.found is not None
        return self.found == self.case.slug


def read_cases(path: Path) -> list[Case]:
    """The rows of a coverage CSV (`#` lines are comments; the first other line is the header)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    cases = []
    for row in csv.DictReader(lines):
        address = row.get("host") or row.get("url") or ""
        cases.append(
            Case(address, row.get("slug") or "", row.get("country") or "", row.get("name") or "")
        )
    return cases


def seed_index(seed_dir: Path = SEED) -> tuple[DomainIndex, dict[int, str]]:
    """The seed's domain rules as a DomainIndex, and outlet id -> slug."""
    data = load_seed_dir(seed_dir)
    rules: list[Rule] = []
    slugs: dict[int, str] = {}
    for outlet_id, outlet in enumerate(data.outlets):
        slugs[outlet_id] = outlet.slug
        for dom in outlet.domains or []:
            rules.append(
                Rule(
                    dom.host,
                    dom.path_prefix,
                    outlet_id,
                    dom.role,
                    dom.fold_variants,
                    len(rules),
                    path_folds_of(dom.path_folds),
                )
            )
    return DomainIndex(rules), slugs


def resolve_slug(index: DomainIndex, slugs: dict[int, str], address: str) -> str | None:
    """The outlet slug an address (a URL, or a bare host with an optional path) reaches."""
    try:
        canonical = urls.resolve(address).canonical
    except urls.InvalidURL:
        return None
    _, rule = identify(index, canonical)
    return slugs[rule.outlet_id] if rule else None


def measure(cases: list[Case], seed_dir: Path = SEED) -> list[Result]:
    index, slugs = seed_index(seed_dir)
    return [Result(c, resolve_slug(index, slugs, c.address)) for c in cases]


def share(results: list[Result]) -> float:
    return sum(r.ok for r in results) / len(results) if results else 0.0


def main(argv: list[str]) -> int:
    show_misses = "--misses" in argv
    show_names = "--names" in argv
    show_names_b = "--names-b" in argv
    args = [a for a in argv if a not in ("--misses", "--names", "--names-b")]
    seed_dir = Path(args[0]) if args else SEED
    sites = measure(read_cases(SITES), seed_dir)
    english = [r for r in sites if r.case.country in ENGLISH_MARKETS]
    articles = measure(read_cases(URLS), seed_dir)
    holdout = measure(read_cases(HOLDOUT), seed_dir)
    holdout2 = measure(read_cases(HOLDOUT2), seed_dir)
    top200 = measure(read_cases(TOP200), seed_dir)
    top200b = measure(read_cases(TOP200B), seed_dir)
    countries = {r.case.country for r in sites}
    print(f"top news sites: {sum(r.ok for r in sites)}/{len(sites)} = {share(sites):.1%}")
    print(f"  of which English-language markets: {sum(r.ok for r in english)}/{len(english)}")
    print(f"  = {share(english):.1%} ({len(countries)} countries in the list)")
    print(f"article URLs: {sum(r.ok for r in articles)}/{len(articles)} = {share(articles):.1%}")
    print(f"held-out sites: {sum(r.ok for r in holdout)}/{len(holdout)} = {share(holdout):.1%}")
    hits2 = sum(r.ok for r in holdout2)
    print(f"second held-out list: {hits2}/{len(holdout2)} = {share(holdout2):.1%}")
    hits200 = sum(r.ok for r in top200)
    print(f"unseen top-200 list: {hits200}/{len(top200)} = {share(top200):.1%}")
    hits200b = sum(r.ok for r in top200b)
    print(f"unseen top-200 list B: {hits200b}/{len(top200b)} = {share(top200b):.1%}")
    if show_names:
        for result in top200:
            print(f"  {result.case.address}: {result.case.name} -> {result.found}")
    if show_names_b:
        for result in top200b:
            print(f"  {result.case.address}: {result.case.name} -> {result.found}")
    if show_misses:
        for result in [*sites, *articles, *holdout, *holdout2, *top200, *top200b]:
            if not result.ok:
                print(f"  miss: {result.case.address} -> {result.found} (want {result.case.slug})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
