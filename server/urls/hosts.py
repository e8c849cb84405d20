"""Host names: the one host grammar, IP literals, public suffixes and the host chain.

A host is accepted when the browser's URL parser accepts it (see ``idna_host``) and, after
that conversion to ASCII, it is made of dot-separated labels of ASCII letters, digits, ``-``
and ``_`` (1-63 characters each, 253 in all, one trailing dot allowed). A host whose last
label is a number must be a dotted-quad IPv4 address. Before any conversion, the only ASCII
characters a host may contain are letters, digits, ``-``, ``_`` and ``.``.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

from .errors import InvalidURL, shorten
from .idna_host import HostError, to_ascii

__all__ = [
    "canonical_host",
    "canonical_ipv6",
    "host_chain",
    "is_ip",
    "is_public_suffix",
    "normalize_host",
    "registrable_domain",
    "strip_leading",
]

_MAX_HOST_LENGTH = 253
_WWW_LIKE = ("www",)
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\]")
_ASCII_HOST = re.compile(r"[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*")
# ASCII that no host may contain, even next to characters that IDNA would map.
_ASCII_JUNK = re.compile(r"[\x00-\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]")
_ENDS_IN_NUMBER = re.compile(r"(?:[0-9]+|0x[0-9a-f]*)")
_GRAMMAR = (
    "a host name is made of dot-separated labels of letters, digits, '-' and '_'"
    " (at most 63 characters each, 253 in all)"
)

# Built once: parsing the bundled list takes ~100 ms.
_PSL = PublicSuffixList()


def is_ip(host: str) -> bool:
    """True for the canonical form of an IP literal (``1.2.3.4`` or ``[::1]``)."""
    if not host:
        return False
    if host[0] == "[" or ":" in host:
        return True
    return _ENDS_IN_NUMBER.fullmatch(host.rpartition(".")[2]) is not None


def registrable_domain(host: str) -> str | None:
    """eTLD+1 of ``host`` (``news.bbc.co.uk`` -> ``bbc.co.uk``).

    None for IP literals, public suffixes (``co.uk``, ``github.io``) and empty input.
    Expects a canonical host (lower-case punycode); upper case and a trailing dot are
    tolerated.
    """
    host = host.lower().rstrip(".")
    if not host or is_ip(host):
        return None
    return _PSL.privatesuffix(host)


def is_public_suffix(host: str) -> bool:
    """True when ``host`` is itself a public suffix (``com``, ``co.uk``, ``github.io``).

    Unknown top-level labels count as public suffixes (``localhost``); IPs never do.
    """
    host = host.lower().rstrip(".")
    if not host or is_ip(host):
        return False
    return _PSL.is_public(host)


@lru_cache(maxsize=65536)
def _host_chain(host: str) -> tuple[str, ...]:
    reg = registrable_domain(host)
    if reg is None or len(reg) >= len(host) or not host.endswith("." + reg):
        return (host,)
    chain = [host]
    while len(host) > len(reg):
        host = host.partition(".")[2]
        chain.append(host)
    return tuple(chain)


def host_chain(host: str) -> list[str]:
    """The host, then each parent, most specific first, ending at the registrable domain.

    ``a.b.rt.com`` -> ``["a.b.rt.com", "b.rt.com", "rt.com"]``. For an IP or a host without
    a registrable domain (a public suffix, ``localhost``) this is just ``[host]``.
    Expects a canonical host without a port (as returned by ``split``).
    """
    return list(_host_chain(host.lower().rstrip(".")))


def strip_leading(host: str, labels: frozenset[str] | tuple[str, ...]) -> str:
    """Remove leading labels in ``labels`` while the rest is at least a registrable domain."""
    while True:
        first, dot, rest = host.partition(".")
        if not dot or first not in labels or registrable_domain(rest) is None:
            return host
        host = rest


def bad_host(host: str, why: str) -> InvalidURL:
    return InvalidURL("bad_host", f"The host name {shorten(host)!r} is not valid: {why}.")


@lru_cache(maxsize=8192)
def canonical_host(host: str) -> str:
    """Lower-case/punycode/validate a host (no brackets, no port) and strip ``www.``."""
    original = host
    if not host.isascii() or "xn--" in host.lower():
        if _ASCII_JUNK.search(host):
            raise bad_host(original, _GRAMMAR)
        try:
            host = to_ascii(host)
        except HostError as exc:
            raise bad_host(original, f"it is not a valid internationalized name ({exc})") from None
    host = host.lower()
    if host.endswith("."):
        host = host[:-1]
    if not host:
        raise InvalidURL("no_host", "The URL has no host name (like example.com).")
    if len(host) > _MAX_HOST_LENGTH or _ASCII_HOST.fullmatch(host) is None:
        raise bad_host(original, _GRAMMAR)
    if _ENDS_IN_NUMBER.fullmatch(host.rpartition(".")[2]):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            raise bad_host(
                original, "a host ending in a number must be an IPv4 address like 192.0.2.1"
            ) from None
    if host.startswith("www."):
        host = strip_leading(host, _WWW_LIKE)
    return host


def canonical_ipv6(inner: str) -> str:
    try:
        if "%" in inner:
            raise ValueError("zone identifiers are not allowed")
        return "[" + ipaddress.IPv6Address(inner).compressed + "]"
    except ValueError:
        raise bad_host(f"[{inner}]", "it is not a valid IPv6 address") from None


def normalize_host(text: str) -> str:
    """Validate and normalize a bare host name, e.g. for a domain rule.

    Lower-case, punycode, no trailing dot, leading ``www.`` removed as in ``canonicalize``
    (so a rule's host compares equal to the host of a canonical URL). IPv6 literals come
    back in brackets. Raises ``InvalidURL`` for anything that is not a bare host.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidURL("empty", "No host name was given.")
    text = text.strip()
    if _FORBIDDEN.search(text) or any(c in text for c in "/?#@% "):
        raise bad_host(text, "give a bare host name like example.com, not a URL")
    if text.startswith("[") and text.endswith("]"):
        return canonical_ipv6(text[1:-1])
    if ":" in text:
        try:
            return "[" + ipaddress.IPv6Address(text).compressed + "]"
        except ValueError:
            raise bad_host(text, "give a bare host name without a port") from None
    try:
        return canonical_host(text)
    except InvalidURL as exc:
        if exc.code == "no_host":
            raise InvalidURL("empty", "No host name was given.") from None
        raise
