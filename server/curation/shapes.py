"""The fields of each record kind, written once, and the machinery every shape shares.

`OutletFields` and its siblings are what a record of that kind holds. The API's create
shapes (schemas.py) and the dataset format (server/dataset/schema.py) extend them; the API's
patch shapes are made from them (`patch_of`); the services read their column names from them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any, ClassVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator
from pydantic_core import PydanticCustomError

from ..errors import ValidationFailed
from ..fields import (
    Country,
    DomainRole,
    EntityKind,
    Host,
    HttpUrl,
    LabelKind,
    Language,
    OutletKind,
    OutletStatus,
    PastDate,
    PathFolds,
    PathPrefix,
    Qid,
    RelationKind,
    ReportRelation,
    ReportStatus,
    Share,
    Slug,
    Text,
    Visible,
    platform_rule_problem,
)
from ..urls.platforms import account_host, path_key


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def field_error(field: str, message: str) -> PydanticCustomError:
    """An error raised by a model-level check that still names the field at fault."""
    return PydanticCustomError("field_error", "{message}", {"field": field, "message": message})


def dates_ordered(model: BaseModel) -> None:
    since, until = getattr(model, "since", None), getattr(model, "until", None)
    if since is not None and until is not None and until < since:
        raise field_error("until", "until must not be before since")


# -- what each record kind holds -------------------------------------------------------------


class CitationFields(Strict):
    url: HttpUrl
    title: Visible | None = Field(default=None, max_length=500)
    publisher: Visible | None = Field(default=None, max_length=200)
    accessed: PastDate | None = None
    quote: Text | None = None
    archived_url: HttpUrl | None = None


class DomainFields(Strict):
    host: Host
    path_prefix: PathPrefix = ""
    role: DomainRole = "primary"
    fold_variants: bool = True
    path_folds: PathFolds = Field(default_factory=list)

    @model_validator(mode="after")
    def _platform_account(self) -> DomainFields:
        problem = platform_rule_problem(self.host, self.path_prefix, self.role)
        if problem is not None:
            raise field_error(*problem)
        # stored as matching compares it: lower case but a YouTube channel id, on the
        # platform's own host (mobile.twitter.com -> x.com)
        self.path_prefix = path_key(self.host, self.path_prefix)
        self.host = account_host(self.host, self.path_prefix)
        return self


class _Dated(Strict):
    @model_validator(mode="after")
    def _ordered(self) -> _Dated:
        dates_ordered(self)
        return self


class RelationFields(_Dated):
    kind: RelationKind
    object: Slug
    share: Share | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: PastDate
    note: Text | None = None
    review_due: dt.date | None = None


class LabelFields(_Dated):
    kind: LabelKind
    issuer: Visible = Field(min_length=1, max_length=200)
    text: Text | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: PastDate
    review_due: dt.date | None = None


class EntityFields(Strict):
    slug: Slug
    name: Visible = Field(min_length=1, max_length=300)
    kind: EntityKind = "other"
    country: Country | None = None
    wikidata_qid: Qid | None = None
    description: Text | None = None


class OutletFields(Strict):
    slug: Slug
    name: Visible = Field(min_length=1, max_length=200)
    other_names: list[Annotated[Visible, Field(min_length=1, max_length=200)]] = Field(
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


class StoryFields(Strict):
    slug: Slug
    title: Visible = Field(min_length=1, max_length=500)
    summary: Text | None = None


class ArticleFields(Strict):
    url: HttpUrl
    title: Visible | None = Field(default=None, max_length=500)
    published: PastDate | None = None
    outlet: Slug | None = None
    author: Visible | None = Field(default=None, max_length=300)
    language: Language | None = None


class ReportLinkFields(Strict):
    relation: ReportRelation
    report_url: HttpUrl
    report_title: Visible | None = Field(default=None, max_length=500)
    report_outlet: Slug | None = None
    report_published: PastDate | None = None
    report_author: Visible | None = Field(default=None, max_length=300)
    rating: Visible | None = Field(default=None, max_length=200)
    summary: Text | None = None
    status: ReportStatus = "published"


def columns(shape: type[BaseModel]) -> tuple[str, ...]:
    """The field names of a record shape, which are also its model's column names."""
    return tuple(shape.model_fields)


# -- patches: only the fields sent ---------------------------------------------------------


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
        dates_ordered(self)
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


def patch_of(
    name: str, *shapes: type[BaseModel], not_null: Iterable[str] = (), skip: Iterable[str] = ()
) -> type[Patch]:
    """A patch shape with every field of `shapes` (their checks kept), each optional. A field
    the shapes do not let be null may not be nulled by a patch either (nor those in
    `not_null`)."""
    fields: dict[str, Any] = {}
    never_null = set(not_null)
    for shape in shapes:
        for field_name, info in shape.model_fields.items():
            if field_name in skip:
                continue
            annotation: Any = info.annotation
            if type(None) not in get_args(annotation):
                never_null.add(field_name)
            if info.metadata:
                annotation = Annotated[(annotation, *info.metadata)]
            fields[field_name] = (annotation | None, None)
    model = create_model(name, __base__=Patch, __module__=__name__, **fields)
    model.NOT_NULL = frozenset(never_null)
    return model


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


def error_path(loc: Iterable[int | str]) -> str:
    """pydantic's ('outlets', 3, 'labels', 0, 'citation') -> 'outlets[3].labels[0].citation'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return re.sub(r"^\.", "", out)


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
