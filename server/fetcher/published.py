"""When the article was published and last modified, and where on the page that was said.

Published: the page's structured metadata first (JSON-LD, then OpenGraph, then other meta
tags), then what the page shows (a <time> element, the date in its URL path, htmldate's
reading of its markup and text). Each candidate must not lie in the future; one read from
the page rather than its metadata must also not be older than EARLIEST_GUESS. A UTC time
from the metadata gives way to the outlet's own day when the URL or the page names the day
before or after it (outletday.py). Modified: structured metadata only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import lxml.html

from .dates import is_future, is_too_early, normalize_date
from .outletday import is_local_day, utc_moment
from .pagedates import htmldate_date, time_element_dates
from .tags import PageTags
from .urldates import url_date

# Sources that may date an article before EARLIEST_GUESS: the publisher said so explicitly.
STRUCTURED_SOURCES = frozenset({"json-ld", "opengraph", "meta"})
PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "parsely-pub-date",
    "sailthru.date",
)
PUBLISHED_OPENGRAPH = ("article:published_time", "og:published_time")
MODIFIED_META = ("datemodified", "last-modified", "dc.date.modified", "dcterms.modified")
MODIFIED_OPENGRAPH = ("article:modified_time", "og:updated_time")


@dataclass(frozen=True)
class DatedPage:
    """What the date sources read: the article's JSON-LD item, tags, tree and URLs."""

    article: dict[str, Any]
    tags: PageTags
    tree: lxml.html.HtmlElement
    url: str
    canonical_url: str
    now: dt.datetime


Candidates = Callable[[DatedPage], list[str | None]]


def _json_ld_published(page: DatedPage) -> list[str | None]:
    return [
        normalize_date(page.article.get("datePublished")),
        normalize_date(page.article.get("dateCreated")),
    ]


def _opengraph_published(page: DatedPage) -> list[str | None]:
    return [normalize_date(v) for key in PUBLISHED_OPENGRAPH for v in page.tags.all_values(key)]


def _meta_published(page: DatedPage) -> list[str | None]:
    return [normalize_date(v) for key in PUBLISHED_META for v in page.tags.meta_values(key)]


def _time_element(page: DatedPage) -> list[str | None]:
    return list(time_element_dates(page.tree))


def _url_path(page: DatedPage) -> list[str | None]:
    return [url_date(page.url), url_date(page.canonical_url)]


def _htmldate(page: DatedPage) -> list[str | None]:
    return [htmldate_date(page.tree, page.url, page.now)]


def _json_ld_modified(page: DatedPage) -> list[str | None]:
    return [normalize_date(page.article.get("dateModified"))]


def _opengraph_modified(page: DatedPage) -> list[str | None]:
    return [normalize_date(v) for key in MODIFIED_OPENGRAPH for v in page.tags.all_values(key)]


def _meta_modified(page: DatedPage) -> list[str | None]:
    return [normalize_date(v) for key in MODIFIED_META for v in page.tags.meta_values(key)]


# What the page's publisher wrote down as its date: metadata and marked <time> elements.
METADATA_SOURCES: tuple[tuple[str, Candidates], ...] = (
    ("json-ld", _json_ld_published),
    ("opengraph", _opengraph_published),
    ("meta", _meta_published),
    ("time-element", _time_element),
)
# What a reader sees: the URL, and the markup and text as htmldate reads them. These also
# show the outlet's own calendar day when its metadata gives a UTC time.
READING_SOURCES: tuple[tuple[str, Candidates], ...] = (
    ("url", _url_path),
    ("htmldate", _htmldate),
)
MODIFIED_SOURCES: tuple[tuple[str, Candidates], ...] = (
    ("json-ld", _json_ld_modified),
    ("opengraph", _opengraph_modified),
    ("meta", _meta_modified),
)


def acceptable(iso: str, source: str, now: dt.datetime) -> bool:
    """Whether a date from `source` can be an article's date at time `now`."""
    if is_future(iso, now):
        return False
    return source in STRUCTURED_SOURCES or not is_too_early(iso)


def first_date(
    page: DatedPage, sources: tuple[tuple[str, Candidates], ...]
) -> tuple[str | None, str | None]:
    """The first acceptable date the sources give, in order, and the source's name."""
    for name, candidates in sources:
        for iso in candidates(page):
            if iso and acceptable(iso, name, page.now):
                return iso, name
    return None, None


def outlet_day(page: DatedPage, published: str) -> tuple[str, str] | None:
    """The outlet's calendar day and its source, when `published` is a UTC time and the
    page's own day (URL path, else htmldate) is another day that some zone gives it."""
    moment = utc_moment(published)
    if moment is None:
        return None
    day, source = first_date(page, READING_SOURCES)
    if day is None or source is None or day[:10] == published[:10]:
        return None
    return (day[:10], source) if is_local_day(day, moment) else None


def page_dates(page: DatedPage) -> dict[str, str | None]:
    """published, published_source, modified and modified_source of the page."""
    published, published_source = first_date(page, METADATA_SOURCES + READING_SOURCES)
    if published and published_source in STRUCTURED_SOURCES:
        published, published_source = outlet_day(page, published) or (
            published,
            published_source,
        )
    modified, modified_source = first_date(page, MODIFIED_SOURCES)
    return {
        "published": published,
        "published_source": published_source,
        "modified": modified,
        "modified_source": modified_source,
    }
