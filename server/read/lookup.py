"""The read path: URL -> outlet, ownership, labels and report links. Hot, so kept lean.

Per data version, each worker loads the whole-dataset tables once into compact in-memory
maps (a `Snapshot`: the domain index, outlets, their rules, labels, ownership relations,
entities, citations and every outlet's badge), so matching a URL and building an outlet
record never touch the database. A cache-miss single lookup runs exactly one SQL statement
(the article with its own and its story's report links); a batch runs none. Answers are
assembled from pre-serialized JSON pieces (each outlet's record is serialized once per
version), byte for byte what `json.dumps` of the whole document would give.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, Date, and_, bindparam, func, or_, select, union_all

from .. import urls
from ..errors import BadRequest
from ..matching import DomainIndex, Rule
from ..models import (
    Article,
    Citation,
    DomainRule,
    Entity,
    Label,
    Outlet,
    Relation,
    ReportLink,
    Story,
)
from ..web.jsonbytes import dumps
from .ownership import walk_ownership
from .ownership_compose import OwnershipComposer
from .records import (
    citation_of,
    domain_json,
    edge_json,
    iso,
    label_of,
    number,
    ownership_from,
    record_from,
)

ARTICLES = Article.__table__
LINKS = ReportLink.__table__
STORIES = Story.__table__
OUTLETS = Outlet.__table__
RULES = DomainRule.__table__
LABELS = Label.__table__
RELATIONS = Relation.__table__
ENTITIES = Entity.__table__
CITATIONS = Citation.__table__

MAX_BATCH = 100
HASH_PREFIX_MIN, HASH_PREFIX_MAX = 4, 16
# Per-version memo size (entries are pre-serialized JSON; oldest dropped first).
MAX_BADGE_RESULTS = 100_000  # batch results by raw URL


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building big, acyclic structures.

    Allocating a few hundred thousand tuples would otherwise trigger collections that
    rescan everything built so far (a third of the build time at 100k outlets).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle(snapshot: Snapshot) -> None:
    """After a snapshot is built: collect once, then freeze what is alive.

    Frozen objects are never rescanned, so full collections stay cheap whatever the size
    of the dataset (otherwise each one walks the whole snapshot: a ~0.2 s pause at 100k
    outlets, which shows in p99; with the app's own objects, ~0.15 s at 1k).
    The snapshot is acyclic, so dropping it at the next data version
    frees it by reference counting; `unfreeze` first lets this collection see what earlier
    freezes kept.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _Memo:
    """A bounded dict for values derived from one snapshot: lock-free reads, FIFO eviction.

    An OrderedDict, as dropping the oldest key of a plain dict over and over scans the
    ever longer run of deleted slots at its front (eviction would cost O(size)).
    """

    __slots__ = ("_data", "_lock", "_max")

    def __init__(self, maxsize: int) -> None:
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._max = maxsize
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        return self._data.get(key)

    def put(self, key: Any, value: Any) -> None:
        data = self._data
        with self._lock:
            data[key] = value
            while len(data) > self._max:
                data.popitem(last=False)


class OutletRow(NamedTuple):
    """An outlet with its citation, as `records.fetch_outlet_row` returns it."""

    id: int
    slug: str
    name: str
    other_names: Any
    description: str | None
    country: str | None
    languages: Any
    kind: str
    founded: Any
    website: str | None
    wikidata_qid: str | None
    status: str
    version: int
    c_url: str | None
    c_title: str | None
    c_publisher: str | None
    c_accessed: Any


class RelationRow(NamedTuple):
    """The columns of `records._relation_rows`."""

    id: int
    subject_outlet_id: int | None
    subject_entity_id: int | None
    kind: str
    share: Any
    since: Any
    until: Any
    as_of: Any
    object_entity_id: int
    o_slug: str
    o_name: str
    o_kind: str
    o_country: str | None
    c_url: str | None
    c_title: str | None
    c_publisher: str | None
    c_accessed: Any


_NO_CITATION = (None, None, None, None)


class Badge(NamedTuple):
    """What a badge shows: the index and batch lookups are made of these."""

    slug: str
    name: str
    kind: str
    country: str | None
    labels: tuple[str, ...]  # kinds of the labels in force today
    owner: str | None  # ultimate owners' names, "; "-separated

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "labels": list(self.labels),
            "owner": self.owner,
        }


