"""A relation (owned by, operated by, controlled by, funded by) and the ownership document
made of them: paths of relations up to the ultimate owners."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .values import iso, number


def subject_ref(kind: str, slug: str, name: str) -> dict[str, Any]:
    """How an outlet ("outlet") or an entity ("entity") appears as a relation's subject."""
    return {"type": kind, "slug": slug, "name": name}


def entity_detail(slug: str, name: str, kind: str, country: str | None) -> dict[str, Any]:
    """How an entity appears as a relation's object and as an ultimate owner."""
    return {"slug": slug, "name": name, "kind": kind, "country": country}


def relation_terms(share: Any, since: Any, until: Any, as_of: Any) -> dict[str, Any]:
    """How much and when: the part of a relation every shape of it carries."""
    return {"share": number(share), "since": iso(since), "until": iso(until), "as_of": iso(as_of)}


def path_step(
    subject: dict[str, Any],
    kind: str,
    detail: dict[str, Any],
    share: Any,
    since: Any,
    until: Any,
    as_of: Any,
    citation: dict[str, Any] | None,
) -> dict[str, Any]:
    """One relation as a step of an ownership path (the API's `Relation`)."""
    return {
        "subject": subject,
        "kind": kind,
        "object": detail,
        **relation_terms(share, since, until, as_of),
        "citation": citation,
    }


def ownership_document(
    paths: Sequence[Any], owners: Sequence[Any], truncated: bool
) -> dict[str, Any]:
    """An outlet's ownership: its paths (lists of relations), ultimate owners and whether a bound
    of the walk cut it short. Steps and owners may be dicts or `orjson.Fragment`s."""
    return {"paths": paths, "ultimate_owners": owners, "truncated": truncated}
