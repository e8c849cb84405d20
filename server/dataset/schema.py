"""The dataset format: Masthead's seed files, `flask export` output and `flask import` input.

One format for all three, so the seed is just a dataset and an export re-imports exactly.
Each record holds the same fields, checked by the same field types, as the curation API's
payloads (server/curation/shapes.py); what the dataset adds is nesting. A list given for an
outlet's domains, relations or labels is the whole set; a list left out (null) leaves what
is there alone. Validation errors name the path of the bad field
(e.g. `outlets[3].labels[0].citation`).
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import Field

from ..curation import shapes

FORMAT: Final = "masthead-dataset/1"

CitationIn = shapes.CitationFields
DomainIn = shapes.DomainFields


class RelationIn(shapes.RelationFields):
    citation: CitationIn


class LabelIn(shapes.LabelFields):
    citation: CitationIn


class EntityIn(shapes.EntityFields):
    relations: list[RelationIn] | None = None


class OutletIn(shapes.OutletFields):
    citation: CitationIn | None = None
    domains: list[DomainIn] | None = None
    relations: list[RelationIn] | None = None
    labels: list[LabelIn] | None = None


class ReportLinkIn(shapes.ReportLinkFields):
    citation: CitationIn | None = None


class ArticleIn(shapes.ArticleFields):
    report_links: list[ReportLinkIn] | None = None


class StoryIn(shapes.StoryFields):
    articles: list[ArticleIn] = Field(default_factory=list)
    report_links: list[ReportLinkIn] | None = None


class DatasetIn(shapes.Strict):
    format: Literal["masthead-dataset/1"] = FORMAT
    entities: list[EntityIn] = Field(default_factory=list)
    outlets: list[OutletIn] = Field(default_factory=list)
    stories: list[StoryIn] = Field(default_factory=list)
    articles: list[ArticleIn] = Field(default_factory=list)
