"""Import news outlets and their owners from Wikidata (`flask import FILE --format wikidata
[--dry-run]`, or `--live Q1 Q2` / `--live query.rq` fetched by `wikidata_live`).

Source: Wikidata (CC0). The file is entity JSON or SPARQL results (`wikidata_claims`).
- An item whose P31 is a news-media class (`wikidata_kinds.NEWS_CLASSES`) is an outlet. It
  is the outlet already stored with its QID, else the one a P856 host resolves to, else the
  one of the same name and country; found, it gets its QID if it had none and the P856 hosts
  no outlet holds yet (a host of a registrable domain it holds: `language_edition`, else
  `mirror`); its own fields stay as curated. Otherwise a new outlet: name, English aliases,
  country (P17, by the country item's ISO code P297 or its English name), founded (P571,
  only when Wikidata gives the day), kind (`wikidata_kinds.outlet_kind`), website, QID, the
  first P856 host `primary`.
- P127 owned by -> `owned_by` (P1107 share), P749 parent organization -> `controlled_by`,
  P8324 funder -> `funded_by`; P580/P582 give since/until (a year or month as its first
  day, the precision said in the note). Owners are entities found by QID, then by name, or
  created (kind from P31 / P1454); an owner's own P127/P749/P8324 are followed the same way
  when the file holds its item.
- Each fact cites the item (https://www.wikidata.org/wiki/Q...), `accessed` the import day;
  `as_of` is the statement's reference retrieved date (P813) when it has a reference URL
  (P854, named in the note), else the item's last `modified` date, else the import day.
Curated records win: a relation already stored from another source, an object already
reached through the stored graph, or a second current owner of a kind a curated relation
holds is left out and reported; a relation this importer made before is brought up to date.
Unsupported statements and items are counted in the report. Running it twice changes
nothing; any error names its line and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Any

from sqlalchemy import select

from .. import urls
from ..curation import Curator
from ..curation.report import ChangeReport
from ..models import Citation, Entity, Outlet, Relation
from .common import PlatformHosts, at
from .country_names import country_code
from .host_kinds import non_news_reason
from .reconcile import EntityNames, HostMap, name_key, slugify, unique_slug
from .wikidata_claims import read_bundle
from .wikidata_kinds import (
    PROPERTY_NAMES,
    RELATION_OF,
    entity_kind,
    is_news,
    outlet_kind,
    relation_values,
)
from .wikidata_values import Bundle, Edge, Item

ITEM_URL = "https://www.wikidata.org/wiki/"
MAX_DEPTH = 6  # owners of owners followed at most this far
Node = tuple[str, int]  # ("outlet" | "entity", id)
DATES = ("since", "until", "as_of")


def item_url(qid: str) -> str:
    return ITEM_URL + qid


class WikidataImport:
    def __init__(self, cur: Curator, bundle: Bundle, accessed: dt.date) -> None:
        self.cur = cur
        self.bundle = bundle
        self.accessed = accessed
        self.skipped: list[str] = []
        self.platforms = PlatformHosts()
        session = cur.session
        cur.preload(Outlet, Entity)
        self.hosts = HostMap.stored(session)
        self.names = EntityNames(session)
        self.outlet_slugs = {o.slug for o in session.scalars(select(Outlet))}
        self.outlets: dict[str, Outlet] = {}  # by QID
        self.by_name: dict[tuple[str, str | None], Outlet] = {}
        self.domains: dict[str, set[str]] = {}
        for outlet in session.scalars(select(Outlet).order_by(Outlet.id)):
            if outlet.wikidata_qid:
                self.outlets.setdefault(outlet.wikidata_qid, outlet)
            self.by_name.setdefault((name_key(outlet.name), outlet.country), outlet)
            self.domains[outlet.slug] = {_registrable(r.host) for r in outlet.domains}
        self.entities: dict[str, Entity] = {}
        for entity in session.scalars(select(Entity).order_by(Entity.id)):
            if entity.wikidata_qid:
                self.entities.setdefault(entity.wikidata_qid, entity)
        self._load_relations()

    def _load_relations(self) -> None:
        rows = self.cur.session.execute(
            select(Relation, Citation.url).join(Citation, Relation.citation_id == Citation.id)
        )
        self.relations: dict[tuple[Node, str, int], tuple[Relation, str]] = {}
        self.touched: set[tuple[Node, str, int]] = set()  # relations this run has stated
        self.graph: dict[Node, set[int]] = {}
        self.curated_current: dict[tuple[Node, str], set[int]] = {}
        for rel, url in rows:
            subject = _node(rel)
            self.relations[(subject, rel.kind, rel.object_entity_id)] = (rel, url)
            self.graph.setdefault(subject, set()).add(rel.object_entity_id)
            if rel.until is None and not url.startswith(ITEM_URL):
                self.curated_current.setdefault((subject, rel.kind), set()).add(
                    rel.object_entity_id
                )

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> None:
        given = self.cur.comment
        queue: deque[tuple[Item, Outlet | Entity, int]] = deque()
        reached: set[str] = set()
        try:
            for item in self.bundle.items.values():
                if not is_news(item.classes):
                    continue
                with self._at(item):
                    outlet = self._outlet(item)
                if outlet is not None:
                    queue.append((item, outlet, 0))
                    reached.add(item.qid)
            while queue:
                item, subject, depth = queue.popleft()
                with self._at(item):
                    for edge in item.edges:
                        target = self._edge(item, subject, edge)
                        owner_item = self.bundle.items.get(edge.target)
                        if target is None or owner_item is None or edge.target in reached:
                            continue
                        reached.add(edge.target)
                        if depth + 1 < MAX_DEPTH:
                            queue.append((owner_item, target, depth + 1))
        finally:
            self.cur.comment = given
        self._report_unused(reached)

    def _at(self, item: Item) -> Any:
        self.cur.comment = (
            f"source: Wikidata (CC0) {item.qid}, {item_url(item.qid)}, "
            f"accessed {self.accessed.isoformat()}"
        )
        return at(f"{item.qid} ({(item.label or '')[:60]!r})", lambda: item.line)

    def _report_unused(self, reached: set[str]) -> None:
        used = set(reached)
        for item in self.bundle.items.values():
            used.update(item.countries + item.legal_forms + item.classes)
        for item in self.bundle.items.values():
            if item.qid not in used and item.label and not is_news(item.classes):
                self.skipped.append(
                    f"{item.qid} ({item.label}): not a news outlet nor an outlet's owner, ignored"
                )
        for what, count in sorted(self.bundle.ignored.items()):
            self.skipped.append(f"ignored {count} x {what}")

    # -- outlets ---------------------------------------------------------------------------
    def citation(self, item: Item) -> dict[str, Any]:
        return {
            "url": item_url(item.qid),
            "title": f"Wikidata: {item.label or item.qid} ({item.qid})"[:500],
            "publisher": "Wikidata",
            "accessed": self.accessed.isoformat(),
        }

    def _outlet(self, item: Item) -> Outlet | None:
        if not item.label:
            self.skipped.append(f"{item.qid}: no label, not imported")
            return None
        country = self._country(item)
        hosts = self._hosts(item)
        found = self.outlets.get(item.qid)
        for host, _website in hosts:
            if found is None and (slug := self.hosts.resolve(host)) is not None:
                found = self.cur.find(Outlet, slug)
        found = found or self.by_name.get((name_key(item.label), country))
        if found is not None:
            return found if self._extend(found, item, [h for h, _ in hosts]) else None
        slug = unique_slug(slugify(item.label), self.outlet_slugs, (country or "").lower())
        founded = item.inception
        if founded is not None and founded.precision < 11:
            self.skipped.append(
                f"{item.qid}: inception {founded.shown()} is not a day: founded left empty"
            )
            founded = None
        if founded is not None and founded.day > self.accessed:
            founded = None
        forms = [self._label(q) for q in item.legal_forms]
        outlet = self.cur.outlets.create(
            {
                "slug": slug,
                "name": item.label[:200],
                "other_names": [a[:200] for a in item.aliases if a != item.label][:10],
                "country": country,
                "kind": outlet_kind(item.classes, forms),
                "founded": founded.day.isoformat() if founded else None,
                "website": hosts[0][1] if hosts else None,
                "wikidata_qid": item.qid,
                "citation": self.citation(item),
                "domains": self._rules(slug, [h for h, _ in hosts], new=True),
            }
        )
        self.outlets[item.qid] = outlet
        self.by_name.setdefault((name_key(item.label), country), outlet)
        return outlet  # type: ignore[no-any-return]

    def _extend(self, outlet: Outlet, item: Item, hosts: list[str]) -> bool:
        """Give a stored outlet the item's QID and hosts; False when it is another item's
        (then nothing of the item is attached to it)."""
        if outlet.wikidata_qid is None:
            self.cur.outlets.update(outlet.slug, {"wikidata_qid": item.qid}, if_match=None)
        elif outlet.wikidata_qid != item.qid:
            self.skipped.append(
                f"{item.qid}: matches outlet '{outlet.slug}', which is "
                f"{outlet.wikidata_qid}: left as is"
            )
            return False
        self.outlets[item.qid] = outlet
        for rule in self._rules(outlet.slug, hosts, new=False):
            self.cur.domain_rules.create({"outlet": outlet.slug, **rule})
        return True

    def _hosts(self, item: Item) -> list[tuple[str, str]]:
        """(host, canonical website) of each P856 an outlet's domain rule can be: not a
        platform's (a Facebook page as the website would claim all of facebook.com), not
        a CDN, shop or short-link host, not a public suffix or an address."""
        out: list[tuple[str, str]] = []
        for website in item.websites:
            try:
                canonical = urls.canonicalize(urls.front_door(website))
            except urls.InvalidURL:
                self.skipped.append(f"{item.qid}: website {website!r} is not a URL")
                continue
            host, _path = urls.split(canonical)
            # its rules are whole hosts: a platform's (a Facebook page as the website) never
            if self.platforms.refused(f"{item.qid}: website {website}", host, ""):
                continue
            reason = non_news_reason(host)
            if urls.registrable_domain(host) is None and reason is None:
                reason = "an address"
            if reason is not None:
                self.skipped.append(f"{item.qid}: website {website} is {reason} host, left out")
            elif host not in [h for h, _ in out]:
                out.append((host, canonical))
        return out

    def _rules(self, slug: str, hosts: list[str], new: bool) -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = []
        held = self.domains.setdefault(slug, set())
        for host in hosts:
            owner = self.hosts.resolve(host)
            if owner == slug:
                continue
            if owner is not None:
                self.skipped.append(f"{host}: already resolves to '{owner}', left to it")
                continue
            if new and not rules:
                role = "primary"
            else:
                role = "language_edition" if _registrable(host) in held else "mirror"
            rules.append({"host": host, "role": role})
            self.hosts.add(host, "", slug)
            held.add(_registrable(host))
        return rules

    def _label(self, qid: str) -> str | None:
        item = self.bundle.items.get(qid)
        return item.label if item else None

    def _country(self, item: Item) -> str | None:
        codes: set[str] = set()
        for qid in item.countries:
            found = self.bundle.items.get(qid)
            code = found.iso_code if found else None
            if code is None and found is not None and found.label:
                try:
                    code = country_code(found.label)
                except KeyError:
                    code = None
            if code is None:
                self.skipped.append(f"{item.qid}: country {qid} has no ISO code in the file")
            elif len(code) == 2 and code.isalpha():
                codes.add(code.upper())
        if len(codes) > 1:
            self.skipped.append(f"{item.qid}: several countries {sorted(codes)}: none set")
        return codes.pop() if len(codes) == 1 else None

    # -- owners and relations --------------------------------------------------------------
    def _entity(self, qid: str) -> Entity | None:
        found = self.entities.get(qid)
        if found is not None:
            return found
        item = self.bundle.items.get(qid)
        if item is None or not item.label:
            return None
        slug = self.names.find(item.label)
        if slug is not None:
            entity = self.cur.find(Entity, slug)
            if entity is not None and entity.wikidata_qid in (None, qid):
                if entity.wikidata_qid is None:
                    self.cur.entities.update(slug, {"wikidata_qid": qid}, if_match=None)
                self.entities[qid] = entity
                return entity
        slug = unique_slug(slugify(item.label), self.names.slugs)
        forms = [self._label(q) for q in item.legal_forms]
        entity = self.cur.entities.create(
            {
                "slug": slug,
                "name": item.label[:300],
                "kind": entity_kind(item.classes, forms),
                "country": self._country(item),
                "wikidata_qid": qid,
            }
        )
        self.names.remember(item.label, slug)
        self.entities[qid] = entity
        return entity  # type: ignore[no-any-return]

    def _edge(self, item: Item, subject: Outlet | Entity, edge: Edge) -> Entity | None:
        """Record one edge; the object entity (also when the edge itself is left out)."""
        kind = RELATION_OF[edge.prop]
        what = f"{item.qid} {PROPERTY_NAMES[edge.prop]} {edge.target}"
        target = self._entity(edge.target)
        if target is None:
            self.skipped.append(f"{what}: no label for {edge.target} in the file, left out")
            return None
        node: Node = ("outlet" if isinstance(subject, Outlet) else "entity", subject.id)
        if node == ("entity", target.id):
            return None
        relation = {
            **relation_values(item, edge, target.name, self.accessed),
            "object": target.slug,
            "citation": self.citation(item),
        }
        key = (node, kind, target.id)
        if key in self.touched:  # one relation per owner: the first statement is kept
            self.skipped.append(f"{what}: another statement of the same {kind}, left out")
            return target
        self.touched.add(key)
        stored = self.relations.get(key)
        if stored is not None:
            rel, url = stored
            if url != item_url(item.qid):
                return target  # stated by another source: curated records win
            changes = {k: relation[k] for k in ("share", "since", "until", "as_of", "note")}
            dates = {k: getattr(rel, k) and getattr(rel, k).isoformat() for k in DATES}
            share = None if rel.share is None else float(rel.share)
            if changes != {**dates, "share": share, "note": rel.note}:
                self.cur.relations.update(rel.id, changes, if_match=None)
            return target
        if target.id in self._reachable(node):
            self.skipped.append(f"{what}: '{target.slug}' is already reached through the records")
            return target
        curated = self.curated_current.get((node, kind), set())
        if edge.until is None and curated - {target.id}:
            self.skipped.append(
                f"{what}: a curated current {kind} relation is stored; left for a maintainer"
            )
            return target
        subject_key = "subject_outlet" if node[0] == "outlet" else "subject_entity"
        rel = self.cur.relations.create({subject_key: subject.slug, **relation})
        self.relations[key] = (rel, item_url(item.qid))
        self.graph.setdefault(node, set()).add(target.id)
        return target

    def _reachable(self, node: Node) -> set[int]:
        seen: set[int] = set()
        todo = list(self.graph.get(node, ()))
        while todo:
            ident = todo.pop()
            if ident not in seen:
                seen.add(ident)
                todo.extend(self.graph.get(("entity", ident), ()))
        return seen


def _node(rel: Relation) -> Node:
    if rel.subject_outlet_id is not None:
        return ("outlet", rel.subject_outlet_id)
    return ("entity", rel.subject_entity_id or 0)


def _registrable(host: str) -> str:
    return urls.registrable_domain(host) or host


def import_bundle(cur: Curator, bundle: Bundle, accessed: dt.date | None = None) -> ChangeReport:
    run = WikidataImport(cur, bundle, accessed or dt.date.today())
    run.run()
    return cur.report(run.skipped, platform_hosts=run.platforms.left_out)


def import_text(
    cur: Curator, text: str, name: str, *, accessed: dt.date | None = None
) -> ChangeReport:
    """Import a Wikidata JSON file's text in `cur`'s unit of work."""
    return import_bundle(cur, read_bundle(text), accessed)
