"""``resolve``: the front door for addresses people paste and datasets list.

trim -> refuse invisible characters left inside -> default the scheme -> canonicalize ->
unwrap. Raises ``InvalidURL`` with the same codes as ``canonicalize``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .canonical import canonicalize, strip_text
from .errors import InvalidURL
from .rules import INVISIBLE
from .unwrap import Via, unwrap_canonical, with_scheme

__all__ = ["Resolved", "front_door", "resolve"]

_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


class Resolved(NamedTuple):
    canonical: str  # canonical URL of the article (not folded: that depends on the rule)
    via: Via | None  # how the input reached it, when it was a wrapper


def front_door(raw: object) -> str:
    """``raw`` trimmed, checked for invisible characters and given a scheme if it lacks one.

    Surrounding whitespace, byte-order marks, zero-width and directional characters are
    removed; one left inside is an error that names it. ``rt.com/news/1`` and
    ``//rt.com/news/1`` become ``https://rt.com/news/1``; ``https:/rt.com`` and
    ``http:rt.com`` get their two slashes, as browsers read them.
    """
    if not isinstance(raw, str):
        canonicalize(raw)  # type: ignore[arg-type]  # raises the usual InvalidURL
    text = strip_text(str(raw))
    bad = _INVISIBLE.search(text)
    if bad:
        char = bad.group()
        raise InvalidURL(
            "malformed",
            f"The URL contains an invisible character, U+{ord(char):04X} {INVISIBLE[char]},"
            f" at position {bad.start() + 1}; delete it and try again.",
        )
    return with_scheme(text, schemeless=True) or text


def resolve(raw: object) -> Resolved:
    """(canonical URL, via) of an address as people write it: the API's and importers' door.

    ``urls.resolve("web.archive.org/web/2017/https://www.rt.com/news/1/")`` ->
    ``("https://rt.com/news/1", Via("archive", "web.archive.org", None))``.
    """
    canonical = canonicalize(front_door(raw))
    _, target, via = unwrap_canonical(canonical)
    return Resolved(target, via)
