"""Platform hosts for accounts (rules.json ``platforms``): which hosts are one platform, and
which leading path segments only wrap an account's path.

An outlet's account is a domain rule with a path prefix on the platform's canonical host
(``x.com`` + ``/rt_com``). ``server/matching.py`` folds a host and path with these two pure
functions before matching, and the extension's matcher does the same with the same data.
"""

from __future__ import annotations

from urllib.parse import unquote

from .hosts import host_chain
from .rules import PLATFORMS, Platform

__all__ = [
    "account_host",
    "account_path",
    "account_prefix",
    "is_platform_host",
    "on_platform",
    "path_key",
    "platform_host",
    "platform_hosts",
    "takes_accounts",
]

# alias host -> the platform's canonical host (twitter.com -> x.com)
_ALIASES: dict[str, str] = {a: p.host for p in PLATFORMS for a in p.aliases}
# canonical platform host -> leading segments dropped from its paths (t.me: "/s")
_DROPS: dict[str, tuple[str, ...]] = {p.host: p.drop for p in PLATFORMS if p.drop}
_BY_HOST: dict[str, Platform] = {p.host: p for p in PLATFORMS}
# canonical platform host -> account shapes whose names keep their case (youtube.com:
# ("channel", "*")), and the same hosts as ".youtube.com" to find the hosts below them
_CASED: dict[str, tuple[tuple[str, ...], ...]] = {p.host: p.cased for p in PLATFORMS if p.cased}
_CASED_BELOW: tuple[str, ...] = tuple("." + h for h in _CASED)


def platform_host(host: str) -> str:
    """The platform's canonical host for a lower-case host without ``www.``; other hosts as
    given (``twitter.com`` -> ``x.com``, ``mobile.twitter.com`` stays: the host chain reaches
    ``twitter.com``)."""
    return _ALIASES.get(host, host)


def is_platform_host(host: str) -> bool:
    """Whether a rule host is a platform's (its rules are accounts, not the outlet's site)."""
    return platform_host(host) in _BY_HOST


# A platform's link hosts: their addresses are a video or a redirect, never an account, so
# no rule belongs on them either (see on_platform). Not aliases: matching does not fold them.
LINK_HOSTS: dict[str, str] = {"youtu.be": "youtube.com", "t.co": "x.com", "fb.me": "facebook.com"}


def _exact_forms(host: str, candidate: str) -> bool:
    """Whether ``host`` is ``candidate`` itself or its ``www.`` or ``m.`` form."""
    return host in (candidate, "www." + candidate, "m." + candidate)


def _platform_of(host: str) -> tuple[str, Platform] | None:
    """(the host of ``host``'s chain that is a platform's, the platform), or None. A platform
    marked ``exact`` (rules.json) counts only for the host itself and its www./m. forms:
    ``m.substack.com`` is Substack, ``someone.substack.com`` an ordinary host."""
    for candidate in host_chain(host):
        platform = _BY_HOST.get(platform_host(candidate))
        if platform is not None:
            if platform.exact and not _exact_forms(host, candidate):
                return None
            return candidate, platform
    return None


def on_platform(host: str) -> str | None:
    """The canonical host of the platform ``host`` is on, itself or below it
    (``mobile.twitter.com`` -> ``x.com``, ``m.youtube.com`` -> ``youtube.com``, the link host
    ``youtu.be`` -> ``youtube.com``; ``m.reddit.com`` -> ``reddit.com`` but
    ``someone.substack.com`` -> None, Substack being ``exact``), else None."""
    for candidate in host_chain(host):
        if candidate in LINK_HOSTS:
            return LINK_HOSTS[candidate]
    found = _platform_of(host)
    return found[1].host if found is not None else None


def takes_accounts(platform: str) -> bool:
    """Whether the platform of canonical host ``platform`` has account shapes (rules.json
    ``accounts``); one without (news.google.com, vimeo.com) takes no domain rule at all."""
    found = _BY_HOST.get(platform)
    return found is not None and bool(found.accounts)


def platform_hosts(host: str) -> tuple[str, ...]:
    """Every host of the platform ``host`` belongs to (canonical first), or just ``host``."""
    platform = _BY_HOST.get(platform_host(host))
    return (platform.host, *platform.aliases) if platform else (host,)


