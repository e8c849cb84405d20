"""SSRF-safe page-metadata fetcher for counter-reports: paste a URL, get title, publisher,
authors, dates and any ClaimReview.

    from server.fetcher import FetchError, FetchPolicy, fetch_metadata

    try:
        meta = fetch_metadata(url)  # policy from MASTHEAD_FETCH_ALLOW by default
    except FetchError as exc:
        ...  # exc.code (e.g. "refused_address"), exc.message (a sentence for the maintainer)
    meta.to_dict()
"""

from .client import FetchedPage, PageMetadata, clear_cache, fetch_metadata, fetch_page
from .extract import extract_metadata
from .safety import ALLOW_ENV, ERROR_CODES, FetchError, FetchPolicy, check_url

__all__ = [
    "ALLOW_ENV",
    "ERROR_CODES",
    "FetchError",
    "FetchPolicy",
    "FetchedPage",
    "PageMetadata",
    "check_url",
    "clear_cache",
    "extract_metadata",
    "fetch_metadata",
    "fetch_page",
]
