"""Validating values against the published OpenAPI document, strictly: formats are checked
and every object schema is closed, so a key the server sends but the document does not
describe fails the test (the published document stays open for clients to evolve with)."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema

FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def closed(schema: Any) -> Any:
    """A copy of `schema` in which every object type with properties allows no other key."""
    if isinstance(schema, list):
        return [closed(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: closed(v) for k, v in schema.items()}
    if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def validator(spec: dict[str, Any], schema: dict[str, Any], *, strict: bool = True) -> Any:
    components = closed(spec["components"]) if strict else copy.deepcopy(spec["components"])
    root = {**schema, "components": components}
    return jsonschema.Draft202012Validator(root, format_checker=FORMATS)


def validate(spec: dict[str, Any], schema: dict[str, Any], value: Any, **kw: Any) -> None:
    validator(spec, schema, **kw).validate(value)


def response_schema(spec: dict[str, Any], path: str, method: str, status: int | str) -> Any:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    return responses[str(status)]["content"]["application/json"]["schema"]


def check_response(spec: dict[str, Any], path: str, method: str, resp: Any) -> Any:
    """The response's status is documented for the operation and its body validates."""
    responses = spec["paths"][path][method]["responses"]
    status = str(resp.status_code)
    assert status in responses, f"{method.upper()} {path} does not document {status}"
    content = responses[status].get("content")
    if content is None:
        assert not resp.data, f"{method.upper()} {path} {status} has an undocumented body"
        return None
    body = resp.get_json()
    validate(spec, content["application/json"]["schema"], body)
    for name, header in responses[status].get("headers", {}).items():
        if header.get("required"):
            assert name in resp.headers, f"{method.upper()} {path} {status} lacks {name}"
    return body
