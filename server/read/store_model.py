"""A read model served from a store file (server/read/store.py) plus an overlay of what changed
since the file was written: the worker-side half of `READ_STORE_DIR`.

`StoreModel` answers what `ReadModel` answers (lookup.py and index.py call the same
members), byte for byte: outlets the change log names since the store's version — "touched",
with every outlet whose ownership walk reaches a changed entity and everything citing a
changed citation (`touched_outlets`) — come from an overlay, a `ReadModel` made from those
outlets' own rows and the entities and citations their records reach (`overlay_tables`);
every other outlet comes from the file. Matching merges the two: the file's rules of touched
outlets are ignored, the overlay's rules take their place (`StoreIndex`).

A worker holds the overlay, an LRU of hot records and the article-key sets; the rest stays
in the file's shared pages.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from typing import Any

from orjson import Fragment
from sqlalchemy import Connection, select

from ..matching import DomainIndex, Rule
from ..presenters.domain_rule import matched_rule
from ..presenters.outlet import record_url
from ..web.jsonbytes import dumps
from .build import Loader
from .changes import Changes
from .memo import Memo
from .model import MAX_BATCH_RESULT_BYTES, MAX_BATCH_RESULTS, ReadModel, has_key
from .record_cache import RecordCache
from .rows import Tables
from .store import StoreFile
from .tables import CITATIONS, ENTITIES, LABELS, OUTLETS, RELATIONS, RULES

MATCH_MEMO = 10_000  # `domain_rule` fragments kept per model (emptied when full)


def _kept(rules: tuple[Rule, ...], touched: frozenset[int]) -> Rule | None:
    """The first of the file's rules under one key whose outlet the overlay does not hold."""
    for rule in rules:
        if rule.outlet_id not in touched:
            return rule
    return None


def _first(a: Rule | None, b: Rule | None) -> Rule | None:
    """Of two rules with one matching key, the one `DomainIndex` keeps (the lower id)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a.rule_id < b.rule_id else b


class _Prefixes:
    """One host's path-prefix rules: the file's (touched outlets' left out: the next rule
    under the same key, if any, takes their place) and the overlay's."""

    __slots__ = ("_host", "_over", "_store", "_touched")

    def __init__(
        self, store: StoreFile, host: str, over: Mapping[str, Rule] | None, touched: frozenset[int]
    ) -> None:
        self._store, self._host, self._over, self._touched = store, host, over, touched

    def get(self, prefix: str) -> Rule | None:
        rule = _kept(self._store.rules(self._host, prefix), self._touched)
        over = self._over
        return _first(rule, over.get(prefix)) if over is not None else rule


class _View:
    """The three maps `DomainIndex.match` reads (`_whole`, `_prefixed`, `_longest`), over the
    file and the overlay."""

    __slots__ = ("_over", "_store", "_touched")

    def __init__(self, store: StoreFile, over: DomainIndex | None, touched: frozenset[int]) -> None:
        self._store, self._over, self._touched = store, over, touched

    def whole(self, host: str) -> Rule | None:
        rule = _kept(self._store.rules(host, ""), self._touched)
        over = self._over
        return _first(rule, over._whole.get(host)) if over is not None else rule

    def prefixed(self, host: str) -> _Prefixes | None:
        over = self._over._prefixed.get(host) if self._over is not None else None
        if over is None and not self._store.longest(host):
            return None
        return _Prefixes(self._store, host, over, self._touched)

    def longest(self, host: str) -> int:
        over = self._over._longest.get(host, 0) if self._over is not None else 0
        return max(self._store.longest(host) or 0, over)


class _Getter:
    __slots__ = ("get",)

    def __init__(self, get: Any) -> None:
        self.get = get


