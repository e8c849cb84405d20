"""URL canonicalization: one stable string per article, whatever link the reader arrived by.

Pure functions only (no Flask, no database), so the API, the importers, the tests and the
browser extension's JavaScript port can share one definition. The shared test vectors live
in ``tests/vectors/canonical_urls.json``; change a rule here and that file together.

Canonical form
--------------
``canonicalize(raw)`` returns ``https://HOST[:PORT]PATH[?QUERY]``:

* surrounding whitespace is stripped; the input must be at most ``MAX_URL_LENGTH``
  characters and must not contain control characters or backslashes (browsers read a
  backslash as ``/`` and Python does not, so accepting it would make the two disagree);
* the scheme must be ``http`` or ``https`` (any case) followed by ``//``. The canonical
  scheme is always ``https``: an article's identity does not depend on how it was fetched;
* userinfo is dropped; the ports 80 and 443 are dropped (whatever the scheme), others kept;
* the host is lower-cased and converted to punycode with UTS #46 non-transitional
  processing (so ``faß.de`` stays distinct from ``fass.de``), one trailing dot is removed,
  and leading ``www.`` labels are removed while what remains is still at least a
  registrable domain (``www.rt.com`` -> ``rt.com``, but ``www.co.uk`` is left alone).
  Host names may contain ASCII letters, digits, ``-`` and ``_``. IPv4 literals must be
  dotted-quad decimal; a host whose last label is a number is otherwise rejected. IPv6
  literals are written in brackets and serialized in their compressed form;
* the path has its percent-encoding normalized (hex upper-cased, unreserved characters
  ``A-Z a-z 0-9 - . _ ~`` decoded, everything outside the RFC 3986 path characters encoded
  as UTF-8, a stray ``%`` becomes ``%25``), then dot-segments are resolved; an empty path
  becomes ``/``; a trailing ``index.html``, ``index.htm`` or ``index.php`` segment and
  trailing slashes are removed (except for the root ``/``);
* the query is split on ``&``; empty pieces and tracking parameters are removed, each
  piece gets the same percent-encoding normalization (``'`` is encoded as ``%27`` in the
  query, as browsers do), and the pieces are sorted by key (stable for equal keys, by code
  point). ``+`` is left alone. An empty query leaves no ``?``;
* the fragment is dropped.

The result is never longer than ``MAX_URL_LENGTH`` and ``canonicalize`` is idempotent.

Tracking parameters
-------------------
A query parameter is removed when its key, compared case-insensitively, starts with one of
``TRACKING_PREFIXES`` (``utm_``) or is in ``TRACKING_PARAMS``: ``fbclid`` (Facebook),
``gclid``, ``dclid``, ``gbraid``, ``wbraid`` (Google Ads), ``msclkid`` (Microsoft Ads),
``yclid`` (Yandex), ``mc_cid``, ``mc_eid`` (Mailchimp), ``igshid`` (Instagram), ``_ga``,
``_gl`` (Google Analytics linker), ``ocid`` (Microsoft/MSN), ``cmpid`` (campaign id),
``smid`` (New York Times share id), ``ref_src`` and ``__twitter_impression`` (Twitter/X),
``at_medium``, ``at_campaign`` (AT Internet) and ``wt_mc`` (Webtrends).

AMP and mobile variants
-----------------------
``fold_variants(canonical)`` maps AMP and mobile copies onto the main article. Callers
apply it only when the matched domain rule allows it (some outlets really do publish
different things on ``m.`` hosts). It strips leading ``amp.``/``m.``/``mobile.`` host labels
(while what remains is at least a registrable domain), a leading ``/amp/`` or trailing
``/amp`` path segment, an ``.amp`` suffix of the last path segment (``/story.amp`` ->
``/story``, ``/story.amp.html`` -> ``/story.html``) and the query parameters
``outputType=amp``, ``amp`` and ``_amp``; it repeats until nothing changes, so it is
idempotent and its result is canonical.

Why ``urllib.parse`` + ``idna``
-------------------------------
``urllib.parse.urlsplit`` is in the standard library, fast, and lenient: it only cuts the
string into scheme/netloc/path/query/fragment, so every normalization decision above is
made (and tested) here rather than inherited from a parser with its own opinions.
The standard library's ``encodings.idna`` implements IDNA 2003 (it maps ``ß`` to ``ss``);
the ``idna`` package implements IDNA 2008 with the UTS #46 mapping that browsers use.
It is slow (tens of µs per host), so it only runs for non-ASCII hosts and ``xn--`` labels,
and its results are cached.

The public suffix list is the snapshot bundled with the ``publicsuffixlist`` package
(ICANN and private sections, so ``someone.github.io`` is its own registrable domain);
it is loaded once at import and never fetched.

Porting to JavaScript
---------------------
``new URL(s)`` does most of this, but the port must still: reject inputs containing a
backslash or control character, and ones not starting with ``http://`` or ``https://``
(case-insensitive) before calling it; re-check the host with the same character rules;
apply the percent-encoding normalization below to ``pathname`` and to each ``&``-piece of
``search`` (browsers only ever add escapes, and the normalization absorbs them); work on
``search`` with string operations (not ``URLSearchParams``, which turns ``+`` into a space);
and apply the index/slash/tracking/sorting/``www.`` rules with the same public suffix list.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import idna
from publicsuffixlist import PublicSuffixList

__all__ = [
    "ERROR_CODES",
    "MAX_URL_LENGTH",
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "InvalidURL",
    "canonicalize",
    "fold_variants",
    "host_chain",
    "is_public_suffix",
    "normalize_host",
    "registrable_domain",
    "split",
    "url_sha256",
]

MAX_URL_LENGTH = 2048

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "smid",
        "ref_src",
        "__twitter_impression",
        "at_medium",
        "at_campaign",
        "wt_mc",
    }
)
TRACKING_PREFIXES = ("utm_",)

# Query parameters that only select the AMP rendering of a page.
_AMP_PARAMS = frozenset({"amp", "_amp"})

ERROR_CODES = (
    "empty",
    "too_long",
    "unsupported_scheme",
    "no_host",
    "bad_host",
    "bad_port",
    "malformed",
)

_MAX_HOST_LENGTH = 253
_DEFAULT_PORTS = frozenset({80, 443})
_INDEX_FILES = ("/index.html", "/index.htm", "/index.php")
_WWW_LIKE = ("www",)
_VARIANT_LABELS = frozenset({"www", "m", "mobile", "amp"})

# Built once: parsing the bundled list takes ~100 ms.
_PSL = PublicSuffixList()

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# RFC 3986 pchar (unreserved, sub-delims, ":" and "@") plus "/". "?" can only reach the
# query, where it is allowed too; "'" is escaped in the query because browsers do that.
_PATH_CLEAN = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]*")
_PATH_DIRTY = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]")
_QUERY_CLEAN = re.compile(r"[A-Za-z0-9\-._~!$&()*+,;=:@/?]*")
_QUERY_DIRTY = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&()*+,;=:@/?]")
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\]")
_ASCII_HOST = re.compile(r"[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*")
_ENDS_IN_NUMBER = re.compile(r"(?:[0-9]+|0x[0-9a-f]*)")
_AMP_SUFFIX = re.compile(r"(.+)\.amp((?:\.[A-Za-z0-9]+)?)")


class InvalidURL(ValueError):
    """The input cannot be turned into a canonical URL.

    ``code`` is a stable machine-readable reason (one of ``ERROR_CODES``); ``message``
    is a sentence for a human that names the problem.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self):  # keep pickling (e.g. across processes) working
        return (type(self), (self.code, self.message))


