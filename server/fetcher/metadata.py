"""A page's metadata by URL: fetched, extracted, and cached for a few minutes.

Errors are not cached. The cache key is the requested URL, canonicalized by server.urls
when that module is there.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cachetools import TTLCache

from .client import fetch_page
from .extract import extract_metadata
from .policy import FetchPolicy

CACHE_TTL_SECONDS = 600
CACHE_SIZE = 1024


@dataclass
class PageMetadata:
    url: str
    final_url: str
    canonical_url: str
    title: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None  # see extract.DATE_SOURCES
    modified: str | None = None
    modified_source: str | None = None
    language: str | None = None
    description: str | None = None
    claim_review: dict[str, Any] | None = None
    fetched_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_cache: TTLCache[tuple[str, FetchPolicy], PageMetadata] = TTLCache(
    maxsize=CACHE_SIZE, ttl=CACHE_TTL_SECONDS
)
_cache_lock = threading.Lock()


def cache_key(url: str) -> str:
    """The cache key for a requested URL: canonicalized when server.urls is available."""
    stripped = url.strip()
    try:
        from server.urls import canonicalize  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return stripped
    try:
        key = canonicalize(stripped)
    except Exception:
        return stripped
    return key if isinstance(key, str) and key else stripped


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def fetch_metadata(url: str, policy: FetchPolicy | None = None) -> PageMetadata:
    """Fetch `url` and return its metadata. Raises FetchError; errors are not cached."""
    policy = policy or FetchPolicy.from_env()
    key = (cache_key(url), policy)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return dataclasses.replace(copy.deepcopy(cached), url=url)
    page = fetch_page(url, policy)
    fields = extract_metadata(page.body, page.final_url, page.content_type)
    meta = PageMetadata(
        url=url,
        final_url=page.final_url,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        **fields,
    )
    with _cache_lock:
        _cache[key] = meta
    return copy.deepcopy(meta)
