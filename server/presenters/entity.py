"""An entity: an owner, operator or funder (company, government, person, ...)."""

from __future__ import annotations

from typing import Any, Protocol


class EntityLike(Protocol):
    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def country(self) -> str | None: ...

    @property
    def wikidata_qid(self) -> str | None: ...

    @property
    def description(self) -> str | None: ...


def entity_terms(e: EntityLike) -> dict[str, Any]:
    """The entity's own facts, as the dataset format and the curation API show them."""
    return {
        "slug": e.slug,
        "name": e.name,
        "kind": e.kind,
        "country": e.country,
        "wikidata_qid": e.wikidata_qid,
        "description": e.description,
    }