class StoreIndex(DomainIndex):
    """`DomainIndex` whose maps are the store file's matching keys with the overlay's: the
    same `match` code runs over them."""

    def __init__(self, store: StoreFile, over: DomainIndex | None, touched: frozenset[int]) -> None:
        view = _View(store, over, touched)
        self._whole = _Getter(view.whole)  # type: ignore[assignment]
        self._prefixed = _Getter(view.prefixed)  # type: ignore[assignment]
        self._longest = _LongestMap(view.longest)  # type: ignore[assignment]
        self._count = store.rule_count + (len(over) if over is not None else 0)


class _LongestMap:
    __slots__ = ("_longest",)

    def __init__(self, longest: Any) -> None:
        self._longest = longest

    def __getitem__(self, host: str) -> int:
        return self._longest(host)  # type: ignore[no-any-return]


class StoreModel:
    """The read model of `version`: the store file and the overlay of the outlets touched
    since its version (see module). `keys`: the article-key sets when articles changed since
    the file (else the file's). Unlike a `ReadModel` it holds no `key_set` document: the
    index it serves is the file's, and so is `prefix_bits`, the bucket length that index
    publishes: the extension names hash buckets by it (`/api/v1/reports/hash/<prefix>`), so
    the server must take it until the next file, even when the keys since would give
    another length."""

    def __init__(
        self,
        version: int,
        store: StoreFile,
        overlay: ReadModel | None,
        touched: frozenset[int],
        record_cache: RecordCache[tuple[bytes, str]],
        keys: tuple[array[int] | None, array[int]] | None = None,
    ) -> None:
        self.version = version
        self.store = store
        self.overlay = overlay
        self.touched = touched
        self.index: DomainIndex = StoreIndex(store, overlay.index if overlay else None, touched)
        if keys is None:  # the file's (no article changed since it)
            self.article_keys, self.linked_keys = store.article_keys, store.linked_keys
        else:
            self.article_keys, self.linked_keys = keys
        self.prefix_bits = store.prefix_bits  # the served index's (see above)
        self._record_cache = record_cache
        self._matches: dict[int, Fragment] = {}
        self.batch_results = Memo(MAX_BATCH_RESULTS, MAX_BATCH_RESULT_BYTES)

    def may_have_article(self, url_sha256: str) -> bool:
        """See `ReadModel.may_have_article`."""
        return has_key(self.article_keys, url_sha256)

    def record(self, outlet_id: int, base_url: str) -> Fragment | None:
        """The outlet's public record (see `ReadModel.record`)."""
        if outlet_id in self.touched:
            return self.overlay.record(outlet_id, base_url) if self.overlay is not None else None
        store = self.store
        found = self._record_cache.get((outlet_id, -store.version), lambda: _head(store, outlet_id))
        if not found[0]:
            return None
        head, slug = found
        url = dumps(record_url(base_url, slug))
        return Fragment(b"".join((head, b',"record_url":', url, b"}")))

    def domain_rule(self, rule: Rule | None) -> Fragment | None:
        """See `ReadModel.domain_rule`."""
        if rule is None:
            return None
        found = self._matches.get(rule.rule_id)
        if found is None:
            if len(self._matches) >= MATCH_MEMO:
                self._matches.clear()
            matched = matched_rule(rule.host, rule.path_prefix, rule.role)
            found = self._matches[rule.rule_id] = Fragment(dumps(matched))
        return found

    def batch_outlet(self, outlet_id: int) -> Fragment | None:
        """See `ReadModel.batch_outlet` (read from the file each time: not kept per worker)."""
        if outlet_id in self.touched:
            return self.overlay.batch_outlet(outlet_id) if self.overlay is not None else None
        found = self.store.outlet(outlet_id)
        if found is None or found[2] == b"null":
            return None
        return Fragment(found[2])


def _head(store: StoreFile, outlet_id: int) -> tuple[bytes, str]:
    found = store.outlet(outlet_id)
    return (b"", "") if found is None else (found[1], found[0])


# --------------------------------------------------------------------------- the overlay


def _ids(values: Iterable[Any]) -> set[int]:
    return {v for v in values if v is not None}