class Snapshot:
    """What one worker holds in memory for one data version.

    Rows are kept as plain tuples of shared values (cheap to hold for 100k outlets, and
    invisible to the cyclic garbage collector) and turned into the row shapes
    `server.records` formats only when an outlet's record is first needed.

    outlets: id -> (slug, name, other_names, description, country, languages, kind, founded,
             website, wikidata_qid, status, version, citation_id); the two lists may still
             be JSON text
    labels: outlet id -> ((kind, issuer, text, since, until, as_of, citation_id), ...)
    relations_of_outlet / relations_of_entity: subject id -> ((id, subject_outlet_id,
             subject_entity_id, object_entity_id, kind, share, since, until, as_of,
             citation_id), ...), by relation id
    entities: id -> (slug, name, kind, country); citations: id -> (url, title, publisher,
             accessed)
    """

    def __init__(
        self,
        version: int,
        rules: list[Rule],
        outlets: dict[int, tuple[Any, ...]],
        labels: dict[int, tuple[tuple[Any, ...], ...]],
        relations_of_outlet: dict[int, tuple[tuple[Any, ...], ...]],
        relations_of_entity: dict[int, tuple[tuple[Any, ...], ...]],
        entities: dict[int, tuple[Any, ...]],
        citations: dict[int, tuple[Any, ...]],
        article_keys: array[int] | None = None,
    ) -> None:
        self.version = version
        self.article_keys = article_keys
        self.version_bytes = str(version).encode()
        self.rules = rules
        self.index = DomainIndex(rules)
        self.outlets = outlets
        self.labels = labels
        self.relations_of_outlet = relations_of_outlet
        self.relations_of_entity = relations_of_entity
        self.entities = entities
        self.citations = citations
        rules_of: dict[int, list[Rule]] = defaultdict(list)
        for rule in rules:  # rules come ordered by id, as records.domains_json lists them
            rules_of[rule.outlet_id].append(rule)
        self.rules_of = {k: tuple(v) for k, v in rules_of.items()}
        self.badges = self._badges()
        self._citation_dicts: dict[int | None, dict[str, Any] | None] = {}
        self._owners = OwnershipComposer(
            lambda entity_id: self._relation_rows(relations_of_entity.get(entity_id, ())), dumps
        )
        self._owners.build(entities)
        # Every outlet's record, serialized now rather than on its first lookup: with
        # 100,000 outlets a cache-miss lookup would otherwise build a record it has never
        # built (~80 µs, twice that under load) in most cases. ~2 KB per outlet, 4 s at 100k.
        self._records = {oid: self._record_head(oid) for oid in outlets}
        self._matches: dict[int, bytes] = {}
        self._badge_json: dict[int, bytes] = {}
        self.badge_results = _Memo(MAX_BADGE_RESULTS)

    # -- badges: what the index and batch lookups show (no SQL) -----------------------

    def _badges(self) -> dict[int, Badge]:
        today = dt.date.today().isoformat()
        entities = self.entities
        # Current edges only (no `until`), in relation id order.
        edges: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for eid, rels in self.relations_of_entity.items():
            current = [{"object_key": ("entity", r[3])} for r in rels if r[7] is None]
            if current:
                edges[("entity", eid)] = current

        def owner_of(hops: tuple[int, ...]) -> str | None:
            start = ("outlet", 0)
            first = [{"object_key": ("entity", h)} for h in hops]
            walk = walk_ownership(
                start, lambda n: first if n == start else edges.get(n, []), max_paths=5
            )
            names = [
                entities[key[1]][1]
                for key in walk.ultimate_owners
                if key[0] == "entity" and key[1] in entities
            ]
            return "; ".join(dict.fromkeys(names)) or None

        # An outlet is never the object of a relation, so the walk from an outlet depends
        # only on its first hops: outlets sharing them share the answer.
        owners: dict[tuple[int, ...], str | None] = {}
        kinds_memo: dict[tuple[str, ...], tuple[str, ...]] = {}
        no_relations: tuple[tuple[Any, ...], ...] = ()
        relations_of_outlet = self.relations_of_outlet
        labels = self.labels
        badges = {}
        for oid, o in self.outlets.items():
            hops = tuple(r[3] for r in relations_of_outlet.get(oid, no_relations) if r[7] is None)
            owner = owners.get(hops, owners)
            if owner is owners:
                owner = owners[hops] = owner_of(hops)
            kinds: tuple[str, ...] = ()
            if oid in labels:
                current = tuple(
                    dict.fromkeys(
                        lab[0] for lab in labels[oid] if lab[4] is None or iso(lab[4]) >= today
                    )
                )
                kinds = kinds_memo.setdefault(current, current)
            badges[oid] = Badge(o[0], o[1], o[6], o[4], kinds, owner)  # type: ignore[arg-type]
        return badges

    def may_have_article(self, url_sha256: str) -> bool:
        """False when no article has this canonical-URL hash, so no query is needed.

        `article_keys` holds the first 64 bits of every article's `url_sha256` (which every
        writer derives from the canonical URL), sorted: 8 bytes per article. Most pages a
        reader opens on a known outlet have no article record; their lookups never reach
        the database. None (not loaded) means "ask the database".
        """
        keys = self.article_keys
        if keys is None:
            return True
        key = int(url_sha256[:16], 16)
        i = bisect_left(keys, key)
        return i < len(keys) and keys[i] == key

    def badge_json(self, outlet_id: int) -> bytes:
        """The `outlet` member of a batch result."""
        body = self._badge_json.get(outlet_id)
        if body is None:
            b = self.badges.get(outlet_id)
            if b is None:
                return b"null"
            body = dumps(
                {
                    "slug": b.slug,
                    "name": b.name,
                    "kind": b.kind,
                    "country": b.country,
                    "label_kinds": list(b.labels),
                }
            )
            self._badge_json[outlet_id] = body
        return body

    # -- outlet records, from memory ----------------------------------------------------

    def _relation_rows(self, rels: Iterable[tuple[Any, ...]]) -> list[RelationRow]:
        out = []
        for r in rels:
            entity = self.entities.get(r[3])
            citation = self.citations.get(r[9])
            if entity is None or citation is None:  # as the SQL inner joins would
                continue
            out.append(
                RelationRow(
                    r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8], r[3], *entity, *citation
                )
            )
        return out

    def _fetch_relations(
        self, outlet_ids: Sequence[int], entity_ids: Sequence[int]
    ) -> list[RelationRow]:
        rels: list[tuple[Any, ...]] = []
        for oid in outlet_ids:
            rels.extend(self.relations_of_outlet.get(oid, ()))
        if len(outlet_ids) > 1:
            rels.sort(key=lambda r: r[0])
        more: list[tuple[Any, ...]] = []
        for eid in entity_ids:
            more.extend(self.relations_of_entity.get(eid, ()))
        if len(entity_ids) > 1:
            more.sort(key=lambda r: r[0])
        return self._relation_rows(rels) + self._relation_rows(more)

    def outlet_row(self, outlet_id: int) -> OutletRow | None:
        o = self.outlets.get(outlet_id)
        if o is None:
            return None
        citation = self.citations.get(o[12], _NO_CITATION) if o[12] is not None else _NO_CITATION
        return OutletRow(
            outlet_id,
            o[0],
            o[1],
            _json_value(o[2]),
            o[3],
            o[4],
            _json_value(o[5]),
            *o[6:12],
            *citation,
        )

    def outlet_record(self, outlet_id: int, base_url: str) -> dict[str, Any] | None:
        """The outlet's record, equal to `records.outlet_record` on the same data."""
        row = self.outlet_row(outlet_id)
        if row is None:
            return None
        return record_from(
            row,
            self._domains(outlet_id),
            self._labels(outlet_id),
            ownership_from(row, self._fetch_relations),
            base_url,
        )

    def _domains(self, outlet_id: int) -> list[dict[str, Any]]:
        return [domain_json(r) for r in self.rules_of.get(outlet_id, ())]

    def _labels(self, outlet_id: int) -> list[dict[str, Any]]:
        citations = self.citations
        return [
            label_of(*lab[:6], self._citation(lab[6]))
            for lab in self.labels.get(outlet_id, ())
            if lab[6] in citations  # as the SQL path's join
        ]

    def _ownership(self, outlet: OutletRow) -> bytes:
        """`dumps(ownership_from(...))`, composed from per-entity pieces where it can be.

        The outlet's own edges are built here from the snapshot's tuples (skipped, like the
        SQL join skips them, when the entity or the citation row is missing); the rest comes
        from the composer.
        """
        subject = {"type": "outlet", "slug": outlet.slug, "name": outlet.name}
        entities, citations, composer = self.entities, self.citations, self._owners
        first_hops = []
        for r in self.relations_of_outlet.get(outlet.id, ()):
            entity = entities.get(r[3])
            if entity is None or r[9] not in citations:
                continue
            detail = composer.detail(r[3], entity)
            edge = edge_json(subject, r[4], detail, r[5], r[6], r[7], r[8], self._citation(r[9]))
            first_hops.append((dumps(edge), r[3]))
        composed = composer.ownership(first_hops)
        if composed is not None:
            return composed
        return dumps(ownership_from(outlet, self._fetch_relations))

    def _citation(self, citation_id: int | None) -> dict[str, Any] | None:
        """`records.citation_of` of a citation row: one shared dict per citation."""
        if citation_id in self._citation_dicts:
            return self._citation_dicts[citation_id]
        c = self.citations.get(citation_id) if citation_id is not None else None
        found = citation_of(*c) if c is not None else None
        self._citation_dicts[citation_id] = found
        return found

    def _record_head(self, outlet_id: int) -> tuple[bytes, str]:
        """The record's JSON up to its `record_url` value, and the slug that value ends with."""
        row = self.outlet_row(outlet_id)
        assert row is not None
        record = record_from(row, self._domains(outlet_id), self._labels(outlet_id), {}, "")
        # "ownership" and "record_url" are the last keys: spliced in as bytes.
        del record["ownership"], record["record_url"]
        body = dumps(record)[:-1] + b',"ownership":' + self._ownership(row)
        return (body + b',"record_url":', row.slug)

    def outlet_json(self, outlet_id: int, base_url: str) -> bytes:
        """The record's JSON bytes (b"null" for an unknown outlet)."""
        head = self._records.get(outlet_id)
        if head is None:
            return b"null"
        return head[0] + dumps(f"{base_url}/outlets/{head[1]}") + b"}"

    def match_json(self, rule: Rule | None) -> bytes:
        if rule is None:
            return b"null"
        body = self._matches.get(rule.rule_id)
        if body is None:
            body = dumps({"host": rule.host, "path_prefix": rule.path_prefix, "role": rule.role})
            self._matches[rule.rule_id] = body
        return body


