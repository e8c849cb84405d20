"""Import the State Media Matrix (`flask import FILE --format state-media [--dry-run]`).

Source: ASD-at-GMF/state-media-profiles `State_Media_Matrix.csv` (MIT), whose company, asset
and typology columns come from State Media Monitor (Media and Journalism Research Center).
Shape: company -> assets (outlets) -> URLs; rows are read by `state_media_rows`.

Each asset becomes one outlet, or extends the outlet it already is:
- an asset one of whose hosts already resolves to an outlet (RT's `de.rt.com`), or whose
  name and country are an outlet's, extends that outlet: its missing hosts become domain rules
  (another host of the same registrable domain a `language_edition`, any other a `mirror`),
  and it gets the label and, only if it has no ownership relation yet, the relation below;
- otherwise a new outlet (slug from the name, `-<country>` or a number when taken; kind from
  the typology) whose first current host is `primary`;
- a host listed as "Currently Not Functional" becomes a `former` rule, never a current one;
- the media company is an entity found by name (case, accents, a trailing "(ACRONYM)"
  ignored: "France Televisions" is "France Télévisions") or created (kind `other`); the
  outlet is `controlled_by` it;
- the typology is a label issued by State Media Monitor, its text the code and its meaning;
  a code with '?' ("ISFM?") is uncertain: no label, and the reason is reported.
A host that already resolves to another outlet is left to it and reported, never moved.
- each social link that is an account's address (`x.com/RT_com`, a YouTube channel, a
  Telegram channel) becomes a domain rule with role `account`: the platform's host and the
  account's path prefix; an account that already resolves to another outlet is left to it
  and reported, and a link that is no account's (a video) is reported.
Every fact cites the file at its commit, `as_of` the commit date (2024-02-07), `accessed` the
day of the import (domain rules, accounts among them, carry no citation of their own: the
outlet's citation is the file). Notes are not imported. Running it again
changes nothing; any error names its line and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from .. import urls
from ..curation import Curator
from ..curation.report import ChangeReport
from ..models import Label, Outlet, Relation
from ..urls.platforms import account_prefix, is_platform_host, on_platform
from .common import PlatformHosts, at
from .reconcile import EntityNames, HostMap, name_key, slugify, unique_slug
from .state_media_rows import TYPOLOGY, Asset, AssetUrl, read_assets

COMMIT = "d878fee1e0aecce9bd63a65ae826df84c6d80e59"
CITATION = {
    "url": "https://github.com/ASD-at-GMF/state-media-profiles/blob/"
    f"{COMMIT}/State_Media_Matrix.csv",
    "title": "State Media Matrix (State_Media_Matrix.csv)",
    "publisher": "Alliance for Securing Democracy (GMF); State Media Monitor (MJRC)",
}
AS_OF = dt.date(2024, 2, 7)
ISSUER = "State Media Monitor (Media and Journalism Research Center)"
LABEL_KIND = {
    "SC": "state_controlled",
    "CaPu": "state_controlled",
    "CaPr": "state_controlled",
    "ISFM": "state_funded",
    "ISF": "state_funded",
    "ISM": "state_affiliated",
    "IP": "state_funded",
}
OUTLET_KIND = {"SC": "state_controlled", "CaPu": "state_controlled", "CaPr": "private"}
OWNERSHIP = ("owned_by", "operated_by", "controlled_by")


def label_of(code: str) -> dict[str, Any]:
    """The State Media Monitor label for a typology code (without its citation)."""
    return {
        "kind": LABEL_KIND[code],
        "issuer": ISSUER,
        "text": f"State Media Monitor typology: {code} ({TYPOLOGY[code]})",
        "as_of": AS_OF.isoformat(),
    }


class StateMediaImport:
    """One import run: what is stored, read once, and what this run has planned so far."""

    def __init__(self, cur: Curator, accessed: dt.date) -> None:
        self.cur = cur
        self.citation = {**CITATION, "accessed": accessed.isoformat()}
        self.skipped: list[str] = []
        self.platforms = PlatformHosts()
        session = cur.session
        cur.preload(Outlet)
        self.hosts = HostMap.stored(session)
        self.entities = EntityNames(session)
        rows = session.execute(select(Outlet.slug, Outlet.name, Outlet.country, Outlet.id))
        self.slugs: set[str] = set()
        self.by_name: dict[tuple[str, str | None], list[str]] = {}
        slug_of: dict[int, str] = {}
        for slug, name, country, ident in rows:
            self.slugs.add(slug)
            slug_of[ident] = slug
            self.by_name.setdefault((name_key(name), country), []).append(slug)
        self.domains: dict[str, set[str]] = {s: set() for s in self.slugs}  # registrable domains
        for (host, _prefix), slug in self.hosts.rules.items():
            if is_platform_host(host):  # an account, not one of the outlet's domains
                continue
            self.domains[slug].add(urls.registrable_domain(host) or host)
        labels = session.execute(select(Label.outlet_id, Label.kind, Label.issuer))
        self.labels = {(slug_of[o], k, i) for o, k, i in labels}
        rels = session.execute(select(Relation.subject_outlet_id, Relation.kind))
        self.owned = {slug_of[o] for o, k in rels if o is not None and k in OWNERSHIP}

    def run(self, assets: list[Asset]) -> None:
        given = self.cur.comment
        try:
            for asset in assets:
                # As v2fly's import does: each revision's comment cites the row it came from,
                # the one place a domain rule (an account among them) records its source.
                self.cur.comment = given or self.source_of(asset)
                with at(f"line {asset.line} ({asset.name[:60]!r})"):
                    target = self._target(asset)
                    if target is None:
                        self._create(asset)
                    else:
                        self._extend(target, asset)
        finally:
            self.cur.comment = given

    def source_of(self, asset: Asset) -> str:
        """The revision comment citing the asset's rows in the file."""
        lines = sorted({asset.line} | {u.line for u in (*asset.urls, *asset.accounts)})
        return (
            f"source: {CITATION['title']}, {CITATION['publisher']} (MIT), "
            f"line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:20]))}, "
            f"{CITATION['url']}, accessed {self.citation['accessed']}"
        )

    def _target(self, asset: Asset) -> str | None:
        """The outlet the asset already is: by a host that resolves, then by name+country."""
        for url in asset.urls:
            slug = self.hosts.resolve(url.host, url.path, whole=not url.path)
            if slug is not None:
                return slug
        found = self.by_name.get((name_key(asset.name), asset.country))
        return found[0] if found else None

    def _company(self, asset: Asset) -> str:
        slug = self.entities.find(asset.company)
        if slug is None:
            slug = unique_slug(slugify(asset.company), self.entities.slugs)
            self.cur.entities.create(
                {"slug": slug, "name": asset.company[:300], "country": asset.country}
            )
            self.entities.remember(asset.company, slug)
        return slug

    def _rules(self, slug: str, asset: Asset, new: bool) -> list[dict[str, Any]]:
        """Domain rules for the asset's hosts that do not resolve to `slug` yet."""
        rules: list[dict[str, Any]] = []
        for url in asset.urls:
            account = None
            if on_platform(url.host):
                # Rutube's own site is rutube.ru: a platform's host takes only accounts; a
                # site that is an account's page (t.me/<channel>/<post>) names the account
                account = account_prefix(url.host, url.path)
                if account is None and self.platforms.refused(
                    f"line {url.line}", url.host, url.path
                ):
                    continue
            owner = self.hosts.resolve(url.host, url.path, whole=not url.path)
            if owner == slug:
                continue
            if owner is not None:
                self.skipped.append(
                    f"line {url.line}: {url.host}{url.path} already resolves to '{owner}'"
                )
                continue
            if account is not None:  # the site column names an account (t.me/<channel>)
                rules.append({"host": account[0], "path_prefix": account[1], "role": "account"})
                self.hosts.add(account[0], account[1], slug)
                continue
            first = new and all(r["role"] in ("former", "account") for r in rules)
            role = self._role(slug, url, first)
            rules.append({"host": url.host, "path_prefix": url.path, "role": role})
            self.hosts.add(url.host, url.path, slug)
            self.domains.setdefault(slug, set()).add(_registrable(url.host))
        return rules + self._accounts(slug, asset)

    def _accounts(self, slug: str, asset: Asset) -> list[dict[str, Any]]:
        """Account rules for the asset's social links that do not resolve to `slug` yet."""
        self.skipped.extend(asset.odd_links)
        rules: list[dict[str, Any]] = []
        for account in asset.accounts:
            owner = self.hosts.resolve(account.host, account.path, whole=False)
            if owner == slug:
                continue
            if owner is not None:
                self.skipped.append(
                    f"line {account.line}: account {account.host}{account.path}"
                    f" already resolves to '{owner}'"
                )
                continue
            rules.append({"host": account.host, "path_prefix": account.path, "role": "account"})
            self.hosts.add(account.host, account.path, slug)
        return rules

    def _role(self, slug: str, url: AssetUrl, first: bool) -> str:
        if not url.current:
            self.skipped.append(f"line {url.line}: {url.host} not functional: a former rule")
            return "former"
        if first:
            return "primary"
        same = _registrable(url.host) in self.domains.get(slug, set())
        return "language_edition" if same else "mirror"

    def _label(self, slug: str, asset: Asset) -> list[dict[str, Any]]:
        if asset.uncertain:
            self.skipped.append(
                f"line {asset.line}: typology {asset.uncertain!r} is uncertain: no label"
            )
        if asset.typology is None:
            return []
        label = label_of(asset.typology)
        key = (slug, label["kind"], ISSUER)
        if key in self.labels:
            return []
        self.labels.add(key)
        return [{**label, "citation": self.citation}]

    def _relation(self, slug: str, asset: Asset) -> list[dict[str, Any]]:
        if slug in self.owned:
            return []
        self.owned.add(slug)
        company = self._company(asset)
        return [
            {
                "kind": "controlled_by",
                "object": company,
                "as_of": AS_OF.isoformat(),
                "citation": self.citation,
            }
        ]

    def _create(self, asset: Asset) -> None:
        slug = unique_slug(slugify(asset.name), self.slugs, (asset.country or "").lower())
        self.by_name.setdefault((name_key(asset.name), asset.country), []).append(slug)
        outlet = {
            "slug": slug,
            "name": asset.name[:200],
            "country": asset.country,
            "kind": _kind(asset.typology),
            "citation": self.citation,
            "domains": self._rules(slug, asset, new=True),
            "relations": self._relation(slug, asset),
            "labels": self._label(slug, asset),
        }
        self.cur.outlets.create(outlet)

    def _extend(self, slug: str, asset: Asset) -> None:
        for rule in self._rules(slug, asset, new=False):
            self.cur.domain_rules.create({"outlet": slug, **rule})
        for label in self._label(slug, asset):
            self.cur.labels.create({"outlet": slug, **label})
        for relation in self._relation(slug, asset):
            self.cur.relations.create({"subject_outlet": slug, **relation})


def _kind(code: str | None) -> str:
    """The outlet kind a typology implies: independent public and state-funded media are
    public_service; captured private media private; no typology, unknown."""
    return "unknown" if code is None else OUTLET_KIND.get(code, "public_service")


def _registrable(host: str) -> str:
    return urls.registrable_domain(host) or host


def import_text(
    cur: Curator, text: str, name: str, *, accessed: dt.date | None = None
) -> ChangeReport:
    """Import the matrix's text in `cur`'s unit of work; the report's `skipped` lists what
    was left out or changed on the way (hosts of other outlets, uncertain typologies, former
    hosts)."""
    assets = read_assets(text)
    run = StateMediaImport(cur, accessed or dt.date.today())
    run.run(assets)
    return cur.report(run.skipped, platform_hosts=run.platforms.left_out)
