"""Language tags as BCP 47 spells them ("en-GB", "fr-FR")."""

from __future__ import annotations

import re
from typing import Any

from .values import as_list, clean, first

_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def normalize_language(value: Any) -> str | None:
    """A language tag from a string, a list or a schema.org Language; "fr_FR" -> "fr-FR"."""
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = clean(first(as_list(value)))
    if not text:
        return None
    text = text.replace("_", "-")
    if not _TAG.fullmatch(text):
        return text
    head, *rest = text.split("-")
    return "-".join([head.lower()] + [p.upper() if len(p) == 2 else p for p in rest])
