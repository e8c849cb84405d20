"""Who writes (Actor) and what can be written (RecordType): shared by the service and the API."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ValidationFailed
from ..models import (
    Article,
    Citation,
    DomainRule,
    Entity,
    Label,
    Outlet,
    Relation,
    ReportLink,
    Story,
)
from ..models.base import Base


@dataclass(frozen=True)
class Actor:
    """The person (or importer) a change is attributed to: a user id and a display name."""

    id: int | None
    name: str


@dataclass(frozen=True)
class RecordType:
    name: str  # as stored in revisions.record_type
    model: type[Base]
    path: str  # the API collection: /api/v1/<path>/<key>
    key: str  # "slug" or "id": how the API names one record


RECORD_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType("outlet", Outlet, "outlets", "slug"),
        RecordType("domain_rule", DomainRule, "domains", "id"),
        RecordType("entity", Entity, "entities", "slug"),
        RecordType("relation", Relation, "relations", "id"),
        RecordType("label", Label, "labels", "id"),
        RecordType("citation", Citation, "citations", "id"),
        RecordType("article", Article, "articles", "id"),
        RecordType("story", Story, "stories", "slug"),
        RecordType("report_link", ReportLink, "report-links", "id"),
    )
}
BY_PATH: dict[str, RecordType] = {t.path: t for t in RECORD_TYPES.values()}
BY_MODEL: dict[type[Base], RecordType] = {t.model: t for t in RECORD_TYPES.values()}


def record_type(name: str) -> RecordType:
    """A record type by its revision name ("domain_rule") or API path ("domains")."""
    found = RECORD_TYPES.get(name) or BY_PATH.get(name)
    if found is None:
        known = ", ".join(sorted(RECORD_TYPES))
        raise ValidationFailed(f"unknown record type '{name}'; known: {known}", field="record_type")
    return found


def kind_of(obj: Base) -> RecordType:
    """The record type of a stored record."""
    return BY_MODEL[type(obj)]
