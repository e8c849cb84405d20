"""A label: what a regulator, platform or rater says an outlet is."""

from __future__ import annotations

from typing import Any

from .values import iso


def label_terms(
    kind: str, issuer: str, text: str | None, since: Any, until: Any, as_of: Any
) -> dict[str, Any]:
    """What a label says and when, without its source."""
    return {
        "kind": kind,
        "issuer": issuer,
        "text": text,
        "since": iso(since),
        "until": iso(until),
        "as_of": iso(as_of),
    }


def label(
    kind: str,
    issuer: str,
    text: str | None,
    since: Any,
    until: Any,
    as_of: Any,
    citation: dict[str, Any] | None,
) -> dict[str, Any]:
    """A label as records and the dataset show it."""
    return {**label_terms(kind, issuer, text, since, until, as_of), "citation": citation}