# --------------------------------------------------------------------------- hosts


def _is_ip(host: str) -> bool:
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
    if not host or _is_ip(host):
        return None
    return _PSL.privatesuffix(host)


def is_public_suffix(host: str) -> bool:
    """True when ``host`` is itself a public suffix (``com``, ``co.uk``, ``github.io``).

    Unknown top-level labels count as public suffixes (``localhost``); IPs never do.
    """
    host = host.lower().rstrip(".")
    if not host or _is_ip(host):
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


def _strip_leading(host: str, labels: frozenset[str] | tuple[str, ...]) -> str:
    """Remove leading labels in ``labels`` while the rest is at least a registrable domain."""
    while True:
        first, dot, rest = host.partition(".")
        if not dot or first not in labels or registrable_domain(rest) is None:
            return host
        host = rest


def _bad_host(host: str, why: str) -> InvalidURL:
    shown = host if len(host) <= 80 else host[:77] + "..."
    return InvalidURL("bad_host", f"The host name {shown!r} is not valid: {why}.")


@lru_cache(maxsize=8192)
def _canonical_host(host: str) -> str:
    """Lower-case/punycode/validate a host (no brackets, no port) and strip ``www.``."""
    original = host
    if not host.isascii() or "xn--" in host.lower():
        try:
            host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
        except (idna.IDNAError, UnicodeError, ValueError) as exc:
            raise _bad_host(original, f"it is not a valid internationalized name ({exc})") from None
    host = host.lower()
    if host.endswith("."):
        host = host[:-1]
    if not host:
        raise InvalidURL("no_host", "The URL has no host name (like example.com).")
    if len(host) > _MAX_HOST_LENGTH or _ASCII_HOST.fullmatch(host) is None:
        raise _bad_host(
            original,
            "a host name is made of dot-separated labels of letters, digits, '-' and '_'"
            " (at most 63 characters each, 253 in all)",
        )
    if _ENDS_IN_NUMBER.fullmatch(host.rpartition(".")[2]):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            raise _bad_host(
                original, "a host ending in a number must be an IPv4 address like 192.0.2.1"
            ) from None
    if host.startswith("www."):
        host = _strip_leading(host, _WWW_LIKE)
    return host


