"""Date strings as ISO 8601, and which dates an article can plausibly carry."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

from dateutil import parser as date_parser

from .values import clean, first

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)")
_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
# Zone abbreviations seen in news sites' date strings, in hours from UTC.
_ZONES = {
    name: hours * 3600
    for name, hours in {
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
    }.items()
}
# Dates found by reading the page rather than its metadata start here: older ones are
# copyright lines, founding years or placeholders ("1970-01-01"), not an article's date.
EARLIEST_GUESS = dt.date(1990, 1, 1)
# The calendar runs ahead of UTC by up to 14 hours (Line Islands): a date is in the future
# only when it is later than today there.
_LATEST_ZONE = dt.timezone(dt.timedelta(hours=14))


def _parse(text: str) -> dt.datetime | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil warns about unknown zone names such as EDT
        try:
            return date_parser.isoparse(text)
        except (ValueError, OverflowError):
            pass
        try:
            return date_parser.parse(text, tzinfos=_ZONES)
        except (ValueError, OverflowError, TypeError):
            return None


def normalize_date(value: Any) -> str | None:
    """An ISO 8601 date ("2017-08-02") or datetime ("2017-08-02T10:31:00+00:00") string."""
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, list):
        value = first(value)
    text = clean(value)
    if not text or not _YEAR.search(text):
        return None
    parsed = _parse(text)
    if parsed is None:
        return None
    if not _TIME.search(text):
        return parsed.date().isoformat()
    return parsed.isoformat()


def latest_calendar_date(now: dt.datetime) -> dt.date:
    """Today's date where it is latest on Earth: no page can be dated after it."""
    return now.astimezone(_LATEST_ZONE).date()


def is_future(iso: str, now: dt.datetime) -> bool:
    """Whether the ISO date or datetime `iso` is after `now` (an aware datetime).

    A datetime with a zone is compared as an instant; a date, or a datetime without zone,
    by its calendar day, against today's date where it is latest on Earth.
    """
    parsed = dt.datetime.fromisoformat(iso)
    if parsed.tzinfo is not None:
        return parsed > now
    return parsed.date() > latest_calendar_date(now)


def is_too_early(iso: str) -> bool:
    """Whether the ISO date or datetime `iso` falls before EARLIEST_GUESS."""
    return dt.date.fromisoformat(iso[:10]) < EARLIEST_GUESS
