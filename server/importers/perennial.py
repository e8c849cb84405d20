"""Import Wikipedia editors' assessments from the perennial-sources list (RSP)
(`flask import FILE --format perennial [--dry-run]`): audiodude's `sources.jsonl` or
Kudusch's `perennial-sources.csv` (told apart by their first line; read by `rsp_rows`).

Every outlet one of an entry's domains resolves to gets one label of kind
`rater_assessment` (a path-scoped domain, `rollingstone.com/politics`, resolves as the
lookup resolves it: the outlet's own path rule, else the host's outlet). The issuer is
"Wikipedia editors (Reliable sources/Perennial sources)"; the text names each entry that
covers the outlet, its status and the year of its latest discussion, side by side, never
merged ("Fox News: no consensus (last discussed 2024); Fox News (talk shows): generally
unreliable (last discussed 2024)"), never the summary. It is cited to the RSP page, `as_of`
the date of the extract (the commit that wrote the file; the page can be no newer),
`accessed` the same date (the day the page was read for the extract, not the import day:
Masthead did not read the page). `since` stays empty: the year of the latest discussion is
not the day the status began, and dates here are whole days.

One label per outlet, because a label's identity in the dataset format (seed, export,
`--format json`) is its kind, issuer and `since`. A newer extract updates it (its text,
`as_of` and citation; the older state stays in the label's revisions), an older one leaves
it as it is (reported), the same one changes nothing.

It never creates an outlet: an entry whose domains resolve to no outlet is reported
("= left out" in the dry run). RSP covers books, databases, platforms and blogs as well as
news outlets, and an outlet made from an entry would have no country, kind or owner. A
maintainer who wants one creates it (the `csv` importer or the outlet page), then imports
again.

Each label's revision comment cites the extract, the rows and the licence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ..curation import Curator
from ..curation.report import ChangeReport
from ..fields import TEXT_MAX
from ..models import Label, Outlet
from ..presenters.credits import RSP_URL
from .common import at
from .reconcile import HostMap
from .rsp_rows import ISSUER, Extract, RspSource, read_extract

KIND = "rater_assessment"


@dataclass(frozen=True)
class ExtractSource:
    """Where an extract comes from and the date it states."""

    repo: str
    path: str
    commit: str
    as_of: dt.date

    @property
    def url(self) -> str:
        return f"https://github.com/{self.repo}/blob/{self.commit}/{self.path}"

    def citation(self) -> dict[str, str]:
        return {
            "url": RSP_URL,
            "title": "Wikipedia:Reliable sources/Perennial sources "
            f"(as read by {self.repo} at {self.commit[:8]})",
            "publisher": "English Wikipedia (Wikipedia contributors, CC BY-SA)",
            "accessed": self.as_of.isoformat(),
        }


EXTRACTS: dict[Extract, ExtractSource] = {
    # The commit that last wrote data/sources.jsonl (the file holds 2026 discussions).
    "audiodude": ExtractSource(
        "audiodude/wiki-reliable-sources-parser",
        "data/sources.jsonl",
        "424da385c294cb68e6b6eec87e5ad8c730feed27",
        dt.date(2026, 4, 18),
    ),
    "kudusch": ExtractSource(
        "Kudusch/wikipedia-perennial-sources",
        "perennial-sources.csv",
        "1a7c0c2d7bfc5346c8272598299382e674725972",
        dt.date(2021, 3, 17),
    ),
}


@dataclass
class Stored:
    id: int
    text: str
    as_of: dt.date


class PerennialImport:
    """One run: the stored rules and RSP labels, read once, and what this run wants."""

    def __init__(self, cur: Curator, extract: ExtractSource) -> None:
        self.cur = cur
        self.extract = extract
        self.citation = extract.citation()
        self.hosts = HostMap.stored(cur.session)
        self.skipped: list[str] = []
        rows = cur.session.execute(
            select(Outlet.slug, Label.id, Label.text, Label.as_of)
            .join(Outlet, Label.outlet_id == Outlet.id)
            .where(Label.kind == KIND, Label.issuer == ISSUER, Label.since.is_(None))
            .order_by(Label.as_of, Label.id)
        )
        # The newest RSP label of each outlet.
        self.labels = {slug: Stored(i, text or "", as_of) for slug, i, text, as_of in rows}

    def run(self, sources: list[RspSource]) -> None:
        wanted: dict[str, list[RspSource]] = {}
        for source in sources:
            with at(f"line {source.line} ({source.name[:60]!r})"):
                for slug in self._outlets(source):
                    wanted.setdefault(slug, []).append(source)
        given = self.cur.comment
        try:
            for slug, entries in wanted.items():
                self.cur.comment = given or self.source_of(entries)
                with at(f"line {entries[0].line} ({entries[0].name[:60]!r})"):
                    self._put(slug, entries)
        finally:
            self.cur.comment = given

    def source_of(self, entries: list[RspSource]) -> str:
        """The revision comment citing the entries' rows in the extract."""
        x = self.extract
        lines = ", ".join(str(e.line) for e in entries[:20])
        return (
            f"source: {RSP_URL} (Wikipedia contributors, CC BY-SA) as read by {x.repo} "
            f"({x.path} at {x.commit[:12]}, {x.as_of.isoformat()}), "
            f"line{'s' if len(entries) > 1 else ''} {lines}, {x.url}"
        )

    def outlets_of(self, source: RspSource) -> list[str]:
        """The outlets the entry's domains resolve to, in the entry's order. A domain that
        resolves only through a broader rule (`radiosputnik.ria.ru` through RIA Novosti's
        `ria.ru`) counts only when none of the entry's domains is an outlet's own rule: it
        names a part of another outlet's site (reported), while a path-scoped entry alone
        (`rollingstone.com/politics`) is about the outlet whose site it is part of."""
        exact: list[str] = []
        broader: list[tuple[str, str]] = []
        for host, path in source.domains:
            slug = self.hosts.resolve(host, path)
            if slug is None:
                continue
            if self.hosts.holds(host, path):
                if slug not in exact:
                    exact.append(slug)
            else:
                broader.append((host + path, slug))
        if not exact:
            return list(dict.fromkeys(slug for _, slug in broader))
        for where, slug in broader:
            if slug not in exact:
                self.skipped.append(
                    f"line {source.line}: {where} is part of '{slug}', whose own rules the"
                    f" entry does not list: no label there"
                )
        return exact

    def _outlets(self, source: RspSource) -> list[str]:
        for text in source.left_out:
            self.skipped.append(
                f"line {source.line}: {text}: a public suffix or a Wikimedia page, left out"
            )
        slugs = self.outlets_of(source)
        if not slugs:
            listed = ", ".join(h + p for h, p in source.domains[:5]) or "no domain"
            self.skipped.append(
                f"line {source.line}: {source.name[:100]!r} ({listed}): no outlet has its"
                " domains, not created"
            )
        return slugs

    def _put(self, slug: str, entries: list[RspSource]) -> None:
        text = "; ".join(dict.fromkeys(e.text for e in entries))[:TEXT_MAX]
        as_of = self.extract.as_of
        stored = self.labels.get(slug)
        if stored is None:
            self.cur.labels.create(
                {
                    "outlet": slug,
                    "kind": KIND,
                    "issuer": ISSUER,
                    "text": text,
                    "as_of": as_of.isoformat(),
                    "citation": self.citation,
                }
            )
            return
        if stored.as_of > as_of:
            self.skipped.append(
                f"line {entries[0].line}: '{slug}' has a newer assessment (as of"
                f" {stored.as_of}): left as it is"
            )
            return
        if stored.text == text and stored.as_of == as_of:
            return
        # The dry run's "~ label" line shows the change; the older text stays in the history.
        patch = {"text": text, "as_of": as_of.isoformat(), "citation": self.citation}
        self.cur.labels.update(stored.id, patch, if_match=None)


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    """Import an RSP extract's text in `cur`'s unit of work; the report's `skipped` lists
    the entries no outlet matched and the rows and links left out."""
    kind, sources, notes = read_extract(text)
    run = PerennialImport(cur, EXTRACTS[kind])
    run.run(sources)
    return cur.report([*notes, *run.skipped])
