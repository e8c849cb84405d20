"""The SQL read path: an outlet's public record built with a handful of Core queries.

The outlets API, the public record page and the admin pages read records this way, and it
is the reference the read model's in-memory records are tested against (byte for byte).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select

from ..matching import path_folds_of
from ..presenters.citation import citation
from ..presenters.domain_rule import domain_rule
from ..presenters.label import label
from ..presenters.outlet import record_body, with_record_url
from .ownership import ownership_from
from .rows import RelationRow
from .tables import CITATIONS, ENTITIES, LABELS, OUTLETS, RELATIONS, RULES


def citation_columns(prefix: str = "c_") -> list[Any]:
    return [
        CITATIONS.c.url.label(prefix + "url"),
        CITATIONS.c.title.label(prefix + "title"),
        CITATIONS.c.publisher.label(prefix + "publisher"),
        CITATIONS.c.accessed.label(prefix + "accessed"),
        CITATIONS.c.archived_url.label(prefix + "archived_url"),
    ]


def cited(row: Any) -> dict[str, Any] | None:
    """The citation joined to a row (its `c_` columns)."""
    return citation(row.c_url, row.c_title, row.c_publisher, row.c_accessed, row.c_archived_url)


def _outlet_by(column: Any, name: str) -> Any:
    return (
        select(OUTLETS, *citation_columns())
        .select_from(OUTLETS.outerjoin(CITATIONS, OUTLETS.c.citation_id == CITATIONS.c.id))
        .where(column == bindparam(name))
    )


OUTLET_BY_SLUG = _outlet_by(OUTLETS.c.slug, "slug")
OUTLET_BY_ID = _outlet_by(OUTLETS.c.id, "id")


def fetch_outlet_row(
    conn: Connection, *, slug: str | None = None, outlet_id: int | None = None
) -> Any | None:
    """An outlet with its citation's `c_` columns, by slug or by id."""
    if slug is not None:
        return conn.execute(OUTLET_BY_SLUG, {"slug": slug}).first()
    return conn.execute(OUTLET_BY_ID, {"id": outlet_id}).first()


def relation_rows(
    conn: Connection, *, outlet_ids: Sequence[int] = (), entity_ids: Sequence[int] = ()
) -> list[Any]:
    """Relations of these subjects with their object entity (`o_` columns) and citation (`c_`
    columns), by relation id, as `RelationRow`s lists them; a relation whose entity or
    citation is missing is left out."""
    cond = (
        RELATIONS.c.subject_outlet_id.in_(outlet_ids)
        if outlet_ids
        else RELATIONS.c.subject_entity_id.in_(entity_ids)
    )
    stmt = (
        select(
            *[RELATIONS.c[name] for name in RelationRow._fields[:9]],
            ENTITIES.c.slug.label("o_slug"),
            ENTITIES.c.name.label("o_name"),
            ENTITIES.c.kind.label("o_kind"),
            ENTITIES.c.country.label("o_country"),
            *citation_columns(),
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


def ownership_json(conn: Connection, outlet: Any) -> dict[str, Any]:
    """Ownership paths up to the ultimate owners, loading one level of the graph per query."""

    def fetch(outlet_ids: Sequence[int], entity_ids: Sequence[int]) -> list[Any]:
        rows = relation_rows(conn, outlet_ids=outlet_ids) if outlet_ids else []
        if entity_ids:
            rows += relation_rows(conn, entity_ids=entity_ids)
        return rows

    return ownership_from(outlet, fetch)


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
            *citation_columns(),
        )
        .select_from(LABELS.join(CITATIONS, LABELS.c.citation_id == CITATIONS.c.id))
        .where(LABELS.c.outlet_id.in_(list(outlet_ids)))
        .order_by(LABELS.c.outlet_id, LABELS.c.since, LABELS.c.id)
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(stmt):
        out[r.outlet_id].append(
            label(r.kind, r.issuer, r.text, r.since, r.until, r.as_of, cited(r))
        )
    return out


def domains_json(conn: Connection, outlet_id: int) -> list[dict[str, Any]]:
    stmt = (
        select(RULES.c.host, RULES.c.path_prefix, RULES.c.role, RULES.c.fold_variants)
        .add_columns(RULES.c.path_folds)
        .where(RULES.c.outlet_id == outlet_id)
        .order_by(RULES.c.id)
    )
    return [
        domain_rule(r.host, r.path_prefix, r.role, r.fold_variants, path_folds_of(r.path_folds))
        for r in conn.execute(stmt)
    ]


def outlet_record(conn: Connection, row: Any, base_url: str) -> dict[str, Any]:
    """The full public record of one outlet (a row of `fetch_outlet_row`)."""
    body = record_body(
        row,
        cited(row),
        domains_json(conn, row.id),
        labels_json(conn, [row.id]).get(row.id, []),
        ownership_json(conn, row),
    )
    return with_record_url(body, base_url)
