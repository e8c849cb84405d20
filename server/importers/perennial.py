"""Import Wikipedia editors' assessments from the perennial-sources list (RSP)
(`flask import FILE --format perennial [--dry-run]`): audiodude's `sources.jsonl` or
Kudusch's `perennial-sources.csv` (told apart by their first line; read by `rsp_rows`).

Each RSP entry becomes a label of kind `rater_assessment` on every outlet one of its
domains resolves to (a path-scoped domain, `rollingstone.com/politics`, resolves as the
lookup resolves it: the outlet's own path rule, else the host's outlet). The issuer is
"Wikipedia editors (Reliable sources/Perennial sources)"; the text names the entry, its
status and the year of its latest discussion ("Rolling Stone (politics and society,
2011-present): generally unreliable (last discussed 2023)"), never its summary. It is
cited to the RSP page, `as_of` the date of the extract (the commit that wrote the file; the
page can be no newer), `accessed` the same date (the day the page was read for the
extract, not the import day: Masthead did not read the page). `since` stays empty: the year
of the latest discussion is not the day the status began, and dates here are whole days.

It never creates an outlet: an entry whose domains resolve to no outlet is reported
("= left out" in the dry run). RSP covers books, databases, platforms and blogs as well as
news outlets, and an outlet made from an entry would have no country, kind or owner. A
maintainer who wants one creates it (the `csv` importer or the outlet page), then imports
again. A stored label with the same text is left alone, so running it again changes
nothing; when an outlet already has an RSP label from another extract (another date), the
new one is added beside it and the report says so, for a maintainer to review (the older one
is not deleted: it stays true as of its date).

Each label's revision comment cites the extract, its row and its licence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ..curation import Curator
from ..curation.report import ChangeReport
from ..models import Label, Outlet
from ..presenters.credits import RSP_URL
from ..urls.platforms import platform_host
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


class PerennialImport:
    """One run: the stored rules and RSP labels, read once, and what this run added."""

    def __init__(self, cur: Curator, extract: ExtractSource) -> None:
        self.cur = cur
        self.extract = extract
        self.citation = extract.citation()
        self.hosts = HostMap.stored(cur.session)
        self.skipped: list[str] = []
        rows = cur.session.execute(
            select(Outlet.slug, Label.text, Label.as_of)
            .join(Outlet, Label.outlet_id == Outlet.id)
            .where(Label.kind == KIND, Label.issuer == ISSUER)
        )
        self.labels: dict[str, dict[str, dt.date]] = {}
        for slug, text, as_of in rows:
            self.labels.setdefault(slug, {})[text or ""] = as_of

    def run(self, sources: list[RspSource]) -> None:
        given = self.cur.comment
        try:
            for source in sources:
                self.cur.comment = given or self.source_of(source)
                with at(f"line {source.line} ({source.name[:60]!r})"):
                    self._import(source)
        finally:
            self.cur.comment = given

    def source_of(self, source: RspSource) -> str:
        """The revision comment citing the entry's row in the extract."""
        x = self.extract
        return (
            f"source: {RSP_URL} (Wikipedia contributors, CC BY-SA) as read by {x.repo} "
            f"({x.path} at {x.commit[:12]}, {x.as_of.isoformat()}), line {source.line}, {x.url}"
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
            if (platform_host(host), path.lower()) in self.hosts.rules:
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

    def _import(self, source: RspSource) -> None:
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
            return
        text = source.text
        for slug in slugs:
            held = self.labels.setdefault(slug, {})
            if text in held:
                continue
            older = [f"{t!r} as of {d}" for t, d in held.items() if d != self.extract.as_of]
            if older:
                self.skipped.append(
                    f"line {source.line}: '{slug}' also has {'; '.join(older[:3])}: review"
                )
            self.cur.labels.create(
                {
                    "outlet": slug,
                    "kind": KIND,
                    "issuer": ISSUER,
                    "text": text,
                    "as_of": self.extract.as_of.isoformat(),
                    "citation": self.citation,
                }
            )
            held[text] = self.extract.as_of


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    """Import an RSP extract's text in `cur`'s unit of work; the report's `skipped` lists
    the entries no outlet matched and the rows and links left out."""
    kind, sources, notes = read_extract(text)
    run = PerennialImport(cur, EXTRACTS[kind])
    run.run(sources)
    return cur.report([*notes, *run.skipped])
