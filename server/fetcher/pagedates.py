"""Dates read from the page itself rather than its metadata: a <time> element, and what
htmldate finds in the markup and the visible text."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import lxml.html
from htmldate import find_date

from .dates import EARLIEST_GUESS, latest_calendar_date, normalize_date

# class names that mark a <time> as the article's publication time (WordPress's entry-date,
# "published", "post-date", ...)
_PUBLISHED_CLASS = re.compile(r"publish|entry-date|pubdate|post-date|posted", re.I)


def _marks_publication(time_el: lxml.html.HtmlElement) -> bool:
    return (
        time_el.get("pubdate") is not None
        or (time_el.get("itemprop") or "").strip().lower() == "datepublished"
        or bool(_PUBLISHED_CLASS.search(time_el.get("class") or ""))
    )


def time_element_dates(tree: lxml.html.HtmlElement) -> list[str]:
    """Dates of <time datetime="..."> elements that say when the article was published:
    those marked as its publication time (pubdate, itemprop=datePublished, a class such as
    "entry-date"), else the one day all the page's <time> elements agree on. A page that
    dates other things too (comments, related articles) and marks none gets none."""
    dated = [
        (el, iso)
        for el in tree.iter("time")
        if (iso := normalize_date(el.get("datetime"))) is not None
    ]
    marked = [iso for el, iso in dated if _marks_publication(el)]
    if marked or not dated:
        return marked
    days = {iso[:10] for _el, iso in dated}
    return [dated[0][1]] if len(days) == 1 else []


def htmldate_date(tree: lxml.html.HtmlElement, url: str, now: dt.datetime) -> str | None:
    """htmldate's original (publication, not last-modified) date of the page, ISO.

    htmldate is given the parsed tree, never a URL to download: `url` is only searched for a
    date pattern. It looks at markup and, with extensive_search, at the visible text; dates
    before EARLIEST_GUESS or after today are not accepted.
    """
    latest = latest_calendar_date(now)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil and dateparser warn about odd zone names
        try:
            found = find_date(
                tree,
                extensive_search=True,
                original_date=True,
                url=url,
                min_date=dt.datetime.combine(EARLIEST_GUESS, dt.time.min),
                max_date=dt.datetime.combine(latest, dt.time.max),
            )
        except Exception:  # a heuristic on a hostile page: no date rather than no metadata
            return None
    return normalize_date(found) if found else None
