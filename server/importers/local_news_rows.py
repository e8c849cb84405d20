"""Rows of the Local News Dataset (`local_news_dataset_2018.csv`, Leon Yin, MIT) as outlets to
import: one per address, its rows' names, owners, medium and state. Pure: reading a file's
text, no database.

The file is messy in known ways, read rather than refused: a website without a scheme
(`cbs42.com`) is read as the lookup reads it; a `website` or `domain` that is no host
(`alaska broadcast television`) is passed over for the other column; a website with a path
(`azcentral.com/12news/`) is a path-prefix rule on that host, never the whole host; rows that
repeat an address are one outlet (same name: a repeat; other names: other names of it). A
structural fault (a missing column, a row of the wrong length, a collection date that is no
date) is an error naming its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..curation.identity import normalize_rule_host
from ..errors import MastheadError, ValidationFailed
from ..urls.platforms import on_platform
from .common import address
from .csv_rows import csv_rows

REQUIRED = ("name", "state", "website", "domain", "owner", "medium", "collection_date")
OPTIONAL = ("twitter", "youtube", "facebook", "source")
MEDIUM = {
    "Newspapers": "Newspaper",
    "TV station": "TV station",
    "College Newspapers": "College newspaper",
    "Magazines": "Magazine",
}
STATE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    state: str | None
    medium: str | None
    owner: str
    collected: dt.date


@dataclass
class Site:
    """One address of the list (host + path prefix) and the rows that give it."""

    host: str
    prefix: str
    website: str
    rows: list[Row] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Its rows' names, first seen first, each once (case and spaces ignored)."""
        seen: dict[str, str] = {}
        for row in self.rows:
            seen.setdefault(" ".join(row.name.lower().split()), row.name)
        return list(seen.values())

    @property
    def lines(self) -> list[int]:
        return [row.line for row in self.rows]


@dataclass
class ReadResult:
    sites: list[Site]
    skipped: list[str]
    # rows whose website is on a platform's host (a Facebook page, a YouTube channel):
    # no outlet's domain, left out and reported as the report's `platform_hosts`
    platform_hosts: list[str] = field(default_factory=list)


def _header(names: list[str]) -> list[str]:
    header = [n.strip().lower() for n in names]
    missing = [n for n in REQUIRED if n not in header]
    if missing:
        raise ValidationFailed(
            f"line 1: missing column(s) {', '.join(missing)}; "
            f"a Local News Dataset file has {', '.join(REQUIRED + OPTIONAL)}",
            field="header",
        )
    return header


def _date(text: str, line: int) -> dt.date:
    try:
        return dt.datetime.fromisoformat(text.strip()).date()
    except ValueError:
        raise ValidationFailed(
            f"line {line}: collection_date: {text.strip()[:40]!r} is not a date",
            field="collection_date",
        ) from None


def split_address(text: str) -> tuple[str, str, str] | None:
    """(host, path prefix, website URL) of a `website` or `domain` value, None when it
    names no host. 'http://www.kwhe.com/' -> ('kwhe.com', '', 'http://www.kwhe.com/');
    'azcentral.com/12news/' -> ('azcentral.com', '/12news', 'https://azcentral.com/12news/');
    a last segment that is a file ('/KBSV/kbsv.htm') is not part of the prefix."""
    if not text.strip() or " " in text.strip():
        return None
    try:
        url = address(text, "website")
        parts = urlsplit(url)
        host = normalize_rule_host((parts.hostname or "").removeprefix("www."), field="website")
    except (MastheadError, ValueError):
        return None
    if "." not in host:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments and "." in segments[-1]:
        segments = segments[:-1]
    prefix = "".join(f"/{s}" for s in segments).lower()  # prefixes match in any case
    return (host, prefix, url) if len(prefix) <= 200 else None


def read_rows(text: str) -> ReadResult:
    """The file's sites (one per address, in file order) and what was left out, one line
    each."""
    sites: dict[tuple[str, str], Site] = {}
    skipped: list[str] = []
    platform: list[str] = []
    for start, cells in csv_rows(text, _header, length_field="row"):
        row = {column: cell.strip() for column, cell in cells.items()}
        collected = _date(row["collection_date"], start)
        found = split_address(row["website"]) or split_address(row["domain"])
        name = " ".join(row["name"].split())[:200]
        if found is None or not name:
            what = "no name" if found else "no website or domain that is a host"
            skipped.append(f"line {start}: {name or '(no name)'}: {what}, left out")
            continue
        host, prefix, website = found
        on = on_platform(host)
        if on is not None:
            platform.append(
                f"line {start}: {name}: its website {host}{prefix} is on a platform's host"
                f" ({on}), not an outlet's domain: left out"
            )
            continue
        state = row["state"].upper() if STATE.match(row["state"].upper()) else None
        site = sites.setdefault((host, prefix), Site(host, prefix, website))
        medium = MEDIUM.get(row["medium"], row["medium"] or None)
        site.rows.append(Row(start, name, state, medium, row["owner"], collected))
    return ReadResult(list(sites.values()), skipped, platform)
