"""Which query parameters are tracking on a host (the tracking rules of ``rules.json``).

A parameter is tracking when its key, compared case-insensitively, is one of the params or
starts with one of the prefixes of a rule for every host, or of a rule for the URL's host or
one of its parents up to the registrable domain (a rule for ``nytimes.com`` also covers
``cooking.nytimes.com``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .hosts import _host_chain
from .rules import TRACKING_RULES

__all__ = ["TRACKING_PARAMS", "TRACKING_PREFIXES", "TrackingTest", "tracking_test"]

TrackingTest = Callable[[str], bool]

# The "common" rule, under the names this module has always exported.
TRACKING_PARAMS: frozenset[str] = TRACKING_RULES[0].params
TRACKING_PREFIXES: tuple[str, ...] = TRACKING_RULES[0].prefixes

_GLOBAL_PARAMS = frozenset().union(*(r.params for r in TRACKING_RULES if not r.hosts))
_GLOBAL_PREFIXES = tuple(p for r in TRACKING_RULES if not r.hosts for p in r.prefixes)
_BY_HOST: dict[str, list[tuple[frozenset[str], tuple[str, ...]]]] = {}
for _rule in TRACKING_RULES:
    for _host in _rule.hosts:
        _BY_HOST.setdefault(_host, []).append((_rule.params, _rule.prefixes))


def _test(params: frozenset[str], prefixes: tuple[str, ...]) -> TrackingTest:
    def is_tracking(key: str) -> bool:
        key = key.lower()
        return key in params or key.startswith(prefixes)

    return is_tracking


_GLOBAL_TEST = _test(_GLOBAL_PARAMS, _GLOBAL_PREFIXES)


@lru_cache(maxsize=8192)
def tracking_test(host: str) -> TrackingTest:
    """A function telling whether a query key is a tracking parameter on ``host``.

    ``host`` is canonical (lower case, no port, no ``www.``).
    """
    scoped = [entry for h in _host_chain(host) for entry in _BY_HOST.get(h, ())]
    if not scoped:
        return _GLOBAL_TEST
    params = _GLOBAL_PARAMS.union(*(p for p, _ in scoped))
    prefixes = _GLOBAL_PREFIXES + tuple(x for _, pre in scoped for x in pre)
    return _test(params, prefixes)
