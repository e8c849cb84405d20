"""Unwrapping: the address an archive copy, AMP copy, translation, proxy or click wrapper is of.

``unwrap(raw)`` looks at the canonical form of ``raw``; when its host has unwrap rules
(``rules.json``), the first rule whose path pattern matches says where the wrapped address
is: in a query parameter (percent-decoded; base64url after ``a1`` for Bing), in the path
(Wayback, archive.today, AMP, proxies) or in the host itself (``*.translate.goog``). The
wrapped address is taken only if it is an absolute ``http(s)`` address (or, for rules that
allow it, a host and path without a scheme, read as ``https://``) that canonicalizes;
anything else (``javascript:``, a relative path, a bad host) leaves the URL as it is.
Wrappers may be nested: up to ``MAX_DEPTH`` layers are taken off.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from .canonical import canonicalize, split3
from .errors import InvalidURL
from .idna_host import punycode_decode
from .rules import UNWRAP_RULES, UnwrapRule

__all__ = ["MAX_DEPTH", "Unwrapped", "Via", "unwrap", "unwrap_canonical", "with_scheme"]

MAX_DEPTH = 4
_HTTP = re.compile(r"([Hh][Tt][Tt][Pp][Ss]?):/{0,2}(?!/)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HOSTLIKE = re.compile(r"([^\x00-\x20:/?#@\[\]\\]+|\[[0-9A-Fa-f:.]+\])(:[0-9]+)?(?:[/?#][\s\S]*)?")
_ENCODED_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?%3[Aa]%2[Ff]")
_GROUP = re.compile(r"\{([0-9])\}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class Via:
    """How a URL was reached: the wrapper's kind, its canonical host, and the capture date."""

    kind: str  # archive | amp | translation | proxy | redirect
    host: str
    captured: str | None = None  # ISO date, when the wrapper's address carries one

    def as_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "host": self.host, "captured": self.captured}


class Unwrapped(NamedTuple):
    target: str  # the wrapped address (not yet canonical), or the input when nothing was unwrapped
    via: Via | None


def with_scheme(text: str, schemeless: bool) -> str | None:
    """``text`` as an absolute address, or None.

    ``http:``/``https:`` followed by fewer than two slashes gets two (as browsers read it);
    with ``schemeless``, a text that starts with a host name containing a dot, a host with a
    port, or a bracketed IPv6 address gets ``https://``. Other schemes come back unchanged
    (they are for ``canonicalize`` to refuse); anything else is None.
    """
    m = _HTTP.match(text)
    if m:
        return m.group(1) + "://" + text[m.end() :]
    if text.startswith("//") and schemeless:
        return "https:" + text
    h = _HOSTLIKE.fullmatch(text) if schemeless else None
    if h and ("." in h.group(1).strip(".") or h.group(2) or h.group(1).startswith("[")):
        return "https://" + text
    return text if _SCHEME.match(text) else None


def _captured(text: str | None) -> str | None:
    """ISO date from a capture timestamp (``20170802120000``, ``2017.08.02-120000``)."""
    digits = "".join(c for c in text or "" if "0" <= c <= "9")
    if len(digits) < 8:
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if year < 1991 or not 1 <= month <= 12:
        return None
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= day <= _DAYS[month - 1] + (1 if month == 2 and leap else 0):
        return None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def _percent_decode(text: str) -> str | None:
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None


def _base64(text: str) -> str | None:
    text = text.replace("-", "+").replace("_", "/")
    if not _BASE64.fullmatch(text) or len(text.rstrip("=")) % 4 == 1:
        return None
    try:
        data = base64.b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
        return data.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def _fill(template: str, groups: tuple[str | None, ...]) -> str:
    return _GROUP.sub(lambda m: groups[int(m.group(1))] or "", template)