def _json_value(value: Any) -> Any:
    """A JSON column loaded as text (SQLite) or already decoded (PostgreSQL drivers)."""
    return orjson.loads(value) if isinstance(value, str) else value


def _scan(conn: Connection, stmt: Any) -> list[Any]:
    """All rows of a parameterless SELECT as the driver returns them (no type processing:
    the callers normalize the few typed columns), which is what makes the full scans fast."""
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    result = conn.exec_driver_sql(sql)
    try:
        return result.cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        result.close()


class _Types:
    """Normalizes raw driver values to what SQLAlchemy's types would have returned."""

    def __init__(self, conn: Connection) -> None:
        dialect = conn.dialect
        self._parse_date = Date().dialect_impl(dialect).result_processor(dialect, None)
        self._dates: dict[Any, Any] = {}

    def date(self, value: Any) -> Any:
        """A date, or its ISO string (SQLite keeps dates as such; `records.iso` takes both).

        Shared: one object per distinct date.
        """
        if value is None:
            return None
        out = self._dates.get(value)
        if out is None:
            out = value
            if isinstance(value, str) and len(value) != 10 and self._parse_date is not None:
                out = self._parse_date(value)  # not in SQLAlchemy's storage format
            self._dates[value] = out
        return out


def _share(value: Any) -> float | None:
    """`records.number` of what Numeric(5, 2) returns: SQLite gives a float (or int) that
    SQLAlchemy rounds to the scale through a Decimal; PostgreSQL gives the Decimal."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(f"{value:.2f}")
    return number(value)


def build_snapshot(conn: Connection, version: int) -> Snapshot:
    """Load the whole-dataset tables: a handful of full scans, no per-outlet queries.

    Low-cardinality values (kinds, countries, dates, ...) are shared rather than held once
    per row, and JSON columns are kept as text until a record needs them.
    """
    types = _Types(conn)
    date = types.date
    words: dict[str, str] = {}
    word = words.setdefault
    ids: dict[int, int] = {}
    one_id = ids.setdefault
    rules = [
        Rule(
            host,
            prefix if prefix else word(prefix, prefix),
            outlet_id,
            word(role, role),
            bool(fold),
            rule_id,
        )
        for rule_id, host, prefix, outlet_id, role, fold in _scan(
            conn,
            select(
                RULES.c.id,
                RULES.c.host,
                RULES.c.path_prefix,
                RULES.c.outlet_id,
                RULES.c.role,
                RULES.c.fold_variants,
            ).order_by(RULES.c.id),
        )
    ]
    outlets = {
        oid: (
            slug,
            name,
            other,
            description,
            word(country, country) if country else country,
            word(languages, languages) if isinstance(languages, str) else languages,
            word(kind, kind),
            date(founded),
            website,
            wikidata_qid,
            word(status, status),
            version_,
            one_id(citation_id, citation_id) if citation_id is not None else None,
        )
        for (
            oid,
            slug,
            name,
            other,
            description,
            country,
            languages,
            kind,
            founded,
            website,
            wikidata_qid,
            status,
            version_,
            citation_id,
        ) in _scan(
            conn,
            select(
                OUTLETS.c.id,
                OUTLETS.c.slug,
                OUTLETS.c.name,
                OUTLETS.c.other_names,
                OUTLETS.c.description,
                OUTLETS.c.country,
                OUTLETS.c.languages,
                OUTLETS.c.kind,
                OUTLETS.c.founded,
                OUTLETS.c.website,
                OUTLETS.c.wikidata_qid,
                OUTLETS.c.status,
                OUTLETS.c.version,
                OUTLETS.c.citation_id,
            ),
        )
    }
    citations = {
        cid: (url, title, publisher, date(accessed))
        for cid, url, title, publisher, accessed in _scan(
            conn,
            select(
                CITATIONS.c.id,
                CITATIONS.c.url,
                CITATIONS.c.title,
                CITATIONS.c.publisher,
                CITATIONS.c.accessed,
            ),
        )
    }
    entities = {
        eid: (slug, name, word(kind, kind), word(country, country) if country else country)
        for eid, slug, name, kind, country in _scan(
            conn,
            select(
                ENTITIES.c.id, ENTITIES.c.slug, ENTITIES.c.name, ENTITIES.c.kind, ENTITIES.c.country
            ),
        )
    }
    labels: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for outlet_id, kind, issuer, text, since, until, as_of, cid in _scan(
        conn,
        # The order of records.labels_json, whatever the database does with NULLs.
        select(
            LABELS.c.outlet_id,
            LABELS.c.kind,
            LABELS.c.issuer,
            LABELS.c.text,
            LABELS.c.since,
            LABELS.c.until,
            LABELS.c.as_of,
            LABELS.c.citation_id,
        ).order_by(LABELS.c.outlet_id, LABELS.c.since, LABELS.c.id),
    ):
        labels[outlet_id].append(
            (
                word(kind, kind),
                word(issuer, issuer),
                text,
                date(since),
                date(until),
                date(as_of),
                one_id(cid, cid),
            )
        )
    of_outlet: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    of_entity: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for rid, subj_o, subj_e, obj, kind, share, since, until, as_of, cid in _scan(
        conn,
        select(
            RELATIONS.c.id,
            RELATIONS.c.subject_outlet_id,
            RELATIONS.c.subject_entity_id,
            RELATIONS.c.object_entity_id,
            RELATIONS.c.kind,
            RELATIONS.c.share,
            RELATIONS.c.since,
            RELATIONS.c.until,
            RELATIONS.c.as_of,
            RELATIONS.c.citation_id,
        ).order_by(RELATIONS.c.id),
    ):
        row = (
            rid,
            subj_o,
            subj_e,
            obj,
            word(kind, kind),
            _share(share),
            date(since),
            date(until),
            date(as_of),
            one_id(cid, cid),
        )
        if subj_o is not None:
            of_outlet[subj_o].append(row)
        else:
            of_entity[subj_e].append(row)
    article_keys = array(
        "Q",
        sorted(
            int(h, 16)
            for (h,) in _scan(conn, select(func.substr(ARTICLES.c.url_sha256, 1, 16)))
            if h
        ),
    )
    return Snapshot(
        version,
        rules,
        outlets,
        {k: tuple(v) for k, v in labels.items()},
        {k: tuple(v) for k, v in of_outlet.items()},
        {k: tuple(v) for k, v in of_entity.items()},
        entities,
        citations,
        article_keys,
    )


def parse_url(raw: str | None) -> str:
    """Canonical URL of a lookup argument, or a 400 that says what is wrong with it."""
    if raw is None:
        raise BadRequest("the url parameter is required", field="url", code="missing_url")
    try:
        return urls.canonicalize(raw)
    except urls.InvalidURL as exc:
        raise BadRequest(exc.message, field="url", code=exc.code) from None


def _may_fold(canonical: str) -> bool:
    """False when `urls.fold_variants` would certainly return the URL unchanged.

    Folding only ever strips `m.`/`mobile.`/`amp.`/`www.` host labels and AMP path pieces
    or query parameters (all spelled with "amp"), so a URL with neither cannot change.
    """
    if "amp" in canonical.lower():
        return True
    host = canonical[8:].partition("/")[0]  # canonical URLs are "https://" + host + path
    return host.startswith(("m.", "mobile.", "www."))


def identify(snapshot: Snapshot, canonical: str) -> tuple[str, Rule | None]:
    """Match a canonical URL to a domain rule and fold AMP/mobile variants when it allows."""
    rule = snapshot.index.match_url(canonical)
    if rule is not None and rule.fold_variants and _may_fold(canonical):
        folded = urls.fold_variants(canonical)
        if folded != canonical:
            return folded, snapshot.index.match_url(folded) or rule
    return canonical, rule


def _link_columns() -> list[Any]:
    """A report link with its report's outlet, in the order `_LinkRow` reads them."""
    return [
        LINKS.c.id,
        LINKS.c.article_id,
        LINKS.c.story_id,
        LINKS.c.relation,
        LINKS.c.report_url,
        LINKS.c.report_title,
        LINKS.c.report_published,
        LINKS.c.report_author,
        LINKS.c.rating,
        LINKS.c.summary,
        OUTLETS.c.slug.label("outlet_slug"),
        OUTLETS.c.name.label("outlet_name"),
    ]


