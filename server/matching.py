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
case-insensitively but in the names a platform keeps cased (YouTube channel ids:
``urls.platforms.path_key``); the empty prefix matches everything. If that host has rules but none
matches, keep walking up. So ``de.rt.com`` beats ``rt.com``, a rule for ``rt.com`` covers
every other ``*.rt.com`` host, and ``youtube.com`` + ``/@rt`` does not claim the rest of
YouTube. The walk stops at the registrable domain, so a rule can never claim a whole
public suffix (``github.io``, ``co.uk``).

The article key
---------------
``identify(index, canonical)`` turns a canonical URL into the article's key and its rule:
the matched rule's path folds rewrite a leading path prefix (``amp.cnn.com`` drops a leading
``/cnn``: the longest fold prefix that matches, case-insensitively on a ``/`` boundary, is
replaced by the fold's replacement), then, when the rule allows it, ``urls.fold_variants``
folds AMP and mobile variants; the result is matched again and the steps repeat until
nothing changes (at most ``MAX_ROUNDS`` rounds). The write path keys articles with it, the
read path looks them up with it, and the extension's port (``DomainIndex.identify`` in
``extension/background/matching/matcher.js``) runs the shared vectors of
``tests/vectors/article_keys.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from .urls import _host_chain, _strip_leading, canonicalize, fold_variants, split
from .urls.canonical import split3
from .urls.platforms import account_path, path_key, platform_host

__all__ = [
    "MAX_ROUNDS",
    "DomainIndex",
    "PathFold",
    "Rule",
    "fold_path",
    "identify",
    "index_key",
    "path_folds_of",
]

MAX_ROUNDS = 8


class PathFold(NamedTuple):
    """A leading path prefix (lower case, ``/segment...``) and what replaces it (``""`` or a
    canonical ``/segment...``, its case kept)."""

    prefix: str
    replacement: str


NO_FOLDS: tuple[PathFold, ...] = ()


def path_folds_of(stored: Any) -> tuple[PathFold, ...]:
    """A domain rule's stored ``path_folds`` (JSON text, or the list of ``{"prefix",
    "replacement"}`` objects the driver or the ORM returns) as ``PathFold`` tuples."""
    if not stored or stored == "[]":
        return NO_FOLDS
    items = json.loads(stored) if isinstance(stored, str) else stored
    return tuple(PathFold(item["prefix"], item["replacement"]) for item in items)


class Rule(NamedTuple):
    host: str
    path_prefix: str
    outlet_id: int
    role: str
    fold_variants: bool
    rule_id: int
    path_folds: tuple[PathFold, ...] = NO_FOLDS


def _index_host(host: str) -> str:
    """Cheap normalization of a rule host that ``normalize_host`` already validated.

    Lower case, no trailing dot and no leading ``www.`` (canonical URLs never have one).
    """
    host = host.strip().lower().rstrip(".")
    if host.startswith("www."):
        host = _strip_leading(host, ("www",))
    return platform_host(host)


def _index_prefix(prefix: str, host: str) -> str:
    """``""`` for the whole host; otherwise ``/segment...`` as ``path_key`` compares it on
    ``host`` (lower case but a YouTube channel id), no trailing ``/``."""
    prefix = prefix.strip().rstrip("/")
    if prefix and not prefix.startswith("/"):
        prefix = "/" + prefix
    return path_key(host, prefix)


def index_key(rule: Rule) -> tuple[str, str]:
    """(host, path prefix) under which ``DomainIndex`` files a rule: the host as matching
    walks it, the prefix as ``path_key`` compares it (``""`` for the whole host)."""
    host = rule.host
    if not host.islower() or host.endswith(".") or host.startswith("www."):
        host = _index_host(host)
    else:
        host = platform_host(host)
    prefix = rule.path_prefix
    if prefix:
        prefix = _index_prefix(prefix, host)
    return host, prefix


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
            host, prefix = index_key(rule)
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
        for candidate in _host_chain(host.lower()):
            candidate = platform_host(candidate)
            prefixes = prefixed.get(candidate)
            if prefixes is not None:
                lowered = account_path(candidate, path_key(candidate, path))
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


# --------------------------------------------------------------------------- article keys


def _starts(lowered: str, prefix: str) -> bool:
    """``prefix`` matches ``lowered`` on a ``/`` boundary (``/cnn`` matches ``/cnn/x``, not
    ``/cnnx``)."""
    n = len(prefix)
    return lowered.startswith(prefix) and (len(lowered) == n or lowered[n] == "/")


def fold_path(canonical: str, folds: tuple[PathFold, ...]) -> str:
    """``canonical`` with the longest matching fold prefix of its path replaced; canonical.

    ``fold_path("https://amp.cnn.com/cnn/2023/x", (PathFold("/cnn", ""),))`` ->
    ``"https://amp.cnn.com/2023/x"``. Unchanged when no fold matches.
    """
    host, port, path, query = split3(canonical)
    lowered = path.lower()
    best: PathFold | None = None
    for fold in folds:
        prefix = fold.prefix.lower()  # stored lower-cased; an index built by hand may not be
        if _starts(lowered, prefix) and (best is None or len(prefix) > len(best.prefix)):
            best = fold
    if best is None:
        return canonical
    path = best.replacement + path[len(best.prefix) :]
    authority = host + (":" + port if port else "")
    return canonicalize("https://" + authority + (path or "/") + ("?" + query if query else ""))


def _may_fold(canonical: str) -> bool:
    """False when ``urls.fold_variants`` would certainly return the URL unchanged.

    Folding only ever strips ``m.``/``mobile.``/``amp.``/``www.`` host labels and AMP path
    pieces or query parameters (all spelled with "amp"), so a URL with neither cannot change.
    """
    if "amp" in canonical.lower():
        return True
    host = canonical[8:].partition("/")[0]  # canonical URLs are "https://" + host + path
    return host.startswith(("m.", "mobile.", "www."))


def identify(index: DomainIndex, canonical: str) -> tuple[str, Rule | None]:
    """(article key, rule) of a canonical URL: path folds and AMP/mobile folding as the
    matched rule says, repeated until nothing changes (see the module docstring)."""
    url = canonical
    rule = index.match_url(url)
    for _ in range(MAX_ROUNDS):
        if rule is None:
            break
        folded = fold_path(url, rule.path_folds) if rule.path_folds else url
        if rule.fold_variants and _may_fold(folded):
            folded = fold_variants(folded)
        if folded == url:
            break
        url = folded
        rule = index.match_url(url) or rule
    return url, rule