def _drop(query: str, drop: tuple[str, ...]) -> str:
    def dropped(key: str) -> bool:
        key = key.lower()
        return any(key.startswith(d[:-1]) if d.endswith("*") else key == d for d in drop)

    return "&".join(p for p in query.split("&") if p and not dropped(p.partition("=")[0]))


def _param(query: str, names: tuple[str, ...]) -> str | None:
    """The percent-decoded value of the first of ``names`` present with a value."""
    pieces = [p.partition("=") for p in query.split("&")] if query else []
    for name in names:
        for key, _, value in pieces:
            if key == name and value:
                return _percent_decode(value)
    return None


def _decode_host(rule: UnwrapRule, host: str) -> str | None:
    label, _, rest = host.partition(".")
    if "*." + rest not in rule.hosts:
        return None
    if label.startswith("xn--"):
        label = punycode_decode(label[4:]) or ""
    decoded = label.replace("--", "\0").replace("-", ".").replace("\0", "-")
    return decoded if "." in decoded.strip(".") else None


def _extract(rule: UnwrapRule, host: str, path: str, query: str, groups: tuple) -> str | None:
    """The wrapped address as written in the wrapper, before any checking."""
    if rule.host_encoded:
        decoded = _decode_host(rule, host)
        text = None if decoded is None else "https://" + decoded + path
    elif rule.param:
        value = _param(query, rule.param)
        m = rule.value.fullmatch(value) if rule.value and value is not None else None
        if rule.value and m is None:
            return None
        text = _fill(rule.target, (value, *m.groups())) if m else value
    else:
        text = _fill(rule.target, groups)
    if text and rule.decode == "base64":
        text = _base64(text)
    if text and _ENCODED_URL.match(text):
        text = _percent_decode(text)
    if text and rule.pass_query and query:
        kept = _drop(query, rule.drop)
        text += "?" + kept if kept else ""
    return text or None


@lru_cache(maxsize=4096)
def _rules_for(host: str) -> tuple[UnwrapRule, ...]:
    candidates = {host} | {"*." + host.split(".", i)[-1] for i in range(1, host.count(".") + 1)}
    return tuple(r for r in UNWRAP_RULES if candidates.intersection(r.hosts))


def _step(canonical: str) -> tuple[str, str, Via] | None:
    """One layer off: (target text, target canonical, via), or None."""
    host, _, path, query = split3(canonical)
    for rule in _rules_for(host):
        m = rule.path.fullmatch(path) if rule.path is not None else None
        if rule.path is not None and m is None:
            continue
        groups: tuple[str | None, ...] = (path, *m.groups()) if m else (path,)
        text = _extract(rule, host, path, query, groups)
        text = with_scheme(text, rule.schemeless) if text else None
        if text is None or not _HTTP.match(text):
            return None
        try:
            target = canonicalize(text)
        except InvalidURL:
            return None
        captured = _captured(groups[rule.captured]) if rule.captured else None
        return text, target, Via(rule.kind, host, captured)
    return None


def unwrap_canonical(canonical: str) -> tuple[str, str, Via | None]:
    """(target text, target canonical, via) for a canonical URL, up to ``MAX_DEPTH`` layers.

    ``via`` describes the outermost layer that is not a plain redirect (an archive copy
    reached through a Google link is an archive copy), else the outermost redirect.
    """
    text, current, layers = canonical, canonical, []
    for _ in range(MAX_DEPTH):
        step = _step(current)
        if step is None:
            break
        text, current, via = step
        layers.append(via)
    chosen = next((v for v in layers if v.kind != "redirect"), layers[0] if layers else None)
    return text, current, chosen


def unwrap(raw: str) -> Unwrapped:
    """The address ``raw`` wraps and how (see the module docstring); ``(raw, None)`` if none."""
    try:
        canonical = canonicalize(raw)
    except InvalidURL:
        return Unwrapped(raw, None)
    text, _, via = unwrap_canonical(canonical)
    return Unwrapped(text, via) if via is not None else Unwrapped(raw, None)
