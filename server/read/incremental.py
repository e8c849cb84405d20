"""Applying the change log to a read model: the rows of what changed read again, the records
of the outlets they belong to made again, the rest shared with the model before.

Which outlets a change reaches: its own (an outlet, its domain rules, labels and relations);
for an entity, or a relation of one, every outlet whose ownership walk reaches that entity,
in the graph before and after; for a changed citation, everything that cites it, before and
after. When that is a large part of the dataset, a full build is cheaper (`None`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection

from .build import Loader
from .changes import Changes
from .layered import replaced
from .model import ReadModel
from .rows import Tables
from .tables import CITATIONS, ENTITIES, LABELS, OUTLETS, RELATIONS, RULES

# Above this share of the outlets (and this many), a full build is made instead.
MAX_SHARE = 0.25
MAX_OUTLETS = 2_000

Rows = Mapping[int, Any]


def _replaced(old: Rows, keys: Iterable[int], new: Rows) -> Mapping[int, Any]:
    """`old` with the entries of `keys` replaced by those `new` has (or dropped): a small
    delta over `old`'s base, not a copy (server/read/layered.py)."""
    return replaced(old, keys, new)


def _reachers(entities: set[int], of_outlet: Rows, of_entity: Rows) -> set[int]:
    """The outlets whose ownership walk reaches any of `entities` (walking relations up)."""
    if not entities:
        return set()
    up: dict[int, list[tuple[bool, int]]] = defaultdict(list)  # object -> (is outlet, subject)
    for outlet_id, rels in of_outlet.items():
        for r in rels:
            up[r[3]].append((True, outlet_id))
    for entity_id, rels in of_entity.items():
        for r in rels:
            up[r[3]].append((False, entity_id))
    outlets: set[int] = set()
    seen, todo = set(entities), list(entities)
    while todo:
        for is_outlet, subject in up.get(todo.pop(), ()):
            if is_outlet:
                outlets.add(subject)
            elif subject not in seen:
                seen.add(subject)
                todo.append(subject)
    return outlets


def _citing(tables: Tables, citations: frozenset[int]) -> tuple[set[int], set[int]]:
    """The outlets and entities whose records cite any of `citations`."""
    if not citations:
        return set(), set()
    outlets = {oid for oid, o in tables.outlets.items() if o[12] in citations}
    outlets |= {oid for oid, labs in tables.labels.items() if any(x[6] in citations for x in labs)}
    outlets |= {
        oid
        for oid, rels in tables.relations_of_outlet.items()
        if any(r[9] in citations for r in rels)
    }
    entities = {
        eid
        for eid, rels in tables.relations_of_entity.items()
        if any(r[9] in citations for r in rels)
    }
    return outlets, entities


def apply_changes(
    conn: Connection, model: ReadModel, changes: Changes, version: int
) -> ReadModel | None:
    """The model of `version`: `model` with `changes` applied, or None when a full build
    is the better way (see module)."""
    load = Loader(conn)
    old = model.tables()
    outlets = set(changes.outlets)
    entities = set(changes.entities)
    cited_outlets, cited_entities = _citing(old, changes.citations)
    outlets |= cited_outlets
    entities |= cited_entities
    new_entities, rel_of_entity = old.entities, old.relations_of_entity
    if entities:
        ids = list(entities)
        new_entities = _replaced(old.entities, ids, load.entities(ENTITIES.c.id.in_(ids)))
        rel_of_entity = _replaced(
            old.relations_of_entity,
            ids,
            load.relations(RELATIONS.c.subject_entity_id.in_(ids))[1],
        )
    citations = old.citations
    reread = changes.citations | changes.new_citations
    if reread:
        ids = list(reread)
        citations = _replaced(old.citations, ids, load.citations(CITATIONS.c.id.in_(ids)))
    # Who reaches the changed entities, before and after (outlet relations as before: an
    # outlet's own relations changing puts it in `outlets` anyway).
    outlets |= _reachers(entities, old.relations_of_outlet, old.relations_of_entity)
    outlets |= _reachers(entities, old.relations_of_outlet, rel_of_entity)
    if len(outlets) > max(MAX_OUTLETS, MAX_SHARE * len(old.outlets)):
        return None
    ids = list(outlets)
    tables = Tables(
        _merged_rules(old, load, ids) if changes.rules else old.rules,
        _replaced(old.outlets, ids, load.outlets(OUTLETS.c.id.in_(ids))) if ids else old.outlets,
        _replaced(old.labels, ids, load.labels(LABELS.c.outlet_id.in_(ids))) if ids else old.labels,
        _replaced(
            old.relations_of_outlet,
            ids,
            load.relations(RELATIONS.c.subject_outlet_id.in_(ids))[0],
        )
        if ids
        else old.relations_of_outlet,
        rel_of_entity,
        new_entities,
        citations,
        load.article_keys() if changes.articles else old.article_keys,
        load.linked_keys() if changes.articles else old.linked_keys,
    )
    if changes.citations:  # what cites them now (new references are in the log anyway)
        now_outlets, now_entities = _citing(tables, changes.citations)
        if now_outlets - outlets or now_entities - entities:
            return None  # rare: a full build rather than a second round
    owners = bool(entities or changes.citations)
    return ReadModel.updated(model, version, tables, outlets, rules=changes.rules, owners=owners)


def _merged_rules(old: Tables, load: Loader, outlet_ids: list[int]) -> list[Any]:
    """The rules of the outlets not in `outlet_ids` as they were, those of the others read
    again, by id."""
    touched = set(outlet_ids)
    kept = [r for r in old.rules if r.outlet_id not in touched]
    fresh = load.rules(RULES.c.outlet_id.in_(outlet_ids)) if outlet_ids else []
    return sorted([*kept, *fresh], key=lambda r: r.rule_id)
