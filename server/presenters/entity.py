"""An entity: an owner, operator or funder (company, government, person, ...)."""

from __future__ import annotations

from typing import Any


def entity_terms(e: Any) -> dict[str, Any]:
    """The entity's own facts, as the dataset format and the curation API show them."""
    return {
        "slug": e.slug,
        "name": e.name,
        "kind": e.kind,
        "country": e.country,
        "wikidata_qid": e.wikidata_qid,
        "description": e.description,
    }
