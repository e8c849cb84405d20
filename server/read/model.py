"""The read model: what one worker holds in memory for one data version.

Built from the whole-dataset tables (build.py) once per data version, it matches URLs to
outlets (the domain index), knows every outlet's badge and record, and whether an article
may exist at a URL, so a lookup never queries the database for them. The values it hands
out are `orjson.Fragment`s or dicts of them, serialized once and embedded as they are.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Set

from orjson import Fragment

from ..matching import DomainIndex, Rule
from ..presenters.domain_rule import matched_rule
from ..presenters.outlet import batch_badge, record_url
from ..web.jsonbytes import dumps
from .badges import Badge, outlet_badges
from .key_set import key_set_document
from .layered import replaced
from .memo import Memo
from .outlet_records import RecordBuilder
from .record_cache import DEFAULT_SIZE, RecordCache
from .rows import Tables

# Batch results kept by raw URL (oldest dropped first), valid URLs only, at most this many
# and this many bytes (a result is ~0.3 KB for a typical URL, ~5 KB at the URL length limit).
MAX_BATCH_RESULTS = 100_000
MAX_BATCH_RESULT_BYTES = 32 * 1024 * 1024


_TABLE_FIELDS = Tables._fields


def _rules_by_outlet(rules: Iterable[Rule]) -> Iterator[tuple[int, tuple[Rule, ...]]]:
    """Each outlet's rules, in the order given (by id, as records.domains_json lists them)."""
    of: dict[int, list[Rule]] = defaultdict(list)
    for rule in rules:
        of[rule.outlet_id].append(rule)
    return ((k, tuple(v)) for k, v in of.items())


def has_key(keys: array[int] | None, url_sha256: str) -> bool:
    """Whether sorted 64-bit `keys` hold the first 64 bits of `url_sha256` (True when
    `keys` is None: unknown)."""
    if keys is None:
        return True
    key = int(url_sha256[:16], 16)
    i = bisect_left(keys, key)
    return i < len(keys) and keys[i] == key