def _article_with_links() -> Any:
    """One statement: the article, its story, and its own and its story's published links.

    The first part always yields the article (with NULL link columns when it has no link of
    its own); the second adds the story's links. Ordered like `_links_statement`.
    """
    article_cols = [
        ARTICLES.c.id.label("a_id"),
        ARTICLES.c.canonical_url.label("a_canonical_url"),
        ARTICLES.c.title.label("a_title"),
        ARTICLES.c.published.label("a_published"),
        ARTICLES.c.story_id.label("a_story_id"),
        STORIES.c.slug.label("story_slug"),
        STORIES.c.title.label("story_title"),
    ]
    link_cols = _link_columns()
    own = (
        select(*article_cols, *link_cols)
        .select_from(
            ARTICLES.outerjoin(STORIES, ARTICLES.c.story_id == STORIES.c.id)
            .outerjoin(
                LINKS, and_(LINKS.c.article_id == ARTICLES.c.id, LINKS.c.status == "published")
            )
            .outerjoin(OUTLETS, LINKS.c.report_outlet_id == OUTLETS.c.id)
        )
        .where(ARTICLES.c.canonical_url == bindparam("url"))
    )
    of_story = (
        select(*article_cols, *link_cols)
        .select_from(
            ARTICLES.join(STORIES, ARTICLES.c.story_id == STORIES.c.id)
            .join(
                LINKS,
                and_(LINKS.c.story_id == ARTICLES.c.story_id, LINKS.c.status == "published"),
            )
            .outerjoin(OUTLETS, LINKS.c.report_outlet_id == OUTLETS.c.id)
        )
        .where(ARTICLES.c.canonical_url == bindparam("url"))
    )
    both = union_all(own, of_story).subquery()
    return select(both).order_by(both.c.report_published, both.c.id)


