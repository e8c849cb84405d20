"""Real responses validate against the OpenAPI document the server publishes."""

from __future__ import annotations

import jsonschema
import pytest

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
        {"urls": ["https://de.rt.com/x", "https://example.org/", "nope"]},
        "200",
    ),
    ("get", "/api/v1/index", "/api/v1/index", None, "200"),
    ("get", "/api/v1/reports/hash/664c2", "/api/v1/reports/hash/{prefix}", None, "200"),
    ("get", "/api/v1/reports/hash/zz", "/api/v1/reports/hash/{prefix}", None, "400"),
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
    schema = spec["paths"][path][method]["responses"][status]["content"]["application/json"][
        "schema"
    ]
    root = {**schema, "components": spec["components"]}
    jsonschema.Draft202012Validator(root).validate(resp.get_json())


def test_every_public_route_is_documented(app, spec):
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<", "{").replace(">", "}")
        path = path.replace("{int:", "{")
        if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
            assert path in documented, path