def _canonical_ipv6(inner: str) -> str:
    try:
        if "%" in inner:
            raise ValueError("zone identifiers are not allowed")
        return "[" + ipaddress.IPv6Address(inner).compressed + "]"
    except ValueError:
        raise _bad_host(f"[{inner}]", "it is not a valid IPv6 address") from None


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
        raise _bad_host(text, "give a bare host name like example.com, not a URL")
    if text.startswith("[") and text.endswith("]"):
        return _canonical_ipv6(text[1:-1])
    if ":" in text:
        try:
            return "[" + ipaddress.IPv6Address(text).compressed + "]"
        except ValueError:
            raise _bad_host(text, "give a bare host name without a port") from None
    try:
        return _canonical_host(text)
    except InvalidURL as exc:
        if exc.code == "no_host":
            raise InvalidURL("empty", "No host name was given.") from None
        raise


# --------------------------------------------------------------------------- paths/queries


def _fix_escape(match: re.Match[str]) -> str:
    s = match.group()
    if len(s) == 3:  # "%XX"
        c = chr(int(s[1:], 16))
        return c if c in _UNRESERVED else s.upper()
    return "".join(f"%{b:02X}" for b in s.encode("utf-8"))


def _normalize_path(path: str) -> str:
    if not path:
        return "/"
    if _PATH_CLEAN.fullmatch(path) is None:
        path = _PATH_DIRTY.sub(_fix_escape, path)
    if "/." in path:
        path = _remove_dot_segments(path)
    while True:
        path = path.rstrip("/")
        for name in _INDEX_FILES:
            if path.endswith(name):
                path = path[: -len(name)]
                break
        else:
            return path or "/"


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4 for an absolute path (the trailing slash is dropped later)."""
    out: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == ".":
            continue
        if segment == "..":
            if out:
                out.pop()
            continue
        out.append(segment)
    return "/" + "/".join(out)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _normalize_query(query: str) -> str:
    pieces = []
    for piece in query.split("&"):
        if not piece:
            continue
        if _QUERY_CLEAN.fullmatch(piece) is None:
            piece = _QUERY_DIRTY.sub(_fix_escape, piece)
        key = piece.partition("=")[0]
        if not _is_tracking(key):
            pieces.append((key, piece))
    if len(pieces) > 1:
        pieces.sort(key=lambda kp: kp[0])  # list.sort is stable
    return "&".join(piece for _, piece in pieces)


# --------------------------------------------------------------------------- canonicalize


def _split_netloc(netloc: str) -> tuple[str, str]:
    """(canonical host, port string or "") from an authority."""
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        inner, bracket, rest = hostport[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _bad_host(hostport, "an IPv6 address must be written as [address]:port")
        host = _canonical_ipv6(inner)
        port = rest[1:]
    else:
        host, _, port = hostport.partition(":")
        if not host:
            raise InvalidURL("no_host", "The URL has no host name (like example.com).")
        if "%" in host:
            try:
                host = unquote(host, errors="strict")
            except UnicodeDecodeError:
                raise _bad_host(host, "its percent-escapes are not UTF-8") from None
        host = _canonical_host(host)
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            shown = port if len(port) <= 20 else port[:17] + "..."
            raise InvalidURL(
                "bad_port", f"The port {shown!r} is not valid: it must be a number 0-65535."
            )
        number = int(port)
        port = "" if number in _DEFAULT_PORTS else str(number)
    return host, port


def canonicalize(raw: str) -> str:
    """The canonical ``https://`` form of a URL (see the module docstring for the rules).

    Raises ``InvalidURL`` (and nothing else) when the input is not a usable web address.
    """
    if not isinstance(raw, str):
        if raw is None:
            raise InvalidURL("empty", "No URL was given.")
        raise InvalidURL("malformed", "The URL must be a string.")
    raw = raw.strip()
    if not raw:
        raise InvalidURL("empty", "No URL was given.")
    if len(raw) > MAX_URL_LENGTH:
        raise InvalidURL(
            "too_long", f"The URL is longer than the {MAX_URL_LENGTH} characters allowed."
        )
    bad = _FORBIDDEN.search(raw)
    if bad:
        what = "a backslash" if bad.group() == "\\" else "a control character"
        raise InvalidURL("malformed", f"The URL contains {what}, which is not allowed.")
    try:
        parts = urlsplit(raw)
    except ValueError:
        # urlsplit only complains about the authority (brackets, NFKC-unsafe characters).
        raise InvalidURL("bad_host", "The host part of the URL is not valid.") from None
    scheme = parts.scheme  # urlsplit lower-cases it
    if scheme not in ("http", "https"):
        if not scheme:
            msg = "The URL has no scheme; include http:// or https:// at the start."
        else:
            shown = scheme if len(scheme) <= 20 else scheme[:17] + "..."
            msg = (
                f"Only web addresses are supported, not {shown!r}; "
                "the URL must start with http:// or https://."
            )
        raise InvalidURL("unsupported_scheme", msg)
    if not parts.netloc:
        raise InvalidURL(
            "no_host", "The URL has no host name; it should look like https://example.com/page."
        )
    try:
        host, port = _split_netloc(parts.netloc)
        path = _normalize_path(parts.path)
        query = _normalize_query(parts.query) if parts.query else ""
    except UnicodeError:  # lone surrogates cannot be percent-encoded as UTF-8
        raise InvalidURL(
            "malformed", "The URL contains characters that are not valid text."
        ) from None
    url = "https://" + host + (":" + port if port else "") + path + ("?" + query if query else "")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(
            "too_long",
            f"The URL is longer than the {MAX_URL_LENGTH} characters allowed once normalized.",
        )
    return url


# --------------------------------------------------------------------------- helpers


def _split3(canonical: str) -> tuple[str, str, str, str]:
    """(host, port, path, query) of a canonical URL, by string operations only."""
    rest = canonical.partition("://")[2]
    slash = rest.find("/")
    if slash < 0:
        hostport, pathquery = rest, "/"
    else:
        hostport, pathquery = rest[:slash], rest[slash:]
    path, _, query = pathquery.partition("?")
    if hostport.startswith("["):
        end = hostport.find("]") + 1
        host, port = hostport[:end], hostport[end + 1 :]
    else:
        host, _, port = hostport.partition(":")
    return host, port, path, query


def split(canonical: str) -> tuple[str, str]:
    """(host, path) of a canonical URL: no port, no query. ``https://rt.com/a?b`` ->
    ``("rt.com", "/a")``."""
    host, _, path, _ = _split3(canonical)
    return host, path


def url_sha256(canonical: str) -> str:
    """Hex SHA-256 of the UTF-8 canonical URL (the article key)."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _fold_once(url: str) -> str:
    host, port, path, query = _split3(url)
    if not _is_ip(host):
        host = _strip_leading(host, _VARIANT_LABELS)
    if path.startswith("/amp/"):
        path = path[4:]
    if path == "/amp" or path.endswith("/amp"):
        path = path[:-4]
    head, _, last = path.rpartition("/")
    m = _AMP_SUFFIX.fullmatch(last)
    if m:
        path = head + "/" + m.group(1) + m.group(2)
    if query:
        kept = []
        for piece in query.split("&"):
            key, _, value = piece.partition("=")
            key = key.lower()
            if key in _AMP_PARAMS or (key == "outputtype" and value.lower() == "amp"):
                continue
            kept.append(piece)
        query = "&".join(kept)
    return "https://" + host + (":" + port if port else "") + path + ("?" + query if query else "")


def fold_variants(canonical: str) -> str:
    """Fold AMP/mobile variants of a canonical URL onto the main article.

    ``https://m.rt.com/amp/news/1?outputType=amp`` -> ``https://rt.com/news/1``.
    The input is canonicalized first and the result is always canonical.
    """
    url = canonicalize(canonical)
    while True:
        folded = canonicalize(_fold_once(url))
        if folded == url:
            return url
        url = folded