def _cased_shapes(host: str) -> tuple[tuple[str, ...], ...]:
    host = platform_host(host)
    shapes = _CASED.get(host)
    if shapes is not None:
        return shapes
    if host.endswith(_CASED_BELOW):  # m.youtube.com
        for below, platform in zip(_CASED_BELOW, _CASED, strict=True):
            if host.endswith(below):
                return _CASED[platform]
    return ()


def path_key(host: str, path: str) -> str:
    """A path, or a rule's path prefix, as matching compares it on ``host`` (lower case, no
    ``www.``; an alias or a host below a platform's counts as the platform): in lower case,
    except the names of the platform's ``cased`` account shapes (rules.json), which are kept
    as written. YouTube channel ids are case-sensitive and its handles are not, so on
    ``youtube.com`` ``/Channel/UCpwvZwUam-URkxB7g4USKpg/Videos`` ->
    ``/channel/UCpwvZwUam-URkxB7g4USKpg/videos`` and ``/@RT`` -> ``/@rt``; on every other
    host the whole path is lowered. Pure; ``path_key(h, p).lower() == p.lower()``."""
    lowered = path.lower()
    if lowered == path or not path.startswith("/") or not _CASED:
        return lowered
    shapes = _cased_shapes(host)
    if not shapes:
        return lowered
    low = lowered.split("/")  # low[0] is "" (the path starts with "/")
    for shape in shapes:
        n = len(shape)
        if len(low) > n and all(want in ("*", low[i + 1]) for i, want in enumerate(shape)):
            kept = path.split("/")
            return "/".join(
                kept[i] if 0 < i <= n and shape[i - 1] == "*" else low[i] for i in range(len(low))
            )
    return lowered


def account_path(host: str, lowered: str) -> str:
    """A path on a canonical platform host, as ``path_key`` gives it, without the segment
    that only wraps an account's path (``t.me`` ``/s/rt_russian/5`` -> ``/rt_russian/5``);
    others as given."""
    drops = _DROPS.get(host)
    if drops:
        for drop in drops:
            n = len(drop)
            if lowered.startswith(drop) and len(lowered) > n + 1 and lowered[n] == "/":
                return lowered[n:]
    return lowered


def _fits(shape: tuple[str, ...], segments: list[str], reserved: frozenset[str]) -> bool:
    if len(segments) < len(shape):
        return False
    for want, seg in zip(shape, segments, strict=False):
        low = seg.lower()
        if want == "@*":
            if not (low.startswith("@") and len(low) > 1):
                return False
        elif want == "*":
            if low in reserved or low.startswith("@") or not unquote(low).strip():
                return False
        elif low != want:
            return False
    return True


def account_prefix(host: str, path: str) -> tuple[str, str] | None:
    """(canonical platform host, account path prefix) of an address on a platform, or None
    when the host is no platform's or the path is no account's (a video, a search, the home
    page). ``("twitter.com", "/RT_com/status/1")`` -> ``("x.com", "/RT_com")``; the prefix
    keeps the address's case (matching ignores it but in the names ``path_key`` keeps)."""
    found = _platform_of(host)  # m.youtube.com, mobile.twitter.com
    if found is None:
        return None
    platform = found[1]
    host = platform.host
    segments = [s for s in path.split("/") if s]
    if segments and "/" + segments[0].lower() in platform.drop and len(segments) > 1:
        segments = segments[1:]
    for shape in platform.accounts:
        if _fits(shape, segments, platform.reserved):
            return host, "/" + "/".join(segments[: len(shape)])
    return None


def account_host(host: str, prefix: str) -> str:
    """The host an account rule is stored on: the platform's canonical host when ``host`` +
    ``prefix`` is an account there (``mobile.twitter.com`` + ``/rt_com`` -> ``x.com``,
    ``m.youtube.com`` -> ``youtube.com``, ``telegram.dog`` -> ``t.me``), else ``host``."""
    if not prefix:
        return host
    found = account_prefix(host, prefix)
    return found[0] if found is not None else host
