"""The outlet's own calendar day for a publication time its metadata gives in UTC.

Many publishing systems write datePublished in UTC: an article an American outlet put out
on the evening of 8 November says "2023-11-09T03:28:35Z", yet the outlet, its URL and its
readers date it 8 November. A UTC time alone cannot tell the outlet's day; the page's own
day (its URL path, or the date it shows) can, when it is one that some time zone, UTC-12
to UTC+14, gives that moment.
"""

from __future__ import annotations

import datetime as dt

# The zones in use run from UTC-12 to UTC+14.
_WESTMOST = dt.timedelta(hours=-12)
_EASTMOST = dt.timedelta(hours=14)


def utc_moment(iso: str) -> dt.datetime | None:
    """The datetime of `iso` when it is a time of day given in UTC (offset zero)."""
    if "T" not in iso:
        return None
    moment = dt.datetime.fromisoformat(iso)
    if moment.utcoffset() != dt.timedelta(0):
        return None
    return moment


def is_local_day(day: str, moment: dt.datetime) -> bool:
    """Whether `day` (ISO date) is the calendar day of `moment` somewhere on Earth."""
    local = dt.date.fromisoformat(day[:10])
    return (moment + _WESTMOST).date() <= local <= (moment + _EASTMOST).date()
