"""`StoreIndex` merges a store file's matching keys with an overlay's: for any rules, any
outlets touched since the file and their new rules, it matches every URL as a
`DomainIndex` of the rules as they are now does (property test; the file is stood in for by
an object answering `host` and `prefix_rule` from a `DomainIndex` of the file's rules)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from server.matching import DomainIndex, Rule, identify, index_key
from server.read.store_model import StoreIndex

HOSTS = ["rt.com", "de.rt.com", "news.de.rt.com", "youtube.com", "bbc.co.uk", "x.com"]
PREFIXES = ["", "/@rt", "/@RT", "/@rt/live", "/news", "/channel/UCpwvZwUam-URkxB7g4USKpg"]
PATHS = ["/", "/@rt", "/@rt/live/now", "/@rte", "/news/a", "/channel/UCpwvZwUam-URkxB7g4USKpg/v"]


class FileStandIn:
    """What `StoreIndex` reads of a `StoreFile` (`longest`, `rules`), from a list of rules."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rule_count = len(rules)
        self._keys: dict[tuple[str, str], list[Rule]] = {}
        self._longest: dict[str, int] = {}
        for rule in sorted(rules, key=lambda r: r.rule_id):
            host, prefix = index_key(rule)
            self._keys.setdefault((host, prefix), []).append(rule)
            self._longest[host] = max(self._longest.get(host, 0), len(prefix))

    def longest(self, host: str) -> int | None:
        return self._longest.get(host)

    def rules(self, host: str, prefix: str) -> tuple[Rule, ...]:
        return tuple(self._keys.get((host, prefix), ()))


@st.composite
def rule_sets(draw: Any) -> tuple[list[Rule], list[Rule], frozenset[int]]:
    """(rules in the file, rules of the touched outlets now, touched outlet ids). Keys may
    repeat (`/@rt` and `/@RT` are one key on YouTube; older data may hold duplicates the
    curation API now refuses): the lowest rule id wins, and when the file's winner belongs
    to a touched outlet the next one must."""
    keys = draw(st.lists(st.tuples(st.sampled_from(HOSTS), st.sampled_from(PREFIXES)), unique=True))
    touched = frozenset(draw(st.sets(st.integers(1, 6))))
    old: list[Rule] = []
    new: list[Rule] = []
    for rule_id, (host, prefix) in enumerate(keys, start=1):
        outlet = draw(st.integers(1, 6))
        fold = draw(st.booleans())
        rule = Rule(host, prefix, outlet, "primary", fold, rule_id)
        where = draw(st.sampled_from(["file", "now", "both"])) if outlet in touched else "file"
        if where in ("file", "both"):
            old.append(rule)
        if where in ("now", "both"):
            new.append(rule._replace(rule_id=rule_id + 1000 if where == "now" else rule_id))
    return old, new, touched


@given(rule_sets())
def test_store_index_matches_as_the_rules_now(
    case: tuple[list[Rule], list[Rule], frozenset[int]],
) -> None:
    old, new, touched = case
    over = DomainIndex(sorted(new, key=lambda r: r.rule_id)) if new else None
    merged = StoreIndex(FileStandIn(old), over, touched)  # type: ignore[arg-type]
    now = [r for r in old if r.outlet_id not in touched] + new
    expected = DomainIndex(sorted(now, key=lambda r: r.rule_id))
    for host in [*HOSTS, "live.youtube.com", "example.org"]:
        for path in PATHS:
            assert merged.match(host, path) == expected.match(host, path), (host, path)
            url = f"https://{host}{path}"
            assert identify(merged, url) == identify(expected, url)
