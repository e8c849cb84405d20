"""The shapes the read model holds one data version in: whole tables as plain tuples.

Tuples of shared values are cheap to hold for 100k outlets and invisible to the cyclic
garbage collector; `OutletRow` and `RelationRow` give them the attribute names of the SQL
path's rows (server/read/records.py) when a record is built, so both feed the same
presenters and the same ownership walk.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..matching import Rule


class Tables(NamedTuple):
    """One data version's tables, as `build.load_tables` reads them.

    outlets: id -> (slug, name, other_names, description, country, languages, kind, founded,
             website, wikidata_qid, status, version, citation_id); the two lists may still
             be JSON text
    labels: outlet id -> ((kind, issuer, text, since, until, as_of, citation_id), ...)
    relations_of_outlet / relations_of_entity: subject id -> ((id, subject_outlet_id,
             subject_entity_id, object_entity_id, kind, share, since, until, as_of,
             citation_id), ...), by relation id
    entities: id -> (slug, name, kind, country); citations: id -> (url, title, publisher,
             accessed, archived_url)
    article_keys: the first 64 bits of every article's url_sha256, sorted (None: unknown)
    linked_keys: the same for the articles with a published report link (None: unknown)
    """

    rules: list[Rule]
    outlets: Mapping[int, tuple[Any, ...]]
    labels: Mapping[int, tuple[tuple[Any, ...], ...]]
    relations_of_outlet: Mapping[int, tuple[tuple[Any, ...], ...]]
    relations_of_entity: Mapping[int, tuple[tuple[Any, ...], ...]]
    entities: Mapping[int, tuple[Any, ...]]
    citations: Mapping[int, tuple[Any, ...]]
    article_keys: array[int] | None = None
    linked_keys: array[int] | None = None


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
    c_archived_url: str | None


class RelationRow(NamedTuple):
    """A relation with its object entity and citation, as `records.relation_rows` returns it."""

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
    c_archived_url: str | None
