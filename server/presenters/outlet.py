"""An outlet: its own facts, its public record, and the short forms lists and badges show."""

from __future__ import annotations

from typing import Any

from .values import iso


def outlet_terms(o: Any) -> dict[str, Any]:
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
    o: Any,
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


def outlet_summary(o: Any) -> dict[str, Any]:
    """One outlet in a list."""
    return {**_badge_terms(o), "version": o.version}


def index_badge(b: Any) -> dict[str, Any]:
    """An outlet in the domain index the extension keeps: enough to draw its badge (`b`: slug,
    name, kind, country, labels in force, owner names)."""
    return {**_badge_terms(b), "labels": list(b.labels), "owner": b.owner}


def batch_badge(b: Any) -> dict[str, Any]:
    """An outlet in a batch lookup's result."""
    return {**_badge_terms(b), "label_kinds": list(b.labels)}


def _badge_terms(b: Any) -> dict[str, Any]:
    return {"slug": b.slug, "name": b.name, "kind": b.kind, "country": b.country}
