"""Import the Local News Dataset (`flask import FILE --format local-news [--dry-run]`).

Source: yinleon/LocalNewsDataset `data/local_news_dataset_2018.csv` (Leon Yin, NYU SMaPP Lab,
MIT): US local newspapers, TV stations, college newspapers and magazines with their
websites and, for about a third, their owners, collected in August 2018. Rows are read by
`local_news_rows` (one site per address); owner spellings are reconciled by `owner_names`.

Each site becomes one outlet (country US, kind unknown: the list does not say), or is left
alone:
- an address that already resolves to an outlet this import did not create (a curated one)
  is left to it and reported: a 2018 list never overrides curated records;
- an address given by more than three differently named rows (`tbn.org` for 24 Trinity
  transmitters, `comettv.com` for Sinclair's subchannels) is a network's or group's site,
  not one outlet's: left out and reported;
- otherwise an outlet named by the site's first row (the other names as `other_names`),
  its description saying medium, state and that it comes from the 2018 list, the address as
  its `primary` rule (a host, or a host and path prefix for `azcentral.com/12news/`);
- the rows' owner, reconciled, is an entity found by name (also stored ones: 'Sinclair' is
  the seed's "Sinclair Broadcast Group" if it has one) or created (kind `other`); the outlet
  is `owned_by` it, `as_of` the row's collection date (2018-08-02 for most rows), with a note
  that it may have changed since. Rows of one site naming different owners get no relation;
  an outlet an earlier run created gets one only if it has no owner yet.
The social-account columns are not imported.

Every fact cites the file at the commit read, `accessed` the day of the import; each
revision's comment cites the rows it came from. The 2018 date stays visible wherever the
relation is shown ("as of Aug 2018"). Running it again changes nothing; an error names its
line and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from ..curation import Curator
from ..curation.report import ChangeReport
from ..models import Citation, Entity, Outlet, Relation
from .common import at
from .local_news_rows import ReadResult, Site, read_rows
from .owner_names import owner_key, reconcile
from .reconcile import HostMap, slugify, unique_slug

COMMIT = "d97f2f86aa7da3813f6e388e637f9e7350e53178"
CITATION = {
    "url": "https://github.com/yinleon/LocalNewsDataset/blob/"
    f"{COMMIT}/data/local_news_dataset_2018.csv",
    "title": "Local News Dataset (local_news_dataset_2018.csv), collected August 2018",
    "publisher": "Leon Yin, NYU SMaPP Lab (MIT)",
}
MAX_NAMES = 3  # more differently named rows on one address: a network's or group's site
MONTHS = "January February March April May June July August September October November December"


def month_year(day: dt.date) -> str:
    return f"{MONTHS.split()[day.month - 1]} {day.year}"


class LocalNewsImport:
    """One import run: what is stored, read once, and what this run has planned so far."""

    def __init__(self, cur: Curator, accessed: dt.date) -> None:
        self.cur = cur
        self.citation = {**CITATION, "accessed": accessed.isoformat()}
        self.skipped: list[str] = []
        session = cur.session
        cur.preload(Outlet, Entity)
        cur.citations.preload()
        self.hosts = HostMap.stored(session)
        self.slugs = set(session.scalars(select(Outlet.slug)))
        self.entity_slugs: set[str] = set()
        self.entities: dict[str, str] = {}  # owner key of a stored name -> entity slug
        for slug, name in session.execute(select(Entity.slug, Entity.name).order_by(Entity.id)):
            self.entity_slugs.add(slug)
            self.entities.setdefault(owner_key(name), slug)
        # Outlets an earlier run created (their own citation is this file), and their owners.
        ours = session.execute(
            select(Outlet.slug, Outlet.id)
            .join(Citation, Outlet.citation_id == Citation.id)
            .where(Citation.url == CITATION["url"])
        )
        self.ours = {slug: ident for slug, ident in ours}
        owned = select(Relation.subject_outlet_id).where(Relation.kind == "owned_by")
        self.owned = set(session.scalars(owned)) & set(self.ours.values())

    def run(self, read: ReadResult) -> None:
        self.skipped.extend(read.skipped)
        owners = reconcile(row.owner for site in read.sites for row in site.rows)
        self.spellings: dict[str, set[str]] = {}
        for spelling, (key, _name) in owners.items():
            self.spellings.setdefault(key, {key}).add(owner_key(spelling))
        given = self.cur.comment
        try:
            for site in read.sites:
                self.cur.comment = given or self.source_of(site)
                first = site.rows[0]
                with at(f"line {first.line} ({first.name[:60]!r})"):
                    self._site(site, owners)
        finally:
            self.cur.comment = given

    def source_of(self, site: Site) -> str:
        lines = site.lines
        return (
            f"source: Local News Dataset, Leon Yin (MIT), "
            f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:20]))}, "
            f"{CITATION['url']}, accessed {self.citation['accessed']}"
        )

    def _site(self, site: Site, owners: dict[str, tuple[str, str]]) -> None:
        where = f"{site.host}{site.prefix}"
        names = site.names
        if len(names) > MAX_NAMES:
            shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
            self.skipped.append(
                f"line {site.rows[0].line}: {where} is the website of {len(names)} "
                f"differently named rows ({shown}): a network's or group's site, left out"
            )
            return
        owner = self._owner(site, owners)
        slug = self.hosts.resolve(site.host, site.prefix)
        if slug is None:
            self._create(site, owner)
        elif slug in self.ours:  # made by an earlier run: an owner is added if it has none
            if owner is not None and self.ours[slug] not in self.owned:
                self.owned.add(self.ours[slug])
                entity = self._entity(*owner)
                self.cur.relations.create({"subject_outlet": slug, **self._relation(entity, site)})
        else:
            self.skipped.append(
                f"line {site.rows[0].line}: {where} already resolves to '{slug}', left to it"
            )

    def _owner(self, site: Site, owners: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
        """(owner key, name) of the site's rows, None when they name none or several."""
        found = {owners[row.owner] for row in site.rows if row.owner.strip()}
        if len(found) > 1:
            listed = ", ".join(sorted(name for _key, name in found))
            self.skipped.append(
                f"line {site.rows[0].line}: {site.host}{site.prefix}: its rows name different "
                f"owners ({listed}): no owner relation"
            )
            return None
        return next(iter(found), None)

    def _entity(self, key: str, name: str) -> str:
        # The stored entity of the owner's own key, else of its shortest spelling.
        keys = sorted(self.spellings.get(key, {key}), key=lambda k: (k != key, len(k), k))
        slug = next((self.entities[k] for k in keys if k in self.entities), None)
        if slug is None:
            slug = unique_slug(slugify(name), self.entity_slugs)
            self.cur.entities.create({"slug": slug, "name": name[:300]})
            for k in self.spellings.get(key, {key}):
                self.entities[k] = slug
        return slug

    def _relation(self, entity: str, site: Site) -> dict[str, Any]:
        row = next(r for r in site.rows if r.owner.strip())
        return {
            "kind": "owned_by",
            "object": entity,
            "as_of": row.collected.isoformat(),
            "note": (
                f"Owner as the Local News Dataset lists it, collected "
                f"{month_year(row.collected)}; it may have changed since."
            ),
            "citation": self.citation,
        }

    def _create(self, site: Site, owner: tuple[str, str] | None) -> None:
        first = site.rows[0]
        slug = unique_slug(slugify(first.name), self.slugs, (first.state or "us").lower())
        what = first.medium or "Outlet"
        place = f" in {first.state}" if first.state else ""
        relations = []
        if owner is not None:
            entity = self._entity(*owner)
            relations.append(self._relation(entity, site))
        outlet = {
            "slug": slug,
            "name": first.name,
            "other_names": [n[:200] for n in site.names[1:]],
            "description": (
                f"{what}{place}, as listed in the Local News Dataset "
                f"(collected {month_year(first.collected)})."
            ),
            "country": "US",
            "website": site.website,
            "citation": self.citation,
            "domains": [{"host": site.host, "path_prefix": site.prefix, "role": "primary"}],
            "relations": relations,
        }
        self.cur.outlets.create(outlet)


def import_text(
    cur: Curator, text: str, name: str, *, accessed: dt.date | None = None
) -> ChangeReport:
    """Import the dataset's text in `cur`'s unit of work; the report's `skipped` lists what
    was left out (rows without an address, networks' sites, curated outlets' hosts), its
    `platform_hosts` the rows whose website is on a platform's host (x.com, facebook.com...)."""
    read = read_rows(text)
    run = LocalNewsImport(cur, accessed or dt.date.today())
    run.run(read)
    return cur.report(run.skipped, platform_hosts=read.platform_hosts)
