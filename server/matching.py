"""Which domain rule, and so which outlet, a canonical URL belongs to.

Pure and in-memory: the caller loads the rules (from the ``domain_rules`` table) into a
``DomainIndex`` and swaps in a new index when they change. Matching is a handful of dict
lookups, so the index can sit in front of every request.

Matching
--------
Walk ``host_chain(host)`` (the host, then its parents, down to the registrable domain),
most specific first. At the first host that has rules, take the rule with the longest
path prefix that matches the path; a prefix matches when it equals the path or is
followed in it by ``/`` (``/@rt`` matches ``/@rt`` and ``/@rt/videos``, not ``/@rte``),
case-insensitively; the empty prefix matches everything. If that host has rules but none
matches, keep walking up. So ``de.rt.com`` beats ``rt.com``, a rule for ``rt.com`` covers
every other ``*.rt.com`` host, and ``youtube.com`` + ``/@rt`` does not claim the rest of
YouTube. The walk stops at the registrable domain, so a rule can never claim a whole
public suffix (``github.io``, ``co.uk``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .urls import _host_chain, _strip_leading, split

__all__ = ["DomainIndex", "Rule"]


class Rule(NamedTuple):
    host: str
    path_prefix: str
    outlet_id: int
    role: str
    fold_variants: bool
    rule_id: int


def _index_host(host: str) -> str:
    """Cheap normalization of a rule host that ``normalize_host`` already validated.

    Lower case, no trailing dot and no leading ``www.`` (canonical URLs never have one).
    """
    host = host.strip().lower().rstrip(".")
    if host.startswith("www."):
        host = _strip_leading(host, ("www",))
    return host


def _index_prefix(prefix: str) -> str:
    """``""`` for the whole host; otherwise ``/segment...`` lower-cased, no trailing ``/``."""
    prefix = prefix.strip().lower().rstrip("/")
    if prefix and not prefix.startswith("/"):
        prefix = "/" + prefix
    return prefix


class DomainIndex:
    """host -> {path prefix -> rule}.

    Matching a path looks up its own ``/``-boundary prefixes, longest first, so the cost
    depends on the path's depth, not on how many rules a host has (YouTube may carry
    thousands of channel rules). Two rules with the same host and prefix: the first wins.
    """

    __slots__ = ("_count", "_longest", "_prefixed", "_whole")

    def __init__(self, rules: Iterable[Rule]) -> None:
        whole: dict[str, Rule] = {}  # host -> its rule with the empty prefix
        prefixed: dict[str, dict[str, Rule]] = {}  # host -> {prefix: rule}
        longest: dict[str, int] = {}  # host -> length of its longest prefix
        count = 0
        for rule in rules:
            count += 1
            host = rule.host
            if not host.islower() or host.endswith(".") or host.startswith("www."):
                host = _index_host(host)
            prefix = rule.path_prefix
            if prefix:
                prefix = _index_prefix(prefix)
            if not prefix:
                whole.setdefault(host, rule)
                continue
            prefixes = prefixed.get(host)
            if prefixes is None:
                prefixed[host] = {prefix: rule}
                longest[host] = len(prefix)
            else:
                prefixes.setdefault(prefix, rule)
                if len(prefix) > longest[host]:
                    longest[host] = len(prefix)
        self._whole = whole
        self._prefixed = prefixed
        self._longest = longest
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        hosts = len(self._whole.keys() | self._prefixed.keys())
        return f"<DomainIndex {self._count} rules on {hosts} hosts>"

    def match(self, host: str, path: str) -> Rule | None:
        """The rule for a canonical host (no port) and path, or None."""
        whole = self._whole
        prefixed = self._prefixed
        lowered = None
        for candidate in _host_chain(host.lower()):
            prefixes = prefixed.get(candidate)
            if prefixes is not None:
                if lowered is None:
                    lowered = path.lower()
                longest = self._longest[candidate]
                if len(lowered) <= longest:
                    rule = prefixes.get(lowered)
                    if rule is not None:
                        return rule
                # Cut the path at each "/" no further in than the longest prefix.
                i = lowered.rfind("/", 1, longest + 1)
                while i > 0:
                    rule = prefixes.get(lowered[:i])
                    if rule is not None:
                        return rule
                    i = lowered.rfind("/", 1, i)
            rule = whole.get(candidate)
            if rule is not None:
                return rule
        return None

    def match_url(self, canonical: str) -> Rule | None:
        """``match`` on the host and path of a canonical URL."""
        host, path = split(canonical)
        return self.match(host, path)