ARTICLE_WITH_LINKS = _article_with_links()


def _links_statement(article_ids: Sequence[int], story_ids: Sequence[int]) -> Any:
    conditions = []
    if article_ids:
        conditions.append(LINKS.c.article_id.in_(list(article_ids)))
    if story_ids:
        conditions.append(LINKS.c.story_id.in_(list(story_ids)))
    return (
        select(*_link_columns())
        .select_from(LINKS.outerjoin(OUTLETS, LINKS.c.report_outlet_id == OUTLETS.c.id))
        .where(and_(or_(*conditions), LINKS.c.status == "published"))
        .order_by(LINKS.c.report_published, LINKS.c.id)
    )


def _link_json(row: Any, via: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "relation": row.relation,
        "url": row.report_url,
        "title": row.report_title,
        "outlet": {"slug": row.outlet_slug, "name": row.outlet_name} if row.outlet_slug else None,
        "published": iso(row.report_published),
        "author": row.report_author,
        "rating": row.rating,
        "summary": row.summary,
        "via": via,
    }


def grouped_links(
    rows: Iterable[Any], article_id: int, story_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    seen_urls: set[tuple[str, str]] = set()
    # The article's own links first, then the story's (skipping ones it already has).
    for via, matches in (
        ("article", lambda r: r.article_id == article_id),
        ("story", lambda r: story_id is not None and r.story_id == story_id),
    ):
        for row in rows:
            if matches(row) and (row.relation, row.report_url) not in seen_urls:
                seen_urls.add((row.relation, row.report_url))
                grouped.setdefault(row.relation, []).append(_link_json(row, via))
    return grouped


class _Prepared:
    """A Core statement compiled once for a dialect, run on the DBAPI cursor directly.

    For the one statement a cache-miss lookup runs, SQLAlchemy's per-execution machinery
    (result objects, parameter processing) costs more than SQLite's own work; the rows here
    are read by position and every typed column is normalized by the caller (`iso`).
    Statements run this way are counted in `raw_statements` (bench/run.py adds them to the
    SQL it counts through engine events).
    """

    def __init__(self, stmt: Any, dialect: Any) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        required = {name: None for name, bind in compiled.binds.items() if bind.required}
        self.defaults = compiled.construct_params(required)  # with the literal values
        self.order = compiled.positiontup if compiled.positional else None

    def params(self, **values: Any) -> Any:
        merged = {**self.defaults, **values}
        if self.order is not None:
            return tuple(merged[name] for name in self.order)
        return merged


_prepared: dict[tuple[int, str], _Prepared] = {}
raw_statements = 0


def _prepare(stmt: Any, dialect: Any) -> _Prepared:
    key = (id(stmt), dialect.name)
    prepared = _prepared.get(key)
    if prepared is None:
        prepared = _prepared[key] = _Prepared(stmt, dialect)
    return prepared


def fetch_raw(
    connect: Callable[[], Any], dialect: Any, stmt: Any, **values: Any
) -> list[tuple[Any, ...]]:
    """Rows of a prepared statement, through a pooled connection's DBAPI cursor
    (`connect()` gives one; closing it gives it back)."""
    global raw_statements
    prepared = _prepare(stmt, dialect)
    conn = connect()
    try:
        cursor = conn.cursor()
        try:
            raw_statements += 1
            cursor.execute(prepared.sql, prepared.params(**values))
            return cursor.fetchall()  # type: ignore[no-any-return]
        finally:
            cursor.close()
    finally:
        conn.close()  # back to the pool (which rolls back)


class _LinkRow(NamedTuple):
    """A report link as `_link_json` and `grouped_links` read it."""

    id: int
    article_id: int | None
    story_id: int | None
    relation: str
    report_url: str
    report_title: str | None
    report_published: Any
    report_author: str | None
    rating: str | None
    summary: str | None
    outlet_slug: str | None
    outlet_name: str | None


def article_and_links(
    connect: Callable[[], Any], dialect: Any, canonical: str
) -> tuple[dict[str, Any] | None, dict[str, list[Any]]]:
    """The article at a canonical URL and its report links by relation: one SQL statement."""
    rows = fetch_raw(connect, dialect, ARTICLE_WITH_LINKS, url=canonical)
    if not rows:
        return None, {}
    # Columns: a_id, a_canonical_url, a_title, a_published, a_story_id, story_slug,
    # story_title, then the link's (see _article_with_links).
    art = rows[0]
    article = {
        "canonical_url": art[1],
        "title": art[2],
        "published": iso(art[3]),
        "story": {"slug": art[5], "title": art[6]} if art[5] else None,
    }
    links = [_LinkRow(*r[7:]) for r in rows if r[7] is not None]
    return article, grouped_links(links, art[0], art[4])


def lookup_json(
    snapshot: Snapshot,
    raw: str,
    canonical: str,
    rule: Rule | None,
    outlet: bytes,
    article: dict[str, Any] | None,
    links: dict[str, list[Any]],
    url_sha256: str | None = None,
) -> bytes:
    """`dumps(lookup_result(...))`, assembled from the snapshot's pre-serialized pieces."""
    if url_sha256 is None:
        url_sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return b"".join(
        (
            b'{"url":',
            dumps(raw),
            b',"canonical_url":',
            dumps(canonical),
            b',"url_sha256":"',
            url_sha256.encode(),
            b'","data_version":',
            snapshot.version_bytes,
            b',"match":',
            snapshot.match_json(rule),
            b',"outlet":',
            outlet,
            b',"article":',
            dumps(article),
            b',"report_links":',
            dumps(links),
            b"}",
        )
    )


def lookup_result(
    raw: str,
    canonical: str,
    rule: Rule | None,
    version: int,
    outlet: dict[str, Any] | None,
    article: dict[str, Any] | None,
    links: dict[str, list[Any]],
) -> dict[str, Any]:
    """The single-lookup document (the shape `lookup_json` serializes)."""
    return {
        "url": raw,
        "canonical_url": canonical,
        "url_sha256": urls.url_sha256(canonical),
        "data_version": version,
        "match": (
            {"host": rule.host, "path_prefix": rule.path_prefix, "role": rule.role}
            if rule
            else None
        ),
        "outlet": outlet,
        "article": article,
        "report_links": links,
    }


def _badge_result(snapshot: Snapshot, raw: str) -> bytes:
    try:
        canonical = urls.canonicalize(raw)
    except urls.InvalidURL as exc:
        return dumps({"url": raw, "error": {"code": exc.code, "message": exc.message}})
    canonical, rule = identify(snapshot, canonical)
    outlet = snapshot.badge_json(rule.outlet_id) if rule else b"null"
    return b"".join(
        (
            b'{"url":',
            dumps(raw),
            b',"canonical_url":',
            dumps(canonical),
            b',"outlet":',
            outlet,
            b"}",
        )
    )


_NOT_A_STRING = {"code": "not_a_string", "message": "each URL must be a string"}


def batch_json(snapshot: Snapshot, items: Any) -> bytes:
    """Compact per-URL results in request order: enough to draw a badge. No SQL at all.

    Each URL's result is serialized once per data version and reused by later batches.
    """
    if not isinstance(items, list):
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    if len(items) > MAX_BATCH:
        raise BadRequest(
            f"at most {MAX_BATCH} URLs per request (got {len(items)})",
            field="urls",
            code="too_many_urls",
        )
    memo = snapshot.badge_results
    parts = []
    for raw in items:
        if not isinstance(raw, str):
            parts.append(dumps({"url": raw, "error": _NOT_A_STRING}))
            continue
        part = memo.get(raw)
        if part is None:
            part = _badge_result(snapshot, raw)
            memo.put(raw, part)
        parts.append(part)
    return b"".join(
        (b'{"data_version":', snapshot.version_bytes, b',"results":[', b",".join(parts), b"]}")
    )


def domain_index_document(snapshot: Snapshot) -> dict[str, Any]:
    """Every domain rule with its outlet's badge: what the extension keeps locally."""
    position: dict[int, int] = {}
    outlets = []
    rules = []
    badges = snapshot.badges
    for rule in sorted(snapshot.rules, key=lambda r: (r.host, r.path_prefix)):
        badge = badges.get(rule.outlet_id)
        if badge is None:
            continue
        pos = position.get(rule.outlet_id)
        if pos is None:
            pos = position[rule.outlet_id] = len(outlets)
            outlets.append(badge.as_json())
        rules.append(
            [rule.host, rule.path_prefix, pos]
            if rule.fold_variants
            else [rule.host, rule.path_prefix, pos, 0]
        )
    return {"data_version": snapshot.version, "outlets": outlets, "rules": rules}


def parse_hash_prefix(prefix: str) -> str:
    value = prefix.lower()
    if not (HASH_PREFIX_MIN <= len(value) <= HASH_PREFIX_MAX) or any(
        c not in "0123456789abcdef" for c in value
    ):
        raise BadRequest(
            f"the prefix must be {HASH_PREFIX_MIN} to {HASH_PREFIX_MAX} hexadecimal characters",
            field="prefix",
            code="bad_prefix",
        )
    return value


def reports_by_hash_prefix(conn: Connection, prefix: str) -> list[dict[str, Any]]:
    """Articles whose canonical-URL SHA-256 starts with prefix, each with its report links.

    A range scan on the indexed hash column (prefix <= h < prefix + 'g'), then one query for
    all their links: two statements whatever the number of articles.
    """
    arts = conn.execute(
        select(
            ARTICLES.c.id,
            ARTICLES.c.url_sha256,
            ARTICLES.c.canonical_url,
            ARTICLES.c.title,
            ARTICLES.c.published,
            ARTICLES.c.story_id,
        )
        .where(ARTICLES.c.url_sha256 >= prefix, ARTICLES.c.url_sha256 < prefix + "g")
        .order_by(ARTICLES.c.url_sha256)
        .limit(1000)
    ).all()
    if not arts:
        return []
    story_ids = sorted({a.story_id for a in arts if a.story_id is not None})
    rows = conn.execute(_links_statement([a.id for a in arts], story_ids)).all()
    return [
        {
            "url_sha256": a.url_sha256,
            "canonical_url": a.canonical_url,
            "title": a.title,
            "published": iso(a.published),
            "report_links": grouped_links(rows, a.id, a.story_id),
        }
        for a in arts
    ]
