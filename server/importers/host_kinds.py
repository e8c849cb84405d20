"""Hosts that carry no articles a reader opens: CDN, static-asset, API, advertising and
tracking, shop and short-link hosts (pure). Domain lists made for network routing hold many
of them; importers keep them out of an outlet's rules and report them, because a reader on
such a host is not reading the outlet (and a short link is unwrapped before a lookup).
"""

from __future__ import annotations

import re

from .. import urls

# Infrastructure providers: a host under one of these is a delivery endpoint.
CDN_SUFFIXES = (
    "akamaized.net",
    "akamaihd.net",
    "akamai.net",
    "edgekey.net",
    "edgesuite.net",
    "llnwi.net",
    "llnwd.net",
    "cloudfront.net",
    "fastly.net",
    "azureedge.net",
    "h-cdn.com",
    "mp-pxcdn.com",
    "irdeto.com",
    "omtrdc.net",
    "2o7.net",
    "demdex.net",
)
# Well-known link shorteners of news organisations and general ones.
SHORT_LINKS = frozenset(
    {
        "abcn.ws",
        "aje.io",
        "apne.ws",
        "bbc.in",
        "bit.ly",
        "bloom.bg",
        "cnb.cx",
        "cnn.it",
        "econ.st",
        "fxn.ws",
        "huff.to",
        "nbcnews.to",
        "nyti.ms",
        "ow.ly",
        "reut.rs",
        "trib.al",
        "wapo.st",
        "wp.me",
    }
)
_WORDS = (
    ("cdn", re.compile(r"cdn")),
    ("static", re.compile(r"static|img|image|assets?$|^assets")),
    ("api", re.compile(r"^api$|apis?$|^api-")),
    ("shop", re.compile(r"shop|store$|^store")),
    ("ads", re.compile(r"^(ad|ads|adv|adx|adops|track|tracking|stat|stats|metrics|pixel)$")),
    ("infrastructure", re.compile(r"^(dev|staging)$|dns$")),
)


def non_news_reason(host: str, attrs: frozenset[str] = frozenset()) -> str | None:
    """Why `host` is not a host a reader reads articles on ('cdn', 'static', 'api', 'ads',
    'shop', 'infrastructure', 'short link', 'public suffix'), or None for a host that may be.
    `attrs` are the list's attributes of the rule (`ads` marks advertising hosts)."""
    if "ads" in attrs:
        return "ads"
    if urls.registrable_domain(host) is None:
        return "public suffix"
    if any(host == s or host.endswith("." + s) for s in CDN_SUFFIXES):
        return "cdn"
    if urls.registrable_domain(host) in SHORT_LINKS:
        return "short link"
    for label in re.split(r"[.-]", host):
        for reason, pattern in _WORDS:
            if pattern.search(label):
                return reason
    return None
