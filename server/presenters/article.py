"""An article as lookups show it (the page a reader is on), with its story."""

from __future__ import annotations

from typing import Any

from .values import iso


def article(
    canonical_url: str,
    title: str | None,
    published: Any,
    story_slug: str | None,
    story_title: str | None,
) -> dict[str, Any]:
    return {
        "canonical_url": canonical_url,
        "title": title,
        "published": iso(published),
        "story": {"slug": story_slug, "title": story_title} if story_slug else None,
    }


def hashed_article(
    url_sha256: str,
    canonical_url: str,
    title: str | None,
    published: Any,
    report_links: dict[str, list[Any]],
) -> dict[str, Any]:
    """An article in a hash-prefix bucket (the private lookup: the client never sends the
    URL, it filters the bucket itself)."""
    return {
        "url_sha256": url_sha256,
        "canonical_url": canonical_url,
        "title": title,
        "published": iso(published),
        "report_links": report_links,
    }
