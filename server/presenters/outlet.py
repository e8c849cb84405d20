"""An outlet: its own facts, its public record, and the short forms lists and badges show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from .values import iso


class OutletLike(Protocol):
    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def other_names(self) -> Any: ...

    @property
    def description(self) -> str | None: ...

    @property
    def country(self) -> str | None: ...

    @property
    def languages(self) -> Any: ...

    @property
    def kind(self) -> str: ...

    @property
    def founded(self) -> Any: ...

    @property
    def website(self) -> str | None: ...

    @property
    def wikidata_qid(self) -> str | None: ...

    @property
    def status(self) -> str: ...

    @property
    def version(self) -> int: ...


def outlet_terms(o: OutletLike) -> dict[str, Any]:
    """The outlet's own facts, in the order every shape of an outlet lists them."""
    return {
        "slug": o.slug,
        "name": o.name,
        "other_names": list(o.other_names or []),
        "description": o.description,
        "country": o.country,
        "languages": list(o.languages or []),
        "kind": o.kind,
        "founded": iso(o.founded),
        "website": o.website,
        "wikidata_qid": o.wikidata_qid,
        "status": o.status,
    }


def record_body(
    o: OutletLike,
    citation: Any,
    domains: Any,
    labels: Any,
    ownership: Any,
) -> dict[str, Any]:
    """The public record without `record_url`, the one member that depends on the request's
    host (the read model keeps this per outlet and adds it per request). The parts may be
    values or `orjson.Fragment`s."""
    return {
        **outlet_terms(o),
        "version": o.version,
        "citation": citation,
        "domains": domains,
        "labels": labels,
        "ownership": ownership,
    }


def record_url(base_url: str, slug: str) -> str:
    return f"{base_url}/outlets/{slug}"


def with_record_url(body: dict[str, Any], base_url: str) -> dict[str, Any]:
    """The full public record: its body, then `record_url` as the last member."""
    return {**body, "record_url": record_url(base_url, body["slug"])}


def outlet_summary(o: OutletLike) -> dict[str, Any]:
    """One outlet in a list."""
    return {
        "slug": o.slug,
        "name": o.name,
        "kind": o.kind,
        "country": o.country,
        "version": o.version,
    }


def index_badge(
    slug: str, name: str, kind: str, country: str | None, labels: Sequence[str], owner: str | None
) -> dict[str, Any]:
    """An outlet in the domain index the extension keeps: enough to draw its badge."""
    return {
        "slug": slug,
        "name": name,
        "kind": kind,
        "country": country,
        "labels": list(labels),
        "owner": owner,
    }


def batch_badge(
    slug: str, name: str, kind: str, country: str | None, label_kinds: Sequence[str]
) -> dict[str, Any]:
    """An outlet in a batch lookup's result."""
    return {
        "slug": slug,
        "name": name,
        "kind": kind,
        "country": country,
        "label_kinds": list(label_kinds),
    }
