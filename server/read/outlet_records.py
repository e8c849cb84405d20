"""Outlet records built from the read model's tables: what the SQL path (records.py) builds
with queries, from memory, with the same presenters and the same ownership walk.

Each outlet's record body is built once per data version, its parts (citation, domain
rules, labels, ownership) serialized as `orjson.Fragment`s so a lookup serializes only the
outlet's own scalar facts, the fragments' bytes and its `record_url`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from orjson import Fragment

from ..matching import Rule
from ..presenters.citation import citation
from ..presenters.domain_rule import domain_rule
from ..presenters.label import label
from ..presenters.outlet import record_body
from ..presenters.relation import path_step, subject_ref
from ..web.jsonbytes import dumps
from .ownership import ownership_from
from .ownership_compose import OwnershipComposer
from .rows import OutletRow, RelationRow, Tables

_NO_CITATION = (None, None, None, None, None)
_EMPTY_LIST = Fragment(b"[]")


def _json_value(value: Any) -> Any:
    """A JSON column loaded as text (SQLite) or already decoded (PostgreSQL drivers)."""
    return orjson.loads(value) if isinstance(value, str) else value


class RecordBuilder:
    """Builds record bodies for one read model. Safe to share between threads."""

    def __init__(
        self,
        tables: Tables,
        rules_of: Mapping[int, Sequence[Rule]],
        composer: OwnershipComposer | None = None,
    ) -> None:
        """`composer`: the one of a model whose entities, their relations and the
        citations are this one's (an update that touched none of them), else made here."""
        self._tables = tables
        self._rules_of = rules_of
        self._citation_dicts: dict[int | None, dict[str, Any] | None] = {}
        self._citation_json: dict[int, Fragment | None] = {}
        if composer is None:
            # The composer outlives this builder (later models share it): what it reads
            # must not keep this builder, its tables or caches, alive with it.
            of_entity, entities, cites = (
                tables.relations_of_entity,
                tables.entities,
                tables.citations,
            )
            composer = OwnershipComposer(
                lambda entity_id: relation_rows(of_entity.get(entity_id, ()), entities, cites)
            )
            composer.build(tables.entities)
        self.composer = composer

    def outlet_row(self, outlet_id: int) -> OutletRow | None:
        o = self._tables.outlets.get(outlet_id)
        if o is None:
            return None
        citations = self._tables.citations
        cited = citations.get(o[12], _NO_CITATION) if o[12] is not None else _NO_CITATION
        return OutletRow(
            outlet_id,
            o[0],
            o[1],
            _json_value(o[2]),
            o[3],
            o[4],
            _json_value(o[5]),
            *o[6:12],
            *cited,
        )

    def body(self, outlet_id: int) -> dict[str, Any]:
        """The record without `record_url` (see `presenters.outlet.record_body`)."""
        row = self.outlet_row(outlet_id)
        assert row is not None
        domains = [
            domain_rule(r.host, r.path_prefix, r.role, r.fold_variants, r.path_folds)
            for r in self._rules_of.get(outlet_id, ())
        ]
        labels = self._labels(outlet_id)
        return record_body(
            row,
            self._outlet_citation(self._tables.outlets[outlet_id][12]),
            Fragment(dumps(domains)) if domains else _EMPTY_LIST,
            Fragment(dumps(labels)) if labels else _EMPTY_LIST,
            Fragment(self._ownership(row)),
        )

    def _outlet_citation(self, citation_id: int | None) -> Fragment | None:
        """An outlet's citation as JSON, shared by the outlets citing it (None: null)."""
        if citation_id is None:
            return None
        if citation_id not in self._citation_json:
            found = self._citation(citation_id)
            self._citation_json[citation_id] = None if found is None else Fragment(dumps(found))
        return self._citation_json[citation_id]

    def _citation(self, citation_id: int | None) -> dict[str, Any] | None:
        """A citation's JSON: one shared dict per citation."""
        if citation_id in self._citation_dicts:
            return self._citation_dicts[citation_id]
        c = self._tables.citations.get(citation_id) if citation_id is not None else None
        found = citation(*c) if c is not None else None
        self._citation_dicts[citation_id] = found
        return found

    def _labels(self, outlet_id: int) -> list[dict[str, Any]]:
        citations = self._tables.citations
        return [
            label(lab[0], lab[1], lab[2], lab[3], lab[4], lab[5], self._citation(lab[6]))
            for lab in self._tables.labels.get(outlet_id, ())
            if lab[6] in citations  # as the SQL path's join
        ]

    def _ownership(self, outlet: OutletRow) -> bytes:
        """`dumps(ownership_from(...))`, composed from per-entity pieces where it can be.

        The outlet's own edges are built here from the tables' tuples (skipped, like the
        SQL join skips them, when the entity or the citation row is missing); the rest comes
        from the composer.
        """
        subject = subject_ref("outlet", outlet.slug, outlet.name)
        entities, citations, composer = self._tables.entities, self._tables.citations, self.composer
        first_hops = []
        for r in self._tables.relations_of_outlet.get(outlet.id, ()):
            entity = entities.get(r[3])
            if entity is None or r[9] not in citations:
                continue
            detail = composer.detail(r[3], entity)
            json = path_step(subject, r[4], detail, r[5], r[6], r[7], r[8], self._citation(r[9]))
            first_hops.append((Fragment(dumps(json)), r[3]))
        composed = composer.ownership(first_hops)
        if composed is not None:
            return composed
        return dumps(ownership_from(outlet, self._fetch_relations))

    def _relation_rows(self, rels: Iterable[tuple[Any, ...]]) -> list[RelationRow]:
        return relation_rows(rels, self._tables.entities, self._tables.citations)

    def _fetch_relations(
        self, outlet_ids: Sequence[int], entity_ids: Sequence[int]
    ) -> list[RelationRow]:
        """`records.ownership_json`'s loader, from memory: one level of the graph."""
        rels: list[tuple[Any, ...]] = []
        for oid in outlet_ids:
            rels.extend(self._tables.relations_of_outlet.get(oid, ()))
        if len(outlet_ids) > 1:
            rels.sort(key=lambda r: r[0])
        more: list[tuple[Any, ...]] = []
        for eid in entity_ids:
            more.extend(self._tables.relations_of_entity.get(eid, ()))
        if len(entity_ids) > 1:
            more.sort(key=lambda r: r[0])
        return self._relation_rows(rels) + self._relation_rows(more)


def relation_rows(
    rels: Iterable[tuple[Any, ...]], entities: Mapping[int, Any], citations: Mapping[int, Any]
) -> list[RelationRow]:
    """`records.relation_rows`' rows from the tables' relation tuples, skipping (as the SQL
    inner joins would) those whose entity or citation is missing."""
    out = []
    for r in rels:
        entity = entities.get(r[3])
        cited = citations.get(r[9])
        if entity is None or cited is None:
            continue
        out.append(
            RelationRow(r[0], r[1], r[2], r[4], r[5], r[6], r[7], r[8], r[3], *entity, *cited)
        )
    return out
