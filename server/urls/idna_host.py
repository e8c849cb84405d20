"""Host names as the browser's URL parser reads them (UTS #46 with the WHATWG URL flags).

The WHATWG URL Standard turns a host into ASCII with UTS #46 ToASCII and these flags:
UseSTD3ASCIIRules, CheckHyphens and VerifyDnsLength off; CheckBidi, CheckJoiners on;
non-transitional processing. So ``☃.rt.com`` is a host (``xn--n3h.rt.com``) although
IDNA 2008 would not let anyone register it, and ``faß.de`` stays distinct from ``fass.de``.

The mapping table, the joiner rules and the Bidi rule come from the ``idna`` package
(``uts46_remap``, ``valid_contextj``, ``check_bidi``); this module only strings them
together in the order UTS #46 section 4 gives, plus one rule that current browsers and
UTS #46 (revision 33) have and older parsers lack: an ``xn--`` label must be the standard
Punycode form of a non-ASCII label (``xn--rt-`` encodes plain "rt" and is refused).

The extension cannot run this code: it asks the browser (``new URL()``) and applies the same
``xn--`` rule with its own Punycode decoder (extension/background/matching/hosts.js).
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache

import idna
from idna.core import check_bidi, uts46_remap, valid_contextj

__all__ = ["MAX_HOST_INPUT", "HostError", "punycode_decode", "to_ascii"]

# idna's own defensive limit on the text it maps; both sides refuse longer hosts.
MAX_HOST_INPUT = 1024
_RTL = frozenset({"R", "AL", "AN"})


class HostError(ValueError):
    """Why a host is not one (the text completes "it is not a valid internationalized name")."""


def punycode_decode(text: str) -> str | None:
    """RFC 3492 decoding of the part after ``xn--``; None when it is not Punycode."""
    try:
        return codecs.decode(text.encode("ascii"), "punycode")
    except (UnicodeError, ValueError):
        return None


def _punycode_encode(text: str) -> str:
    return "xn--" + codecs.encode(text, "punycode").decode("ascii")


def _to_unicode(label: str) -> str:
    """The Unicode form of one mapped label, checking ``xn--`` labels (UTS #46 4.1 step 4)."""
    if not label.startswith("xn--"):
        return label
    if not label.isascii():
        raise HostError(f"the label {label!r} starts with xn-- but is not ASCII")
    decoded = punycode_decode(label[4:])
    if not decoded or decoded.isascii():
        raise HostError(f"the label {label!r} is not the Punycode form of a non-ASCII label")
    try:
        valid = uts46_remap(decoded, std3_rules=False) == decoded
    except (idna.IDNAError, ValueError):
        valid = False
    if not valid or "." in decoded or decoded.startswith("xn--"):
        raise HostError(f"the label {label!r} decodes to a label that is not valid")
    return decoded


def _check_label(label: str, bidi: bool) -> None:
    """UTS #46 4.1 validity criteria 4-7 (NFC and statuses were checked by the mapping)."""
    if not label:
        return
    if unicodedata.category(label[0]).startswith("M"):
        raise HostError(f"the label {label!r} starts with a combining mark")
    for pos, char in enumerate(label):
        if char in "\u200c\u200d":
            try:
                ok = valid_contextj(label, pos)
            except (idna.IDNAError, ValueError):
                ok = False
            if not ok:
                raise HostError(f"the label {label!r} has a joiner where none may be")
    if bidi:
        try:
            check_bidi(label, check_ltr=True)
        except (idna.IDNAError, ValueError):
            raise HostError(f"the label {label!r} breaks the Bidi rule") from None


@lru_cache(maxsize=8192)
def to_ascii(host: str) -> str:
    """UTS #46 ToASCII of a host with the WHATWG URL flags (lower-case, may end with ".").

    Raises ``HostError`` when the browser's URL parser would refuse the host too (or, for
    ``xn--`` labels, where the current standard refuses it). The result is not yet checked
    for the characters a host may contain; callers do that.
    """
    if len(host) > MAX_HOST_INPUT:
        raise HostError(f"it is longer than {MAX_HOST_INPUT} characters")
    try:
        mapped = uts46_remap(host, std3_rules=False)
    except (idna.IDNAError, ValueError) as exc:
        raise HostError(str(exc)) from None
    labels = mapped.split(".")
    ulabels = [_to_unicode(label) for label in labels]
    bidi = any(unicodedata.bidirectional(c) in _RTL for label in ulabels for c in label)
    out = []
    for label, ulabel in zip(labels, ulabels, strict=True):
        _check_label(ulabel, bidi)
        if ulabel.isascii():
            out.append(label)
            continue
        alabel = _punycode_encode(ulabel)
        if label.startswith("xn--") and alabel != label:
            raise HostError(f"the label {label!r} is not written in its standard form")
        out.append(alabel)
    return ".".join(out)
