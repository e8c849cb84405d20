"""Read models: the public JSON shape of an outlet record, built with a handful of Core queries.

Shared by `GET /api/v1/outlets/<slug>`, the lookup API and the public record page, so a
record looks the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, select

from ..models import Citation, DomainRule, Entity, Label, Outlet, Relation
from .ownership import MAX_DEPTH, walk_ownership

OUTLETS = Outlet.__table__
DOMAINS = DomainRule.__table__
LABELS = Label.__table__
RELATIONS = Relation.__table__
ENTITIES = Entity.__table__
CITATIONS = Citation.__table__


def iso(value: dt.date | str | None) -> str | None:
    """ISO date; a string is already one (the read path loads SQLite dates without parsing)."""
    if not value:
        return None
    return value if isinstance(value, str) else value.isoformat()


def number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def citation_of(
    url: str | None, title: Any, publisher: Any, accessed: Any
) -> dict[str, Any] | None:
    """A citation as every record shows it (None when there is none)."""
    if url is None:
        return None
    return {"url": url, "title": title, "publisher": publisher, "accessed": iso(accessed)}


def citation_json(row: Any, prefix: str = "c_") -> dict[str, Any] | None:
    return citation_of(
        getattr(row, prefix + "url"),
        getattr(row, prefix + "title"),
        getattr(row, prefix + "publisher"),
        getattr(row, prefix + "accessed"),
    )


def _citation_columns(prefix: str = "c_") -> list[Any]:
    return [
        CITATIONS.c.url.label(prefix + "url"),
        CITATIONS.c.title.label(prefix + "title"),
        CITATIONS.c.publisher.label(prefix + "publisher"),
        CITATIONS.c.accessed.label(prefix + "accessed"),
    ]


OUTLET_BY_SLUG = (
    select(OUTLETS, *_citation_columns())
    .select_from(OUTLETS.outerjoin(CITATIONS, OUTLETS.c.citation_id == CITATIONS.c.id))
    .where(OUTLETS.c.slug == bindparam("slug"))
)
OUTLET_BY_ID = (
    select(OUTLETS, *_citation_columns())
    .select_from(OUTLETS.outerjoin(CITATIONS, OUTLETS.c.citation_id == CITATIONS.c.id))
    .where(OUTLETS.c.id == bindparam("id"))
)


def fetch_outlet_row(
    conn: Connection, *, slug: str | None = None, outlet_id: int | None = None
) -> Any | None:
    if slug is not None:
        return conn.execute(OUTLET_BY_SLUG, {"slug": slug}).first()
    return conn.execute(OUTLET_BY_ID, {"id": outlet_id}).first()


def _relation_rows(
    conn: Connection, *, outlet_ids: Sequence[int] = (), entity_ids: Sequence[int] = ()
) -> list[Any]:
    cond = (
        RELATIONS.c.subject_outlet_id.in_(outlet_ids)
        if outlet_ids
        else RELATIONS.c.subject_entity_id.in_(entity_ids)
    )
    stmt = (
        select(
            RELATIONS.c.id,
            RELATIONS.c.subject_outlet_id,
            RELATIONS.c.subject_entity_id,
            RELATIONS.c.kind,
            RELATIONS.c.share,
            RELATIONS.c.since,
            RELATIONS.c.until,
            RELATIONS.c.as_of,
            RELATIONS.c.object_entity_id,
            ENTITIES.c.slug.label("o_slug"),
            ENTITIES.c.name.label("o_name"),
            ENTITIES.c.kind.label("o_kind"),
            ENTITIES.c.country.label("o_country"),
            *_citation_columns(),
        )
        .select_from(
            RELATIONS.join(ENTITIES, RELATIONS.c.object_entity_id == ENTITIES.c.id).join(
                CITATIONS, RELATIONS.c.citation_id == CITATIONS.c.id
            )
        )
        .where(cond)
        .order_by(RELATIONS.c.id)
    )
    return list(conn.execute(stmt))


RelationFetcher = Callable[[Sequence[int], Sequence[int]], list[Any]]


def ownership_json(conn: Connection, outlet: Any) -> dict[str, Any]:
    """Ownership paths up to the ultimate owners, loading one level of the graph per query."""

    def fetch(outlet_ids: Sequence[int], entity_ids: Sequence[int]) -> list[Any]:
        rows = _relation_rows(conn, outlet_ids=outlet_ids) if outlet_ids else []
        if entity_ids:
            rows += _relation_rows(conn, entity_ids=entity_ids)
        return rows

    return ownership_from(outlet, fetch)


def entity_name(slug: str, name: str) -> dict[str, Any]:
    """How an entity appears as the subject of an edge."""
    return {"type": "entity", "slug": slug, "name": name}


def object_detail(slug: str, name: str, kind: str, country: str | None) -> dict[str, Any]:
    """How an entity appears as an edge's object and as an ultimate owner."""
    return {"slug": slug, "name": name, "kind": kind, "country": country}


def edge_json(
    subject: dict[str, Any],
    kind: str,
    detail: dict[str, Any],
    share: Any,
    since: Any,
    until: Any,
    as_of: Any,
    citation: dict[str, Any] | None,
) -> dict[str, Any]:
    """One edge of an ownership path (the read path's composed records use it too)."""
    return {
        "subject": subject,
        "kind": kind,
        "object": detail,
        "share": number(share),
        "since": iso(since),
        "until": iso(until),
        "as_of": iso(as_of),
        "citation": citation,
    }


