"""The date many news sites write into an article's URL path (/2023/05/14/slug)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote, urlsplit

# A whole date in the path: its own segments (/2023/05/14/), one segment (/2023-05-14/,
# /20230514/) or the start of the slug (/2023-05-14-slug). Year, month and day must all be
# there: /2023/05/ says when, not which day.
_PATH_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?=/|$)"),
    re.compile(r"/((?:19|20)\d\d)[-_](\d\d)[-_](\d\d)(?=[/_.-]|$)"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?=[/.]|$)"),
)


def url_date(url: str | None) -> str | None:
    """The ISO date ("2023-05-14") in the path of `url`, or None when it has no whole date."""
    if not url:
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    for pattern in _PATH_DATES:
        for match in pattern.finditer(path):
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                continue
    return None
