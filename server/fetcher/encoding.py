"""Which text encoding a page's bytes are in, and the page as text."""

from __future__ import annotations

import codecs
import re

_CHARSET_IN_HEADER = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I
)  # <meta charset=x> and <meta http-equiv content="text/html; charset=x">
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: these labels mean windows-1252 on the web.
_ENCODING_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
}


def usable_encoding(label: str | None) -> str | None:
    """The Python codec a charset label names, or None when Python has no such codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _meta_encoding(body: bytes) -> str | None:
    meta = _META_CHARSET.search(body[:4096])
    if not meta:
        return None
    enc = usable_encoding(meta.group(1).decode("ascii", "replace"))
    # A meta tag cannot honestly declare UTF-16: the bytes it is written in say otherwise.
    if enc and not enc.startswith("utf-16") and not enc.startswith("utf_16"):
        return enc
    return None


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The page's encoding: a byte-order mark, else the Content-Type charset, else a
    <meta charset> near the top, else utf-8."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if content_type:
        m = _CHARSET_IN_HEADER.search(content_type)
        if m and (enc := usable_encoding(m.group(1))):
            return enc
    return _meta_encoding(body) or "utf-8"


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The page as text (undecodable bytes replaced) and the encoding used."""
    encoding = detect_encoding(body, content_type)
    return body.decode(encoding, errors="replace"), encoding
