"""The OpenAPI document the server publishes is valid OpenAPI 3.1, its examples validate, real
responses validate against it, and the limits it states are the ones the server enforces."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate as validate_openapi

from tests.api.openapi_check import check_response, response_schema, validate, validator
from tests.curation.conftest import make_token

SAMPLES = [
    ("get", "/healthz", "/healthz", None, "200"),
    ("get", "/readyz", "/readyz", None, "200"),
    ("get", "/api/v1/outlets?limit=5", "/api/v1/outlets", None, "200"),
    ("get", "/api/v1/outlets?limit=0", "/api/v1/outlets", None, "400"),
    ("get", "/api/v1/outlets/rt", "/api/v1/outlets/{slug}", None, "200"),
    ("get", "/api/v1/outlets/nope", "/api/v1/outlets/{slug}", None, "404"),
    (
        "get",
        "/api/v1/lookup?url=https://www.rt.com/news/398374-russia-syria-losses-reuters/",
        "/api/v1/lookup",
        None,
        "200",
    ),
    ("get", "/api/v1/lookup?url=https://example.org/", "/api/v1/lookup", None, "200"),
    ("get", "/api/v1/lookup?url=ftp://x", "/api/v1/lookup", None, "400"),
    (
        "post",
        "/api/v1/lookup",
        "/api/v1/lookup",
        {"urls": ["https://de.rt.com/x", "https://example.org/", "nope", 3]},
        "200",
    ),
    ("post", "/api/v1/lookup", "/api/v1/lookup", {"urls": "x"}, "400"),
    ("get", "/api/v1/index", "/api/v1/index", None, "200"),
    ("get", "/api/v1/reports/hash/0", "/api/v1/reports/hash/{prefix}", None, "200"),
    ("get", "/api/v1/reports/hash/zz", "/api/v1/reports/hash/{prefix}", None, "400"),
    ("get", "/api/v1/revisions?limit=3", "/api/v1/revisions", None, "200"),
    ("get", "/api/v1/labels?limit=3", "/api/v1/labels", None, "200"),
    ("get", "/api/v1/report-links?article_id=1", "/api/v1/report-links", None, "200"),
    ("get", "/api/v1/relations?outlet=rt", "/api/v1/relations", None, "200"),
    ("get", "/api/v1/stories/russian-losses-syria-2017", "/api/v1/stories/{slug}", None, "200"),
    ("get", "/api/v1/outlets/rt/history", "/api/v1/outlets/{slug}/history", None, "200"),
    ("get", "/api/v1/suggestions", "/api/v1/suggestions", None, "401"),
]


@pytest.fixture
def spec(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    return doc


@pytest.mark.parametrize(("method", "url", "path", "body", "status"), SAMPLES)
def test_response_matches_the_documented_schema(
    seeded, client, spec, method, url, path, body, status
):
    resp = client.open(url, method=method.upper(), json=body)
    assert str(resp.status_code) == status
    schema = response_schema(spec, path, method, status)
    validate(spec, schema, resp.get_json())
    check_response(spec, path, method, resp)


def test_not_modified_answers_are_documented_and_empty(seeded, client, spec):
    for url, path in (
        ("/api/v1/index", "/api/v1/index"),
        ("/api/v1/lookup?url=https://rt.com/", "/api/v1/lookup"),
        ("/api/v1/reports/hash/0", "/api/v1/reports/hash/{prefix}"),
    ):
        etag = client.get(url).headers["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304
        check_response(spec, path, "get", again)


def test_every_public_route_is_documented(app, spec):
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<", "{").replace(">", "}")
        path = path.replace("{int:", "{")
        if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
            assert path in documented, path


def test_every_documented_operation_is_a_route(app, spec):
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<int:", "<").replace("<", "{").replace(">", "}")
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods or ())
    for path, item in spec["paths"].items():
        for method in item:
            assert method in routes.get(path, set()), f"{method.upper()} {path} is not served"


def test_document_is_valid_openapi_3_1(spec):
    validate_openapi(spec)  # raises with the first problem it finds
    rules = spec["components"]["schemas"]["DomainIndex"]["properties"]["rules"]["items"]
    assert all("prefixItems" in branch for branch in rules["anyOf"])


def _examples(node: Any, where: str = "") -> list[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) of every media-type and schema example in the document."""
    found: list[tuple[str, dict[str, Any], Any]] = []
    if isinstance(node, dict):
        if "schema" in node and "example" in node:
            found.append((where, node["schema"], node["example"]))
        for named in (node.get("examples") or {}).values() if "schema" in node else ():
            found.append((where, node["schema"], named["value"]))
        if "schema" not in node and isinstance(node.get("examples"), list):
            found += [(where, node, value) for value in node["examples"]]
        for key, value in node.items():
            found += _examples(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _examples(value, f"{where}/{i}")
    return found


def test_every_example_validates_against_its_schema(spec):
    examples = _examples(spec)
    assert len(examples) >= 8
    for where, schema, value in examples:
        errors = list(validator(spec, schema).iter_errors(value))
        assert not errors, f"{where}: {errors[0].message}"


def _int_params(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path, item in spec["paths"].items():
        op = item.get("get")
        if op is None or "{" in path:
            continue
        for p in op.get("parameters", []):
            if p["in"] == "query" and p["schema"].get("type") == "integer":
                out.append((path, p))
    return out


def test_documented_integer_bounds_are_the_servers(seeded, client, app, spec):
    """limit/offset and the like: the documented bounds pass, one past them is a 400."""
    token = make_token(app, "ada", "admin")
    checked = 0
    for path, p in _int_params(spec):
        low, high = p["schema"].get("minimum"), p["schema"].get("maximum")
        if low is None or high is None:
            continue
        for value, ok in ((low, True), (high, True), (low - 1, False), (high + 1, False)):
            resp = client.get(
                path,
                query_string={p["name"]: value},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert (resp.status_code == 200) is ok, (path, p["name"], value, resp.status_code)
            if not ok:
                assert resp.status_code == 400 and resp.get_json()["error"]["field"] == p["name"]
            checked += 1
    assert checked >= 40


def test_lookup_url_length_limit_is_the_documented_one(seeded, client, spec):
    (url_param,) = [
        p for p in spec["paths"]["/api/v1/lookup"]["get"]["parameters"] if p["name"] == "url"
    ]
    most = url_param["schema"]["maxLength"]
    assert most == 2048  # what server/urls.py enforces (the document said 4096 before)
    base = "https://example.org/"
    longest = base + "a" * (most - len(base))
    assert client.get("/api/v1/lookup", query_string={"url": longest}).status_code == 200
    resp = client.get("/api/v1/lookup", query_string={"url": longest + "a"})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "too_long"


def test_batch_size_limit_is_the_documented_one(seeded, client, spec):
    most = spec["components"]["schemas"]["BatchRequest"]["properties"]["urls"]["maxItems"]
    urls = [f"https://example.org/{i}" for i in range(most + 1)]
    assert client.post("/api/v1/lookup", json={"urls": urls[:most]}).status_code == 200
    resp = client.post("/api/v1/lookup", json={"urls": urls})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "too_many_urls"


def test_hash_prefix_pattern_is_the_servers(seeded, client, spec):
    (prefix,) = spec["paths"]["/api/v1/reports/hash/{prefix}"]["get"]["parameters"][:1]
    check = validator(spec, prefix["schema"])
    # The pattern is the shape; the length is the data version's (prefix_bits is 0 here).
    for value in ("0", "664c", "664C2", "0" * 8, "abc", "0" * 9, "xyz1", "12-4"):
        status = client.get(f"/api/v1/reports/hash/{value}").status_code
        assert status in (200, 400), (value, status)
        if not check.is_valid(value):
            assert status == 400, value
    assert client.get("/api/v1/reports/hash/0").status_code == 200 and check.is_valid("0")