def ownership_from(outlet: Any, fetch: RelationFetcher) -> dict[str, Any]:
    """The ownership JSON of an outlet, whatever loads the relation rows.

    `fetch(outlet_ids, entity_ids)` returns the relation rows (the columns of
    `_relation_rows`, ordered by relation id) whose subject is one of those outlets, then
    those of the entities; it is called once per level of the graph, as the SQL path does
    (so the read path's in-memory copy gives the very same answer, bounds included).
    """
    # Each edge carries its finished JSON (its subject is fixed), shared by every path
    # through it: the walk only reads "object_key".
    edges: dict[tuple[str, int], list[dict[str, Any]]] = {}
    details: dict[tuple[str, int], dict[str, Any]] = {}
    names: dict[tuple[str, int], dict[str, Any]] = {
        ("outlet", outlet.id): {"type": "outlet", "slug": outlet.slug, "name": outlet.name}
    }
    frontier_outlets, frontier_entities = [outlet.id], []
    # One level past the depth bound: the walk must see that a node there has owners of
    # its own to report the path as truncated.
    for _level in range(MAX_DEPTH + 1):
        if not frontier_outlets and not frontier_entities:
            break
        rows = fetch(frontier_outlets, frontier_entities)
        for key in [("outlet", i) for i in frontier_outlets] + [
            ("entity", i) for i in frontier_entities
        ]:
            edges.setdefault(key, [])
        next_entities: list[int] = []
        for row in rows:
            subject = (
                ("outlet", row.subject_outlet_id)
                if row.subject_outlet_id is not None
                else ("entity", row.subject_entity_id)
            )
            obj = ("entity", row.object_entity_id)
            if obj not in names:
                names[obj] = entity_name(row.o_slug, row.o_name)
                details[obj] = object_detail(row.o_slug, row.o_name, row.o_kind, row.o_country)
            edge = edge_json(
                names[subject],
                row.kind,
                details[obj],
                row.share,
                row.since,
                row.until,
                row.as_of,
                citation_json(row),
            )
            edges[subject].append({"object_key": obj, "json": edge})
            if obj not in edges and row.object_entity_id not in next_entities:
                next_entities.append(row.object_entity_id)
        frontier_outlets, frontier_entities = [], next_entities

    def edges_of(node: Any) -> list[dict[str, Any]]:
        return edges.get(node, [])

    walk = walk_ownership(("outlet", outlet.id), edges_of)
    paths = [[edge["json"] for edge in path] for path in walk.paths]
    owners = [details[key] for key in walk.ultimate_owners if key in details]
    return {"paths": paths, "ultimate_owners": owners, "truncated": walk.truncated}


def labels_json(conn: Connection, outlet_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    stmt = (
        select(
            LABELS.c.outlet_id,
            LABELS.c.kind,
            LABELS.c.issuer,
            LABELS.c.text,
            LABELS.c.since,
            LABELS.c.until,
            LABELS.c.as_of,
            *_citation_columns(),
        )
        .select_from(LABELS.join(CITATIONS, LABELS.c.citation_id == CITATIONS.c.id))
        .where(LABELS.c.outlet_id.in_(list(outlet_ids)))
        .order_by(LABELS.c.outlet_id, LABELS.c.since, LABELS.c.id)
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(stmt):
        out[row.outlet_id].append(label_json(row))
    return out


def label_of(
    kind: str,
    issuer: str,
    text: str | None,
    since: Any,
    until: Any,
    as_of: Any,
    citation: dict[str, Any] | None,
) -> dict[str, Any]:
    """A label as every record shows it."""
    return {
        "kind": kind,
        "issuer": issuer,
        "text": text,
        "since": iso(since),
        "until": iso(until),
        "as_of": iso(as_of),
        "citation": citation,
    }


def label_json(row: Any) -> dict[str, Any]:
    return label_of(
        row.kind, row.issuer, row.text, row.since, row.until, row.as_of, citation_json(row)
    )


def domains_json(conn: Connection, outlet_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(DOMAINS.c.host, DOMAINS.c.path_prefix, DOMAINS.c.role, DOMAINS.c.fold_variants)
        .where(DOMAINS.c.outlet_id == outlet_id)
        .order_by(DOMAINS.c.id)
    )
    return [domain_json(r) for r in conn.execute(stmt)]


def domain_json(r: Any) -> dict[str, Any]:
    return {
        "host": r.host,
        "path_prefix": r.path_prefix,
        "role": r.role,
        "fold_variants": r.fold_variants,
    }


def outlet_summary(row: Any) -> dict[str, Any]:
    return {
        "slug": row.slug,
        "name": row.name,
        "kind": row.kind,
        "country": row.country,
        "version": row.version,
    }


def outlet_record(conn: Connection, row: Any, base_url: str) -> dict[str, Any]:
    """The full public record of one outlet."""
    return record_from(
        row,
        domains_json(conn, row.id),
        labels_json(conn, [row.id]).get(row.id, []),
        ownership_json(conn, row),
        base_url,
    )


def record_from(
    row: Any,
    domains: list[dict[str, Any]],
    labels: list[dict[str, Any]],
    ownership: dict[str, Any],
    base_url: str,
) -> dict[str, Any]:
    """The record's JSON from its parts (the SQL path above, or the read path's memory).

    `record_url` is the last key: the read path caches everything before it once per
    outlet and appends the base-URL dependent tail per request host.
    """
    return {
        "slug": row.slug,
        "name": row.name,
        "other_names": list(row.other_names or []),
        "description": row.description,
        "country": row.country,
        "languages": list(row.languages or []),
        "kind": row.kind,
        "founded": iso(row.founded),
        "website": row.website,
        "wikidata_qid": row.wikidata_qid,
        "status": row.status,
        "version": row.version,
        "citation": citation_json(row),
        "domains": domains,
        "labels": labels,
        "ownership": ownership,
        "record_url": f"{base_url}/outlets/{row.slug}",
    }
