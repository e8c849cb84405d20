"""canonicalize, split, url_sha256 and fold_variants: the rules in the package docstring."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urlsplit

from .errors import MAX_URL_LENGTH, InvalidURL, shorten
from .hosts import bad_host, canonical_host, canonical_ipv6, is_ip, strip_leading
from .rules import INVISIBLE
from .tracking import TrackingTest, tracking_test

__all__ = ["canonicalize", "fold_variants", "split", "split3", "strip_text", "url_sha256"]

# Query parameters that only select the AMP rendering of a page.
_AMP_PARAMS = frozenset({"amp", "_amp"})
_DEFAULT_PORTS = frozenset({80, 443})
_INDEX_FILES = ("/index.html", "/index.htm", "/index.php")
_VARIANT_LABELS = frozenset({"www", "m", "mobile", "amp"})
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# RFC 3986 pchar (unreserved, sub-delims, ":" and "@") plus "/". "?" can only reach the
# query, where it is allowed too; "'" is escaped in the query because browsers do that.
_PATH_CLEAN = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]*")
_PATH_DIRTY = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,;=:@/]")
_QUERY_CLEAN = re.compile(r"[A-Za-z0-9\-._~!$&()*+,;=:@/?]*")
_QUERY_DIRTY = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&()*+,;=:@/?]")
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\]")
_AMP_SUFFIX = re.compile(r"(.+)\.amp((?:\.[A-Za-z0-9]+)?)")
# Invisible characters trimmed from both ends besides whitespace (rules.json "invisible"):
# byte-order mark, zero-width space/joiners, word joiner, soft hyphen, directional marks.
_INVISIBLE_EDGES = "".join(INVISIBLE)


def strip_text(raw: str) -> str:
    """``raw`` without surrounding whitespace and invisible characters."""
    while True:
        stripped = raw.strip().strip(_INVISIBLE_EDGES)
        if stripped == raw:
            return raw
        raw = stripped


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


def _normalize_query(query: str, is_tracking: TrackingTest) -> str:
    pieces = []
    for piece in query.split("&"):
        if not piece:
            continue
        if _QUERY_CLEAN.fullmatch(piece) is None:
            piece = _QUERY_DIRTY.sub(_fix_escape, piece)
        key = piece.partition("=")[0]
        if not is_tracking(key):
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
            raise bad_host(hostport, "an IPv6 address must be written as [address]:port")
        host = canonical_ipv6(inner)
        port = rest[1:]
    else:
        host, _, port = hostport.partition(":")
        if not host:
            raise InvalidURL("no_host", "The URL has no host name (like example.com).")
        if "%" in host:
            try:
                host = unquote(host, errors="strict")
            except UnicodeDecodeError:
                raise bad_host(host, "its percent-escapes are not UTF-8") from None
        host = canonical_host(host)
    if port:
        if not (port.isascii() and port.isdigit()) or int(port) > 65535:
            raise InvalidURL(
                "bad_port",
                f"The port {shorten(port, 20)!r} is not valid: it must be a number 0-65535.",
            )
        number = int(port)
        port = "" if number in _DEFAULT_PORTS else str(number)
    return host, port


def _checked_text(raw: object) -> str:
    """The stripped input string, or InvalidURL for non-strings, empty, long or control text."""
    if not isinstance(raw, str):
        if raw is None:
            raise InvalidURL("empty", "No URL was given.")
        raise InvalidURL("malformed", "The URL must be a string.")
    raw = strip_text(raw)
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
    return raw


def _scheme_error(scheme: str) -> InvalidURL:
    if not scheme:
        msg = "The URL has no scheme; include http:// or https:// at the start."
    else:
        msg = (
            f"Only web addresses are supported, not {shorten(scheme, 20)!r}; "
            "the URL must start with http:// or https://."
        )
    return InvalidURL("unsupported_scheme", msg)


def canonicalize(raw: str) -> str:
    """The canonical ``https://`` form of a URL (see the package docstring for the rules).

    Raises ``InvalidURL`` (and nothing else) when the input is not a usable web address.
    """
    raw = _checked_text(raw)
    try:
        parts = urlsplit(raw)
    except ValueError:
        # urlsplit only complains about the authority (brackets, NFKC-unsafe characters).
        raise InvalidURL("bad_host", "The host part of the URL is not valid.") from None
    if parts.scheme not in ("http", "https"):  # urlsplit lower-cases the scheme
        raise _scheme_error(parts.scheme)
    if not parts.netloc:
        raise InvalidURL(
            "no_host", "The URL has no host name; it should look like https://example.com/page."
        )
    try:
        host, port = _split_netloc(parts.netloc)
        path = _normalize_path(parts.path)
        query = _normalize_query(parts.query, tracking_test(host)) if parts.query else ""
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


def split3(canonical: str) -> tuple[str, str, str, str]:
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
    host, _, path, _ = split3(canonical)
    return host, path


def url_sha256(canonical: str) -> str:
    """Hex SHA-256 of the UTF-8 canonical URL (the article key)."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _is_amp_param(piece: str) -> bool:
    key, _, value = piece.partition("=")
    key = key.lower()
    return key in _AMP_PARAMS or (key == "outputtype" and value.rstrip("/").lower() == "amp")


def _fold_once(url: str) -> str:
    host, port, path, query = split3(url)
    if not is_ip(host):
        host = strip_leading(host, _VARIANT_LABELS)
    if path.startswith("/amp/"):
        path = path[4:]
    if path == "/amp" or path.endswith("/amp"):
        path = path[:-4]
    head, _, last = path.rpartition("/")
    m = _AMP_SUFFIX.fullmatch(last)
    if m:
        path = head + "/" + m.group(1) + m.group(2)
    if query:
        query = "&".join(piece for piece in query.split("&") if not _is_amp_param(piece))
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
