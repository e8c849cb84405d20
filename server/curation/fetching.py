"""Filling an article or report link from its page: the fetcher's metadata, turned into the
fields a curator would otherwise type (title, date, author, outlet, ClaimReview rating).

The maintainer's explicit fields always win; a fetch that fails is an error (FetchFailed),
never a silently empty record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import MastheadError
from ..fetcher import FetchError, FetchPolicy, PageMetadata, fetch_metadata

# Refusals and pages we cannot use are the request's fault (422); transport failures are the
# remote side's (502).
CLIENT_SIDE = frozenset(
    {"refused_scheme", "refused_port", "refused_address", "not_html", "too_large"}
)


class FetchFailed(MastheadError):
    """The page could not be fetched; `code` is the fetcher's reason (e.g. refused_address)."""

    def __init__(self, url: str, error: FetchError, *, field: str = "url") -> None:
        super().__init__(
            f"could not fetch {url}: {error.message}",
            field=field,
            code=error.code,
            extra={"fetch_error": error.code},
        )
        self.status = 422 if error.code in CLIENT_SIDE else 502


Fetcher = Callable[[str], PageMetadata]


def policy_fetcher(policy: FetchPolicy) -> Fetcher:
    return lambda url: fetch_metadata(url, policy)


def app_fetcher() -> Fetcher:
    """The fetcher configured for the current app (MASTHEAD_FETCH_ALLOW), else the env's."""
    from flask import current_app, has_app_context

    if has_app_context():
        return policy_fetcher(FetchPolicy.from_string(current_app.config["FETCH_ALLOW"]))
    return policy_fetcher(FetchPolicy.from_env())


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date of an ISO-ish date string as published by the page ("2017-08-02T...")."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        from dateutil import parser

        return parser.parse(value).date()
    except (ValueError, OverflowError):
        return None


@dataclass
class Fill:
    """What a fetched page gives: candidate values for an article or a report link."""

    url: str
    title: str | None = None
    published: dt.date | None = None
    author: str | None = None
    language: str | None = None
    rating: str | None = None
    outlet_id: int | None = None
    outlet_slug: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "author": self.author,
            "language": self.language,
            "rating": self.rating,
            "outlet": self.outlet_slug,
            "metadata": self.metadata,
        }


def authors_text(authors: list[str]) -> str | None:
    text = ", ".join(a for a in authors if a)
    return text[:300] if text else None


def language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().replace("_", "-").lower()
    head = code.split("-", 1)[0]
    return head if 2 <= len(head) <= 3 and head.isalpha() else None


def fill_from(meta: PageMetadata, match_outlet: Callable[[str], Any]) -> Fill:
    """`match_outlet(url)` returns the outlet (with .id and .slug) a URL belongs to, or None.

    The outlet is matched on the requested URL, then the final URL after redirects, then the
    page's declared canonical URL (a page served from a test host or a CDN still names its
    real site there)."""
    outlet = None
    for candidate in (meta.url, meta.final_url, meta.canonical_url):
        if candidate:
            outlet = match_outlet(candidate)
            if outlet is not None:
                break
    review = meta.claim_review or {}
    title = (meta.title or "")[:500] or None
    return Fill(
        url=meta.url,
        title=title,
        published=parse_date(meta.published),
        author=authors_text(meta.authors),
        language=language_code(meta.language),
        rating=(review.get("rating") or None) and str(review["rating"])[:200],
        outlet_id=outlet.id if outlet is not None else None,
        outlet_slug=outlet.slug if outlet is not None else None,
        metadata=meta.to_dict(),
    )


def fetch_fill(
    url: str, fetcher: Fetcher, match_outlet: Callable[[str], Any], *, field: str = "url"
) -> Fill:
    try:
        meta = fetcher(url)
    except FetchError as exc:
        raise FetchFailed(url, exc, field=field) from None
    return fill_from(meta, match_outlet)
