"""A citation: the source of a fact (the public shape, and the one with its quote)."""

from __future__ import annotations

from typing import Any

from .values import iso


def citation(
    url: str | None, title: Any, publisher: Any, accessed: Any, archived_url: Any
) -> dict[str, Any] | None:
    """A citation as every public record shows it (None when there is none). `accessed` is
    when the source was last checked for the fact; `archived_url` a copy that outlives it."""
    if url is None:
        return None
    return {
        "url": url,
        "title": title,
        "publisher": publisher,
        "accessed": iso(accessed),
        "archived_url": archived_url,
    }


def citation_with_quote(c: Any | None) -> dict[str, Any] | None:
    """The public shape plus the quote: what the dataset format and the curation API carry."""
    if c is None:
        return None
    return {**citation(c.url, c.title, c.publisher, c.accessed, c.archived_url), "quote": c.quote}  # type: ignore[dict-item]
