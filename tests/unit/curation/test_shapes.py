"""The record shapes: one field list per kind, shared by the API payloads (create and patch)
and the dataset format, so both refuse the same values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from server.curation import schemas as s
from server.curation.shapes import OutletFields, columns, parse
from server.dataset.schema import OutletIn
from server.errors import ValidationFailed

OUTLET = {"slug": "rt", "name": "RT"}


@pytest.mark.parametrize("model", [s.OutletCreate, s.OutletPatch, OutletIn])
@pytest.mark.parametrize(
    ("field", "value"),
    [("country", "XX"), ("founded", "2999-01-01"), ("languages", ["english"])],
)
def test_api_payloads_and_dataset_records_refuse_the_same_values(model, field, value):
    with pytest.raises(ValidationError):
        model.model_validate({**OUTLET, field: value})


def test_a_patch_has_every_field_optional_and_keeps_its_checks():
    assert s.OutletPatch.model_validate({}).changes() == {}
    patch = s.OutletPatch.model_validate({"country": "ie", "description": None})
    assert patch.changes() == {"country": "IE", "description": None}
    assert set(columns(OutletFields)) <= set(s.OutletPatch.model_fields)


def test_a_patch_may_not_null_a_required_field():
    with pytest.raises(ValidationFailed) as info:
        parse(s.OutletPatch, {"name": None})
    assert info.value.field == "name" and "cannot be null" in info.value.message


def test_dates_in_order_in_the_dataset_as_in_the_api():
    relation = {
        "kind": "owned_by",
        "object": "x",
        "since": "2020-01-01",
        "until": "2019-01-01",
        "as_of": "2024-01-01",
        "citation": {"url": "https://example.org/"},
    }
    with pytest.raises(ValidationFailed) as info:
        parse(OutletIn, {**OUTLET, "relations": [relation]})
    assert info.value.field == "relations[0].until"
    with pytest.raises(ValidationFailed) as info:
        parse(s.RelationCreate, {**relation, "subject_outlet": "rt"})
    assert info.value.field == "until"


def test_the_dataset_names_its_source_inline_only():
    with pytest.raises(ValidationFailed) as info:
        parse(OutletIn, {**OUTLET, "citation_id": 3})
    assert info.value.field == "citation_id" and "unknown field" in info.value.message
