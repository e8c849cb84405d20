"""Who writes (Actor) and what can be written (RecordType): shared by the service and the API."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .. import models as m
from ..errors import ValidationFailed
from ..models.base import Base
from . import schemas as s


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
    create: type[BaseModel]  # the payload shapes of a create and of an update
    patch: type[BaseModel]


RECORD_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType("outlet", m.Outlet, "outlets", "slug", s.OutletCreate, s.OutletPatch),
        RecordType("domain_rule", m.DomainRule, "domains", "id", s.DomainCreate, s.DomainPatch),
        RecordType("entity", m.Entity, "entities", "slug", s.EntityCreate, s.EntityPatch),
        RecordType("relation", m.Relation, "relations", "id", s.RelationCreate, s.RelationPatch),
        RecordType("label", m.Label, "labels", "id", s.LabelCreate, s.LabelPatch),
        RecordType("citation", m.Citation, "citations", "id", s.CitationCreate, s.CitationPatch),
        RecordType("article", m.Article, "articles", "id", s.ArticleCreate, s.ArticlePatch),
        RecordType("story", m.Story, "stories", "slug", s.StoryCreate, s.StoryPatch),
        RecordType(
            "report_link", m.ReportLink, "report-links", "id", s.ReportLinkCreate, s.ReportLinkPatch
        ),
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
