"""Page metadata from HTML: HTML bytes + URL in, a plain dict out.

Sources in order of trust: JSON-LD (schema.org article types, also inside @graph), then
OpenGraph, then ordinary meta tags (author, dates, Dublin Core), then the document itself
(<title>, <html lang>, the first <h1>, a <time> element, the date in the URL, htmldate's
reading of the text). `published_source` and `modified_source` say where each date came from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import lxml.html

from . import fields
from .authors import authors
from .canonical import canonical_url
from .claimreview import claim_review
from .dates import normalize_date
from .document import parse_html
from .encoding import decode_html, detect_encoding
from .jsonld import ARTICLE_TYPES, JsonLd
from .language import normalize_language
from .published import DatedPage, page_dates
from .tags import PageTags

__all__ = [
    "ARTICLE_TYPES",
    "DATE_SOURCES",
    "FIELDS",
    "decode_html",
    "detect_encoding",
    "extract_metadata",
    "normalize_date",
    "normalize_language",
]

FIELDS = (
    "canonical_url",
    "title",
    "site_name",
    "publisher",
    "authors",
    "published",
    "published_source",
    "modified",
    "modified_source",
    "language",
    "description",
    "claim_review",
)
# The values published_source and modified_source take, most trusted first.
DATE_SOURCES = ("json-ld", "opengraph", "meta", "time-element", "url", "htmldate")


def _empty(url: str) -> dict[str, Any]:
    empty: dict[str, Any] = dict.fromkeys(FIELDS)
    empty["authors"] = []
    empty["canonical_url"] = url
    return empty


def _from_tree(tree: lxml.html.HtmlElement, url: str, now: dt.datetime) -> dict[str, Any]:
    ld = JsonLd(tree)
    tags = PageTags.read(tree)
    article = ld.find(*ARTICLE_TYPES) or ld.find("ClaimReview") or {}
    website = ld.find("WebSite") or {}
    canonical = canonical_url(tree, tags, url)
    site = fields.site_name(ld, website, tags)
    return {
        "canonical_url": canonical,
        "title": fields.title(article, tags, tree),
        "site_name": site,
        "publisher": fields.publisher(ld, article, website, tags, site),
        "authors": authors(ld, article, tags, tree),
        **page_dates(DatedPage(article, tags, tree, url, canonical, now)),
        "language": fields.language(article, tags, tree),
        "description": fields.description(article, tags),
        "claim_review": claim_review(ld, canonical),
    }


def extract_metadata(
    body: bytes, url: str, content_type: str | None = None, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Metadata for the page at `url` (the final URL, used to resolve relative links).

    Returns a dict with FIELDS as keys; missing values are None (authors: []). `now` (an
    aware datetime, default the current time) is when the page is read: no date after it
    is accepted (a naive `now` is taken as UTC).
    """
    text, _encoding = decode_html(body, content_type)
    tree = parse_html(text)
    if tree is None:
        return _empty(url)
    now = now or dt.datetime.now(dt.UTC)
    return _from_tree(tree, url, now if now.tzinfo else now.replace(tzinfo=dt.UTC))
