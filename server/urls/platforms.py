"""Platform hosts for accounts (rules.json ``platforms``): which hosts are one platform, and
which leading path segments only wrap an account's path.

An outlet's account is a domain rule with a path prefix on the platform's canonical host
(``x.com`` + ``/rt_com``). ``server/matching.py`` folds a host and path with these two pure
functions before matching, and the extension's matcher does the same with the same data.
"""

from __future__ import annotations

from .rules import PLATFORMS

__all__ = ["account_path", "platform_host"]

# alias host -> the platform's canonical host (twitter.com -> x.com)
_ALIASES: dict[str, str] = {a: p.host for p in PLATFORMS for a in p.aliases}
# canonical platform host -> leading segments dropped from its paths (t.me: "/s")
_DROPS: dict[str, tuple[str, ...]] = {p.host: p.drop for p in PLATFORMS if p.drop}


def platform_host(host: str) -> str:
    """The platform's canonical host for a lower-case host without ``www.``; other hosts as
    given (``twitter.com`` -> ``x.com``, ``mobile.twitter.com`` stays: the host chain reaches
    ``twitter.com``)."""
    return _ALIASES.get(host, host)


def account_path(host: str, lowered: str) -> str:
    """A lower-case path on a canonical platform host without the segment that only wraps an
    account's path (``t.me`` ``/s/rt_russian/5`` -> ``/rt_russian/5``); others as given."""
    drops = _DROPS.get(host)
    if drops:
        for drop in drops:
            n = len(drop)
            if lowered.startswith(drop) and len(lowered) > n + 1 and lowered[n] == "/":
                return lowered[n:]
    return lowered
