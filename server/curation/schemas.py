"""The shapes of every curation write, validated with pydantic before anything touches the DB.

Create shapes extend the record fields (shapes.py) that the dataset format extends too, so an
outlet posted to the API looks like an outlet in a seed file; citations may be given inline
(`citation`: {url, title, publisher, accessed}) or by `citation_id`. Patch shapes hold only
the fields sent: a field left out is unchanged, a field sent as null is cleared (where the
column allows it).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Field, model_validator

from ..fields import (
    HttpUrl,
    RecordId,
    ReportRelation,
    Role,
    Slug,
    SuggestionKind,
    Text,
    Visible,
    strip_invisible,
)
from .shapes import (
    ArticleFields,
    CitationFields,
    DomainFields,
    EntityFields,
    LabelFields,
    OutletFields,
    Patch,
    RelationFields,
    ReportLinkFields,
    StoryFields,
    Strict,
    field_error,
    parse,
    patch_of,
)

__all__ = ["Patch", "parse"]


# A citation given inline, where a record names its source.
class CitationNew(CitationFields):
    pass


SOURCE = ("citation", "citation_id")  # a fact's source may be replaced but not removed


class Sourcing(Strict):
    """How a record names its source: an inline `citation` or an existing `citation_id`."""

    citation: CitationNew | None = None
    citation_id: RecordId | None = None


class _Sourced(Sourcing):
    CITATION_REQUIRED: ClassVar[bool] = True

    @model_validator(mode="after")
    def _one_source(self) -> _Sourced:
        if self.citation is not None and self.citation_id is not None:
            raise field_error("citation", "give either citation or citation_id, not both")
        if self.CITATION_REQUIRED and self.citation is None and self.citation_id is None:
            raise field_error(
                "citation",
                "a source is required: give citation {url, title, publisher, accessed} "
                "or the citation_id of an existing citation",
            )
        return self


# -- citations and domain rules ----------------------------------------------------------------


class CitationCreate(CitationNew):
    pass


CitationPatch = patch_of("CitationPatch", CitationFields)


class DomainNew(DomainFields):
    pass


class _OutletRef(Strict):
    outlet: Slug


class DomainCreate(DomainNew):
    outlet: Slug


DomainPatch = patch_of("DomainPatch", _OutletRef, DomainFields)


# -- relations and labels --------------------------------------------------------------------


class RelationNew(RelationFields, _Sourced):
    pass


class RelationCreate(RelationNew):
    subject_outlet: Slug | None = None
    subject_entity: Slug | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> RelationCreate:
        if (self.subject_outlet is None) == (self.subject_entity is None):
            raise field_error(
                "subject_outlet", "give exactly one of subject_outlet or subject_entity"
            )
        return self


RelationPatch = patch_of("RelationPatch", RelationFields, Sourcing, not_null=SOURCE)


class LabelNew(LabelFields, _Sourced):
    pass


class LabelCreate(LabelNew):
    outlet: Slug


LabelPatch = patch_of("LabelPatch", _OutletRef, LabelFields, Sourcing, not_null=SOURCE)


# -- entities and outlets --------------------------------------------------------------------


class EntityCreate(EntityFields):
    relations: list[RelationNew] = Field(default_factory=list, max_length=200)


EntityPatch = patch_of("EntityPatch", EntityFields)


class OutletCreate(OutletFields, _Sourced):
    CITATION_REQUIRED = False

    domains: list[DomainNew] = Field(default_factory=list, max_length=500)
    relations: list[RelationNew] = Field(default_factory=list, max_length=200)
    labels: list[LabelNew] = Field(default_factory=list, max_length=200)


OutletPatch = patch_of("OutletPatch", OutletFields, Sourcing)


# -- articles, stories, report links ---------------------------------------------------------


class ArticleCreate(ArticleFields):
    story: Slug | None = None
    # None: fetch the page when no title is given. True/False: always/never fetch.
    fetch: bool | None = None


ArticlePatch = patch_of("ArticlePatch", ArticleCreate, skip={"fetch"})


class StoryCreate(StoryFields):
    pass


StoryPatch = patch_of("StoryPatch", StoryFields)


class _Target(Strict):
    # An existing article by id, an article by URL (created if new), or a story.
    article_id: RecordId | None = None
    article_url: HttpUrl | None = None
    story: Slug | None = None


class ReportLinkCreate(ReportLinkFields, _Target, _Sourced):
    CITATION_REQUIRED = False

    # None: fetch the report page when no report_title is given. True/False: always/never.
    fetch: bool | None = None

    @model_validator(mode="after")
    def _one_target(self) -> ReportLinkCreate:
        given = [x for x in (self.article_id, self.article_url, self.story) if x is not None]
        if len(given) != 1:
            raise field_error("article_url", "give exactly one of article_url, article_id or story")
        return self


ReportLinkPatch = patch_of("ReportLinkPatch", ReportLinkFields, Sourcing)


class Reviewed(Strict):
    """Marking a relation or label reviewed: optionally, when to check it next (a date after
    today; null or left out: 90 days after today, when its source is re-dated)."""

    review_due: dt.date | None = None


# -- suggestions -----------------------------------------------------------------------------

MESSAGE_MAX = 2000


class SuggestionIn(Strict):
    kind: SuggestionKind
    page_url: HttpUrl
    report_url: HttpUrl | None = None
    relation: ReportRelation | None = None
    outlet_slug: Slug | None = None
    message: Annotated[str, AfterValidator(strip_invisible)] = Field(
        default="", max_length=MESSAGE_MAX
    )

    @model_validator(mode="after")
    def _complete(self) -> SuggestionIn:
        if self.kind == "report" and self.report_url is None:
            raise field_error("report_url", "a report suggestion needs the report_url")
        if self.kind == "correction" and not self.message:
            raise field_error("message", "say what should be corrected")
        return self


class SuggestionAccept(Strict):
    # For a report suggestion: overrides for the report link that is created.
    relation: ReportRelation | None = None
    report_title: Visible | None = Field(default=None, max_length=500)
    summary: Text | None = None
    rating: Visible | None = Field(default=None, max_length=200)
    fetch: bool = False
    # For a correction: the record and the patch to apply (optional: the maintainer may
    # have fixed it already, then `resolution` says how).
    record_type: str | None = None
    record: str | None = Field(default=None, max_length=100)
    patch: dict[str, Any] | None = None
    if_match: int | None = Field(default=None, ge=1)
    resolution: Annotated[str, AfterValidator(strip_invisible)] | None = Field(
        default=None, max_length=MESSAGE_MAX
    )

    @model_validator(mode="after")
    def _target(self) -> SuggestionAccept:
        if self.patch is not None and (self.record_type is None or self.record is None):
            raise field_error("record", "a patch needs record_type and record (slug or id)")
        return self


class SuggestionReject(Strict):
    reason: str = Field(min_length=1, max_length=MESSAGE_MAX)


# -- accounts and fetch ----------------------------------------------------------------------


class TokenCreate(Strict):
    user: str = Field(min_length=1, max_length=80)
    role: Role | None = None
    name: str | None = Field(default=None, max_length=100)


class UserCreate(Strict):
    name: str = Field(min_length=1, max_length=80)
    role: Role
    password: str | None = Field(default=None, min_length=10, max_length=500)


class UserPatch(Patch):
    NOT_NULL = frozenset({"role", "active", "password"})
    role: Role | None = None
    active: bool | None = None
    password: str | None = Field(default=None, min_length=10, max_length=500)


class FetchRequest(Strict):
    url: HttpUrl
