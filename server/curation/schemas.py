"""The shapes of every curation write, validated with pydantic before anything touches the DB.

Create shapes follow the dataset format (server/dataset/schema.py), so an outlet posted to the
API looks like an outlet in a seed file; citations may be given inline (`citation`: {url,
title, publisher, accessed}) or by `citation_id`. Patch shapes hold only the fields sent: a
field left out is unchanged, a field sent as null is cleared (where the column allows it).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .. import urls, vocab
from ..dataset.schema import (
    DomainRole,
    EntityKind,
    LabelKind,
    OutletKind,
    OutletStatus,
    RelationKind,
    ReportRelation,
    ReportStatus,
    Slug,
    Strict,
    error_path,
)
from ..errors import ValidationFailed
from ..models.base import MAX_ID
from .countries import ISO_3166_ALPHA2
from .identity import normalize_rule_host

# -- field types -----------------------------------------------------------------------------


def field_error(field: str, message: str) -> PydanticCustomError:
    """An error raised by a model-level check that still names the field at fault."""
    return PydanticCustomError("field_error", "{message}", {"field": field, "message": message})


def _check_url(value: str) -> str:
    if not value.lower().startswith(("http://", "https://")):
        raise ValueError("must be an http:// or https:// URL")
    try:
        urls.canonicalize(value)
    except urls.InvalidURL as exc:
        raise ValueError(exc.message) from None
    return value


def _check_country(value: str) -> str:
    if value not in ISO_3166_ALPHA2:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. GB, RU, US)")
    return value


def _check_host(value: str) -> str:
    try:
        return normalize_rule_host(value)
    except ValidationFailed as exc:
        raise ValueError(exc.message) from None


def _not_future(value: dt.date | None) -> dt.date | None:
    # One day of slack: a maintainer east of UTC may already be "tomorrow".
    if value is not None and value > dt.date.today() + dt.timedelta(days=1):
        raise ValueError("date is in the future")
    return value


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


HttpUrl = Annotated[str, Field(min_length=8, max_length=2048), AfterValidator(_check_url)]
Country = Annotated[str, BeforeValidator(_upper), AfterValidator(_check_country)]
Host = Annotated[str, Field(min_length=1, max_length=253), AfterValidator(_check_host)]
PastDate = Annotated[dt.date, AfterValidator(_not_future)]
Share = Annotated[float, Field(ge=0, le=100)]
Qid = Annotated[str, Field(pattern=r"^Q[0-9]+$", max_length=20)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=12)]
Role = Literal[vocab.ROLES]  # type: ignore[valid-type]
SuggestionKind = Literal[vocab.SUGGESTION_KINDS]  # type: ignore[valid-type]
Text = Annotated[str, Field(max_length=5000)]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _check_prefix(value: str) -> str:
    if value and (not value.startswith("/") or value.endswith("/")):
        raise ValueError("path_prefix must start with '/' and not end with '/' (or be empty)")
    return value.lower()


PathPrefix = Annotated[str, Field(max_length=200), AfterValidator(_check_prefix)]


# -- shared checks ---------------------------------------------------------------------------


def _dates_ordered(model: BaseModel) -> None:
    since, until = getattr(model, "since", None), getattr(model, "until", None)
    if since is not None and until is not None and until < since:
        raise field_error("until", "until must not be before since")


class CitationNew(Strict):
    url: HttpUrl
    title: str | None = Field(default=None, max_length=500)
    publisher: str | None = Field(default=None, max_length=200)
    accessed: PastDate | None = None
    quote: Text | None = None


class _Sourced(Strict):
    """A record that names its source: inline `citation` or an existing `citation_id`."""

    CITATION_REQUIRED: ClassVar[bool] = True

    citation: CitationNew | None = None
    citation_id: RecordId | None = None

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
        _dates_ordered(self)
        return self


class Patch(Strict):
    """Only the fields sent are changed; NOT_NULL fields may be left out but not nulled."""

    NOT_NULL: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _not_null(self) -> Patch:
        for name in sorted(self.model_fields_set & self.NOT_NULL):
            if getattr(self, name) is None:
                raise field_error(name, f"{name} cannot be null")
        citation, citation_id = getattr(self, "citation", None), getattr(self, "citation_id", None)
        if citation is not None and citation_id is not None:
            raise field_error("citation", "give either citation or citation_id, not both")
        _dates_ordered(self)
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


# -- citations -------------------------------------------------------------------------------


class CitationCreate(CitationNew):
    pass


class CitationPatch(Patch):
    NOT_NULL = frozenset({"url"})
    url: HttpUrl | None = None
    title: str | None = Field(default=None, max_length=500)
    publisher: str | None = Field(default=None, max_length=200)
    accessed: PastDate | None = None
    quote: Text | None = None


# -- domain rules ----------------------------------------------------------------------------


class DomainNew(Strict):
    host: Host
    path_prefix: PathPrefix = ""
    role: DomainRole = "primary"
    fold_variants: bool = True


class DomainCreate(DomainNew):
    outlet: Slug


class DomainPatch(Patch):
    NOT_NULL = frozenset({"outlet", "host", "path_prefix", "role", "fold_variants"})
    outlet: Slug | None = None
    host: Host | None = None
    path_prefix: PathPrefix | None = None
    role: DomainRole | None = None
    fold_variants: bool | None = None


# -- relations and labels --------------------------------------------------------------------


class RelationNew(_Sourced):
    kind: RelationKind
    object: Slug
    share: Share | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: PastDate
    note: Text | None = None


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


class RelationPatch(Patch):
    NOT_NULL = frozenset({"kind", "object", "as_of", "citation", "citation_id"})
    kind: RelationKind | None = None
    object: Slug | None = None
    share: Share | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: PastDate | None = None
    note: Text | None = None
    citation: CitationNew | None = None
    citation_id: RecordId | None = None


class LabelNew(_Sourced):
    kind: LabelKind
    issuer: str = Field(min_length=1, max_length=200)
    text: Text | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: PastDate


class LabelCreate(LabelNew):
    outlet: Slug


class LabelPatch(Patch):
    NOT_NULL = frozenset({"kind", "issuer", "as_of", "citation", "citation_id", "outlet"})
    outlet: Slug | None = None
    kind: LabelKind | None = None
    issuer: str | None = Field(default=None, min_length=1, max_length=200)
    text: Text | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: PastDate | None = None
    citation: CitationNew | None = None
    citation_id: RecordId | None = None


# -- entities and outlets --------------------------------------------------------------------


class EntityCreate(Strict):
    slug: Slug
    name: str = Field(min_length=1, max_length=300)
    kind: EntityKind = "other"
    country: Country | None = None
    wikidata_qid: Qid | None = None
    description: Text | None = None
    relations: list[RelationNew] = Field(default_factory=list, max_length=200)


class EntityPatch(Patch):
    NOT_NULL = frozenset({"slug", "name", "kind"})
    slug: Slug | None = None
    name: str | None = Field(default=None, min_length=1, max_length=300)
    kind: EntityKind | None = None
    country: Country | None = None
    wikidata_qid: Qid | None = None
    description: Text | None = None


class OutletCreate(_Sourced):
    CITATION_REQUIRED = False

    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    other_names: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=50
    )
    description: Text | None = None
    country: Country | None = None
    languages: list[Language] = Field(default_factory=list, max_length=50)
    kind: OutletKind = "unknown"
    founded: PastDate | None = None
    website: HttpUrl | None = None
    wikidata_qid: Qid | None = None
    status: OutletStatus = "active"
    domains: list[DomainNew] = Field(default_factory=list, max_length=500)
    relations: list[RelationNew] = Field(default_factory=list, max_length=200)
    labels: list[LabelNew] = Field(default_factory=list, max_length=200)


class OutletPatch(Patch):
    NOT_NULL = frozenset({"slug", "name", "other_names", "languages", "kind", "status"})
    slug: Slug | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    other_names: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        default=None, max_length=50
    )
    description: Text | None = None
    country: Country | None = None
    languages: list[Language] | None = Field(default=None, max_length=50)
    kind: OutletKind | None = None
    founded: PastDate | None = None
    website: HttpUrl | None = None
    wikidata_qid: Qid | None = None
    status: OutletStatus | None = None
    citation: CitationNew | None = None
    citation_id: RecordId | None = None


# -- articles, stories, report links ---------------------------------------------------------


class ArticleCreate(Strict):
    url: HttpUrl
    title: str | None = Field(default=None, max_length=500)
    published: PastDate | None = None
    outlet: Slug | None = None
    story: Slug | None = None
    author: str | None = Field(default=None, max_length=300)
    language: Language | None = None
    # None: fetch the page when no title is given. True/False: always/never fetch.
    fetch: bool | None = None


class ArticlePatch(Patch):
    NOT_NULL = frozenset({"url"})
    url: HttpUrl | None = None
    title: str | None = Field(default=None, max_length=500)
    published: PastDate | None = None
    outlet: Slug | None = None
    story: Slug | None = None
    author: str | None = Field(default=None, max_length=300)
    language: Language | None = None


class StoryCreate(Strict):
    slug: Slug
    title: str = Field(min_length=1, max_length=500)
    summary: Text | None = None


class StoryPatch(Patch):
    NOT_NULL = frozenset({"slug", "title"})
    slug: Slug | None = None
    title: str | None = Field(default=None, min_length=1, max_length=500)
    summary: Text | None = None


class ReportLinkCreate(_Sourced):
    CITATION_REQUIRED = False

    # The target: an existing article by id, an article by URL (created if new), or a story.
    article_id: RecordId | None = None
    article_url: HttpUrl | None = None
    story: Slug | None = None
    relation: ReportRelation
    report_url: HttpUrl
    report_title: str | None = Field(default=None, max_length=500)
    report_outlet: Slug | None = None
    report_published: PastDate | None = None
    report_author: str | None = Field(default=None, max_length=300)
    rating: str | None = Field(default=None, max_length=200)
    summary: Text | None = None
    status: ReportStatus = "published"
    # None: fetch the report page when no report_title is given. True/False: always/never.
    fetch: bool | None = None

    @model_validator(mode="after")
    def _one_target(self) -> ReportLinkCreate:
        given = [x for x in (self.article_id, self.article_url, self.story) if x is not None]
        if len(given) != 1:
            raise field_error("article_url", "give exactly one of article_url, article_id or story")
        return self


class ReportLinkPatch(Patch):
    NOT_NULL = frozenset({"relation", "report_url", "status"})
    relation: ReportRelation | None = None
    report_url: HttpUrl | None = None
    report_title: str | None = Field(default=None, max_length=500)
    report_outlet: Slug | None = None
    report_published: PastDate | None = None
    report_author: str | None = Field(default=None, max_length=300)
    rating: str | None = Field(default=None, max_length=200)
    summary: Text | None = None
    status: ReportStatus | None = None
    citation: CitationNew | None = None
    citation_id: RecordId | None = None


# -- suggestions -----------------------------------------------------------------------------

MESSAGE_MAX = 2000


class SuggestionIn(Strict):
    kind: SuggestionKind
    page_url: HttpUrl
    report_url: HttpUrl | None = None
    relation: ReportRelation | None = None
    outlet_slug: Slug | None = None
    message: str = Field(default="", max_length=MESSAGE_MAX)

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
    report_title: str | None = Field(default=None, max_length=500)
    summary: Text | None = None
    rating: str | None = Field(default=None, max_length=200)
    fetch: bool = False
    # For a correction: the record and the patch to apply (optional: the maintainer may
    # have fixed it already, then `resolution` says how).
    record_type: str | None = None
    record: str | None = Field(default=None, max_length=100)
    patch: dict[str, Any] | None = None
    if_match: int | None = Field(default=None, ge=1)
    resolution: str | None = Field(default=None, max_length=MESSAGE_MAX)

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


# -- turning pydantic errors into one ValidationFailed ---------------------------------------


def parse(model: type[Any], data: Any, where: str = "") -> Any:
    """Validate `data` (a dict, or already a `model`); the error names the field at fault."""
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        raise ValidationFailed("the body must be a JSON object", field=where or None)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, where) from None


def validation_failed(exc: ValidationError, where: str = "") -> ValidationFailed:
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    if first["type"] == "field_error":
        loc = (*loc, first["ctx"]["field"])
    path = error_path(loc)
    if where:
        path = f"{where}.{path}" if path else where
    message = first["msg"]
    if first["type"] == "missing":
        message = "this field is required"
    elif first["type"] == "extra_forbidden":
        message = "unknown field"
    message = message.removeprefix("Value error, ")
    return ValidationFailed(f"{path}: {message}" if path else message, field=path or None)