class ReadModel:
    def __init__(
        self, version: int, tables: Tables, *, record_cache_size: int = DEFAULT_SIZE
    ) -> None:
        """The model of `version` made from the whole `tables`; at most
        `record_cache_size` outlet records kept (server/read/record_cache.py)."""
        self.version = version
        self.rules = tables.rules
        self.outlets = tables.outlets
        self.labels = tables.labels
        self.relations_of_outlet = tables.relations_of_outlet
        self.relations_of_entity = tables.relations_of_entity
        self.entities = tables.entities
        self.citations = tables.citations
        self.article_keys = tables.article_keys
        linked = tables.linked_keys if tables.linked_keys is not None else array("Q")
        self.linked_keys = linked
        # The index's article-key set and the bucket length requests must use.
        self.key_set = key_set_document(linked)
        self.prefix_bits: int = self.key_set["prefix_bits"]
        self.index = DomainIndex(tables.rules)
        self.rules_of: Mapping[int, tuple[Rule, ...]] = dict(_rules_by_outlet(tables.rules))
        self.badges: Mapping[int, Badge] = outlet_badges(tables)
        self.records = RecordBuilder(tables, self.rules_of)
        # Records are made on first use and kept in a bounded cache shared with the models
        # made from this one by the change log; `_stamps` gives the outlets an update
        # touched a new key in it (server/read/record_cache.py).
        self._record_cache: RecordCache[tuple[bytes, str]] = RecordCache(record_cache_size)
        self._stamps: Mapping[int, int] = {}
        self._matches: dict[int, Fragment] = {}
        self._batch_outlets: dict[int, Fragment] = {}
        self.batch_results = Memo(MAX_BATCH_RESULTS, MAX_BATCH_RESULT_BYTES)

    @classmethod
    def updated(
        cls,
        previous: ReadModel,
        version: int,
        tables: Tables,
        outlets: Set[int],
        *,
        rules: bool,
        owners: bool,
    ) -> ReadModel:
        """`previous` with `tables` (its own, some rows replaced) for `version`: the records,
        badges and rules of `outlets` made again, the rest shared with it. `rules`: a domain
        rule changed (the matching index is made again); `owners`: entities, their relations
        or citations changed (so is the ownership composer)."""
        self = cls.__new__(cls)
        self.version = version
        for name in _TABLE_FIELDS:
            setattr(self, name, getattr(tables, name))
        linked = tables.linked_keys if tables.linked_keys is not None else array("Q")
        self.linked_keys = linked
        if linked is previous.linked_keys:
            self.key_set, self.prefix_bits = previous.key_set, previous.prefix_bits
        else:
            self.key_set = key_set_document(linked)
            self.prefix_bits = self.key_set["prefix_bits"]
        if rules:
            self.index = DomainIndex(tables.rules)
            fresh = _rules_by_outlet(r for r in tables.rules if r.outlet_id in outlets)
            self.rules_of = replaced(previous.rules_of, outlets, dict(fresh))
            self._matches = {}
        else:
            self.index, self.rules_of = previous.index, previous.rules_of
            self._matches = previous._matches  # by rule id: the same rules
        # Small deltas over the previous maps' base, not copies (server/read/layered.py).
        self.badges = replaced(previous.badges, outlets, outlet_badges(tables, outlets))
        composer = None if owners else previous.records.composer
        self.records = RecordBuilder(tables, self.rules_of, composer)
        self._record_cache = previous._record_cache
        self._stamps = replaced(previous._stamps, (), dict.fromkeys(outlets, version))
        batch_outlets = dict(previous._batch_outlets)
        for oid in outlets:
            batch_outlets.pop(oid, None)
        self._batch_outlets = batch_outlets
        self.batch_results = Memo(MAX_BATCH_RESULTS, MAX_BATCH_RESULT_BYTES)
        return self

    def tables(self) -> Tables:
        """The tables this model was made from."""
        return Tables(*(getattr(self, name) for name in _TABLE_FIELDS))

    def may_have_article(self, url_sha256: str) -> bool:
        """False when no article has this canonical-URL hash, so no query is needed.

        `article_keys` holds the first 64 bits of every article's `url_sha256` (which every
        writer derives from the canonical URL), sorted: 8 bytes per article. Most pages a
        reader opens on a known outlet have no article record; their lookups never reach
        the database. None (not loaded) means "ask the database".
        """
        return has_key(self.article_keys, url_sha256)

    def record(self, outlet_id: int, base_url: str) -> Fragment | None:
        """The outlet's public record as JSON (None for an unknown outlet), byte for byte
        `records.outlet_record` serialized: its body, kept serialized (below), then
        `record_url`, the one member that depends on the request's host."""
        if outlet_id not in self.outlets:
            return None
        key = (outlet_id, self._stamps.get(outlet_id, 0))
        head, slug = self._record_cache.get(key, lambda: self._record_head(outlet_id))
        url = dumps(record_url(base_url, slug))
        return Fragment(b"".join((head, b',"record_url":', url, b"}")))

    def _record_head(self, outlet_id: int) -> tuple[bytes, str]:
        """The record body's JSON without its closing brace, and the outlet's slug.

        Kept as bytes rather than the body's dicts and fragments: a tuple of a bytes and a
        str is not tracked by the garbage collector, so records made after the model was
        frozen (server/read/gc.py) add nothing to what full collections scan (20,000 bodies
        as dicts made each full collection take ~0.1 s at 100k outlets, ~1 s on a loaded
        machine, which showed as p99 latency)."""
        body = self.records.body(outlet_id)
        return dumps(body)[:-1], body["slug"]

    def domain_rule(self, rule: Rule | None) -> Fragment | None:
        """The `domain_rule` member of a lookup: the domain rule a URL matched."""
        if rule is None:
            return None
        found = self._matches.get(rule.rule_id)
        if found is None:
            matched = matched_rule(rule.host, rule.path_prefix, rule.role)
            found = self._matches[rule.rule_id] = Fragment(dumps(matched))
        return found

    def batch_outlet(self, outlet_id: int) -> Fragment | None:
        """The `outlet` member of a batch result."""
        found = self._batch_outlets.get(outlet_id)
        if found is None:
            b = self.badges.get(outlet_id)
            if b is None:
                return None
            found = self._batch_outlets[outlet_id] = Fragment(dumps(batch_badge(b)))
        return found