def _reachers(conn: Connection, entities: set[int]) -> set[int]:
    """The outlets whose ownership walk reaches any of `entities` now (relations walked up
    from their objects; at most one statement per level of the graph)."""
    r = RELATIONS.c
    outlets: set[int] = set()
    seen, frontier = set(entities), set(entities)
    while frontier:
        rows = conn.execute(
            select(r.subject_outlet_id, r.subject_entity_id).where(
                r.object_entity_id.in_(list(frontier))
            )
        ).all()
        outlets |= _ids(row[0] for row in rows)
        frontier = _ids(row[1] for row in rows) - seen
        seen |= frontier
    return outlets


def _citing(conn: Connection, citations: frozenset[int]) -> tuple[set[int], set[int]]:
    """The outlets and entities whose rows cite any of `citations` now."""
    if not citations:
        return set(), set()
    ids = list(citations)
    outlets = _ids(
        conn.execute(select(OUTLETS.c.id).where(OUTLETS.c.citation_id.in_(ids))).scalars()
    )
    outlets |= _ids(
        conn.execute(select(LABELS.c.outlet_id).where(LABELS.c.citation_id.in_(ids))).scalars()
    )
    rows = conn.execute(
        select(RELATIONS.c.subject_outlet_id, RELATIONS.c.subject_entity_id).where(
            RELATIONS.c.citation_id.in_(ids)
        )
    ).all()
    return outlets | _ids(row[0] for row in rows), _ids(row[1] for row in rows)


def touched_outlets(conn: Connection, changes: Changes) -> frozenset[int]:
    """Every outlet whose record, badge or rules the changes may have changed: its own rows
    changed, or its ownership walk reaches a changed entity (or the subject of a changed
    relation), or its record cites a changed citation. Walking the graph as it is now is
    enough: an edge that left a walk had a subject nearer the outlet, which is in the log."""
    cited_outlets, cited_entities = _citing(conn, changes.citations)
    entities = set(changes.entities) | cited_entities
    return frozenset(set(changes.outlets) | cited_outlets | _reachers(conn, entities))


def overlay_tables(conn: Connection, outlets: frozenset[int]) -> Tables:
    """The rows the records, badges and rules of `outlets` are made from: theirs, the
    entities their walks reach with those entities' relations, and every citation cited."""
    load = Loader(conn)
    ids = list(outlets)
    of_outlet = load.relations(RELATIONS.c.subject_outlet_id.in_(ids))[0] if ids else {}
    of_entity: dict[int, tuple[tuple[Any, ...], ...]] = {}
    frontier = {r[3] for rels in of_outlet.values() for r in rels}
    seen = set(frontier)
    while frontier:
        found = load.relations(RELATIONS.c.subject_entity_id.in_(list(frontier)))[1]
        of_entity.update(found)
        frontier = {r[3] for rels in found.values() for r in rels} - seen
        seen |= frontier
    table_outlets = load.outlets(OUTLETS.c.id.in_(ids)) if ids else {}
    labels = load.labels(LABELS.c.outlet_id.in_(ids)) if ids else {}
    cited = {o[12] for o in table_outlets.values()}
    cited |= {x[6] for labs in labels.values() for x in labs}
    cited |= {r[9] for rels in (*of_outlet.values(), *of_entity.values()) for r in rels}
    cited = _ids(cited)
    return Tables(
        load.rules(RULES.c.outlet_id.in_(ids)) if ids else [],
        table_outlets,
        labels,
        of_outlet,
        of_entity,
        load.entities(ENTITIES.c.id.in_(list(seen))) if seen else {},
        load.citations(CITATIONS.c.id.in_(list(cited))) if cited else {},
        None,
        array("Q"),
    )


def make_overlay(conn: Connection, version: int, outlets: frozenset[int]) -> ReadModel | None:
    """The overlay model of `outlets` at `version` (None when there are none)."""
    if not outlets:
        return None
    tables = overlay_tables(conn, outlets)
    return ReadModel(version, tables, record_cache_size=max(1, len(outlets)))
