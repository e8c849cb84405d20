"""SSRF-safe page-metadata fetcher for counter-reports: paste a URL, get title, publisher,
authors, dates (and where each date came from), canonical URL and any ClaimReview.

    from server.fetcher import FetchError, FetchPolicy, fetch_metadata

    try:
        meta = fetch_metadata(url)  # policy from MASTHEAD_FETCH_ALLOW by default
    except FetchError as exc:
        ...  # exc.code (e.g. "refused_address"), exc.message (a sentence for the maintainer)
    meta.to_dict()
"""

from .client import FetchedPage, fetch_page
from .errors import ERROR_CODES, FetchError
from .extract import extract_metadata
from .metadata import PageMetadata, clear_cache, fetch_metadata
from .policy import ALLOW_ENV, FetchPolicy
from .safety import check_url

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
