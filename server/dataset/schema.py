"""The dataset format: Masthead's seed files, `flask export` output and `flask import` input.

One format for all three, so the seed is just a dataset and an export re-imports exactly.
Validation errors name the path of the bad field (e.g. `outlets[3].labels[0].citation`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import vocab

FORMAT = "masthead-dataset/1"

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, Field(min_length=8, max_length=2048, pattern=r"^https?://\S+$")]

OutletKind = Literal[vocab.OUTLET_KINDS]  # type: ignore[valid-type]
OutletStatus = Literal[vocab.OUTLET_STATUSES]  # type: ignore[valid-type]
DomainRole = Literal[vocab.DOMAIN_ROLES]  # type: ignore[valid-type]
EntityKind = Literal[vocab.ENTITY_KINDS]  # type: ignore[valid-type]
RelationKind = Literal[vocab.RELATION_KINDS]  # type: ignore[valid-type]
LabelKind = Literal[vocab.LABEL_KINDS]  # type: ignore[valid-type]
ReportRelation = Literal[vocab.REPORT_RELATIONS]  # type: ignore[valid-type]
ReportStatus = Literal[vocab.REPORT_STATUSES]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CitationIn(Strict):
    url: Url
    title: str | None = Field(default=None, max_length=500)
    publisher: str | None = Field(default=None, max_length=200)
    accessed: dt.date | None = None
    quote: str | None = None


class DomainIn(Strict):
    host: str = Field(min_length=1, max_length=253)
    path_prefix: str = Field(default="", max_length=200)
    role: DomainRole = "primary"
    fold_variants: bool = True

    @field_validator("path_prefix")
    @classmethod
    def _prefix_shape(cls, value: str) -> str:
        if value and (not value.startswith("/") or value.endswith("/")):
            raise ValueError("path_prefix must start with '/' and not end with '/' (or be empty)")
        return value.lower()


class RelationIn(Strict):
    kind: RelationKind
    object: Slug
    share: float | None = Field(default=None, ge=0, le=100)
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: dt.date
    note: str | None = None
    citation: CitationIn


class LabelIn(Strict):
    kind: LabelKind
    issuer: str = Field(min_length=1, max_length=200)
    text: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: dt.date
    citation: CitationIn


class EntityIn(Strict):
    slug: Slug
    name: str = Field(min_length=1, max_length=300)
    kind: EntityKind = "other"
    country: Country | None = None
    wikidata_qid: str | None = Field(default=None, pattern=r"^Q[0-9]+$")
    description: str | None = None
    relations: list[RelationIn] | None = None


class OutletIn(Strict):
    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    other_names: list[str] = Field(default_factory=list)
    description: str | None = None
    country: Country | None = None
    languages: list[str] = Field(default_factory=list)
    kind: OutletKind = "unknown"
    founded: dt.date | None = None
    website: Url | None = None
    wikidata_qid: str | None = Field(default=None, pattern=r"^Q[0-9]+$")
    status: OutletStatus = "active"
    citation: CitationIn | None = None
    domains: list[DomainIn] | None = None
    relations: list[RelationIn] | None = None
    labels: list[LabelIn] | None = None


class ReportLinkIn(Strict):
    relation: ReportRelation
    report_url: Url
    report_title: str | None = Field(default=None, max_length=500)
    report_outlet: Slug | None = None
    report_published: dt.date | None = None
    report_author: str | None = Field(default=None, max_length=300)
    rating: str | None = Field(default=None, max_length=200)
    summary: str | None = None
    status: ReportStatus = "published"
    citation: CitationIn | None = None


class ArticleIn(Strict):
    url: Url
    title: str | None = Field(default=None, max_length=500)
    published: dt.date | None = None
    outlet: Slug | None = None
    author: str | None = Field(default=None, max_length=300)
    language: str | None = Field(default=None, max_length=12)
    report_links: list[ReportLinkIn] | None = None


class StoryIn(Strict):
    slug: Slug
    title: str = Field(min_length=1, max_length=500)
    summary: str | None = None
    articles: list[ArticleIn] = Field(default_factory=list)
    report_links: list[ReportLinkIn] | None = None


class DatasetIn(Strict):
    format: Literal["masthead-dataset/1"] = FORMAT
    entities: list[EntityIn] = Field(default_factory=list)
    outlets: list[OutletIn] = Field(default_factory=list)
    stories: list[StoryIn] = Field(default_factory=list)
    articles: list[ArticleIn] = Field(default_factory=list)


def error_path(loc: tuple[int | str, ...]) -> str:
    """pydantic's ('outlets', 3, 'labels', 0, 'citation') -> 'outlets[3].labels[0].citation'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return re.sub(r"^\.", "", out)
