"""`components/schemas` generated from pydantic: the request models that validate curation
writes (server/curation/schemas.py) and the response models of this package.

The request schemas also state the rules the models check in code (no future dates, a
source required, exactly one target), so a client reads every limit in one place.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import AfterValidator, BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from .. import fields
from ..curation import schemas as cs
from . import curation_models, read_models, release_models

REF = "#/components/schemas/"

REQUEST_MODELS: list[type[BaseModel]] = [
    cs.OutletCreate,
    cs.OutletPatch,
    cs.DomainCreate,
    cs.DomainPatch,
    cs.EntityCreate,
    cs.EntityPatch,
    cs.RelationCreate,
    cs.RelationPatch,
    cs.LabelCreate,
    cs.LabelPatch,
    cs.CitationCreate,
    cs.CitationPatch,
    cs.ArticleCreate,
    cs.ArticlePatch,
    cs.StoryCreate,
    cs.StoryPatch,
    cs.ReportLinkCreate,
    cs.ReportLinkPatch,
    cs.SuggestionIn,
    cs.SuggestionAccept,
    cs.SuggestionReject,
    cs.TokenCreate,
    cs.UserCreate,
    cs.UserPatch,
    cs.FetchRequest,
    cs.Reviewed,
]
RESPONSE_MODELS: list[type[BaseModel]] = [
    *read_models.MODELS,
    *curation_models.MODELS,
    *release_models.MODELS,
]


def _after_validator(annotated: Any) -> Any:
    """The function of the AfterValidator in an Annotated field type of server/fields.py."""
    (found,) = [m.func for m in get_args(annotated)[1:] if isinstance(m, AfterValidator)]
    return found


NOT_FUTURE = _after_validator(fields.PastDate)
HTTP_URL = _after_validator(fields.HttpUrl)
COUNTRY = _after_validator(fields.Country)
FOLD_CHECKS = {
    fields.check_fold_prefix: "A leading path prefix, `/segment…` as written in a canonical"
    " URL (not ending in `/`); stored lower-cased, matched case-insensitively on whole segments",
    fields.check_fold_replacement: 'What replaces the prefix: `""` (it is dropped) or'
    " `/segment…` exactly as written in a canonical URL",
    fields.check_path_folds: "At most 20, one per prefix; no replacement may start with a"
    " prefix of the same rule (a folded path is never folded again)",
}

# Fields of which a request must give exactly one, non-null (the models' own checks).
EXACTLY_ONE: dict[type[BaseModel], tuple[str, ...]] = {
    cs.RelationCreate: ("subject_outlet", "subject_entity"),
    cs.ReportLinkCreate: ("article_id", "article_url", "story"),
}
SOURCE = ("citation", "citation_id")


def _given(name: str) -> dict[str, Any]:
    """Matches an object in which `name` is present and not null."""
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def _not_all(names: tuple[str, ...]) -> dict[str, Any]:
    return {"not": {"allOf": [_given(n) for n in names]}}


class _Plain(GenerateJsonSchema):
    """No titles: the component name already says what a schema is."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        out.pop("title", None)
        return out


class ResponseSchemas(_Plain):
    """Response keys have no defaults: a key is always sent, or `absent()` (not required)."""

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])


class RequestSchemas(_Plain):
    """Adds what the request models check in code to their generated schemas."""

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        out = super().function_after_schema(schema)
        check = schema["function"].get("function")
        if check is NOT_FUTURE:
            out["description"] = "Not in the future (one day of slack for time zones)"
        elif check is HTTP_URL:
            out["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://"
            out["description"] = "An http:// or https:// URL of at most 2,048 characters"
        elif check is COUNTRY:
            out["description"] = "ISO 3166-1 alpha-2 code (any case), e.g. GB"
        elif check in FOLD_CHECKS:
            out["description"] = FOLD_CHECKS[check]
        return out

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        rules: list[dict[str, Any]] = []
        if all(name in cls.model_fields for name in SOURCE):
            if getattr(cls, "CITATION_REQUIRED", False):
                rules.append({"anyOf": [_given(n) for n in SOURCE]})
                out["description"] = _join(out.get("description"), SOURCE_REQUIRED)
            rules.append(_not_all(SOURCE))
        if cls in EXACTLY_ONE:
            names = EXACTLY_ONE[cls]
            rules.append({"oneOf": [_given(n) for n in names]})
            out["description"] = _join(out.get("description"), _exactly_one_text(names))
        if rules:
            out["allOf"] = rules
        return out


SOURCE_REQUIRED = "A source is required: `citation` (inline) or `citation_id`, not both."


def _exactly_one_text(names: tuple[str, ...]) -> str:
    return "Give exactly one of " + ", ".join(f"`{n}`" for n in names) + "."


def _join(first: str | None, second: str) -> str:
    return f"{first}\n\n{second}" if first else second


def _hoist_descriptions(schema: dict[str, Any]) -> None:
    """A nullable field's description sits on its non-null branch; lift it to the field."""
    for prop in schema.get("properties", {}).values():
        branches = prop.get("anyOf", [])
        if "description" in prop or not branches:
            continue
        notes = [b.pop("description") for b in branches if "description" in b]
        if notes:
            prop["description"] = notes[0]


def _defs(models: list[type[BaseModel]], generator: type[GenerateJsonSchema]) -> dict[str, Any]:
    _top, defs = models_json_schema(
        [(m, "validation") for m in models],
        ref_template=REF + "{model}",
        schema_generator=generator,
    )
    found: dict[str, Any] = defs.get("$defs", {})
    for schema in found.values():
        _hoist_descriptions(schema)
    return found


def schemas() -> dict[str, Any]:
    """Every component schema; request and response names never overlap."""
    requests = _defs(REQUEST_MODELS, RequestSchemas)
    responses = _defs(RESPONSE_MODELS, ResponseSchemas)
    clash = set(requests) & set(responses)
    if clash:
        raise RuntimeError(f"request and response schemas share names: {sorted(clash)}")
    return {**requests, **responses}
