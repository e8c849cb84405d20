"""Small value helpers shared by the extractors: cleaning text, lists, URLs and names."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

_SPACES = re.compile(r"\s+")
_URL_START = re.compile(r"^(https?:)?//", re.I)
BYLINE = re.compile(r"^\s*(by|par|von|por|от)\s+", re.I)
_NAME_SEPARATORS = re.compile(r"\s*(?:;|\||&|\band\b)\s*")


def clean(value: Any) -> str | None:
    """Text with entities decoded and whitespace collapsed; None for non-text or blank."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", html.unescape(value)).strip()
    return value or None


def first(values: Iterable[Any]) -> Any:
    """The first value that is not None or empty."""
    for v in values:
        if v not in (None, "", [], {}):
            return v
    return None


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def is_url(value: str) -> bool:
    """Whether `value` looks like an http(s) or scheme-relative URL rather than a name."""
    return bool(_URL_START.match(value))


def absolute_http_url(url: str | None, base: str) -> str | None:
    """`url` resolved against `base`, when the result is an http or https URL."""
    if not url:
        return None
    url = url.strip()
    absolute = urljoin(base, url) if base else url
    if urlsplit(absolute).scheme.lower() not in ("http", "https"):
        return None
    return absolute


def split_names(text: str) -> list[str]:
    """ "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"]; commas split only full names."""
    text = BYLINE.sub("", text)
    out: list[str] = []
    for part in _NAME_SEPARATORS.split(text):
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all(" " in p for p in pieces if p):
            out.extend(pieces)
        else:
            out.append(part)
    return [p for p in (clean(p) for p in out) if p]
