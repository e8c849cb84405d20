"""The curation routes' real responses (and sample request bodies) validate against the
OpenAPI document, so server/openapi/ cannot drift from the code; the rules the request
models check in code (If-Match, a required source, no future dates) are documented."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.openapi_check import check_response, validate, validator
from tests.curation.conftest import Api, entities_payload, make_token, outlet_payload


@pytest.fixture
def spec(client):  # type: ignore[no-untyped-def]
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    return doc


def test_sample_bodies_match_the_documented_request_schemas(spec):
    schemas = spec["components"]["schemas"]
    validate(spec, {"$ref": "#/components/schemas/OutletCreate"}, outlet_payload())
    for entity in entities_payload():
        validate(spec, {"$ref": "#/components/schemas/EntityCreate"}, entity)
    assert "citation" in schemas["RelationNew"]["properties"]


def test_curation_responses_match_the_documented_schemas(app, client, spec):
    editor = Api(client, make_token(app, "erin", "editor"))
    admin = Api(client, make_token(app, "ada", "admin"))
    checks: list[tuple[str, str, object]] = []

    def check(method: str, path: str, resp) -> dict:  # type: ignore[no-untyped-def]
        body = check_response(spec, path, method, resp)
        checks.append((method, path, resp.status_code))
        return body

    for ent in entities_payload():
        check("post", "/api/v1/entities", editor.post("/entities", ent))
    outlet = check("post", "/api/v1/outlets", editor.post("/outlets", outlet_payload()))
    check("post", "/api/v1/outlets", editor.post("/outlets", outlet_payload()))  # 409
    check(
        "patch",
        "/api/v1/outlets/{slug}",
        editor.patch("/outlets/harbour-ledger", {"name": "HL"}, if_match=1),
    )
    check("patch", "/api/v1/outlets/{slug}", editor.patch("/outlets/harbour-ledger", {}))  # 428
    check(
        "patch",
        "/api/v1/outlets/{slug}",
        editor.patch("/outlets/harbour-ledger", {"name": "x"}, if_match=1),
    )  # 412
    label_id = outlet["labels"][0]["id"]
    domain_id = outlet["domains"][0]["id"]
    for path, url in (
        ("/api/v1/labels/{id}", f"/labels/{label_id}"),
        ("/api/v1/domains/{id}", f"/domains/{domain_id}"),
        ("/api/v1/relations/{id}", f"/relations/{outlet['relations'][0]['id']}"),
        ("/api/v1/citations/{id}", f"/citations/{outlet['labels'][0]['citation_id']}"),
        ("/api/v1/entities/{slug}", "/entities/coastal-media"),
        ("/api/v1/labels", "/labels?outlet=harbour-ledger"),
        ("/api/v1/entities", "/entities"),
    ):
        check("get", path, editor.get(url))
    check("get", "/api/v1/labels/{id}", editor.get("/labels/99999"))  # 404
    check(
        "post",
        "/api/v1/relations",
        editor.post(
            "/relations",
            {"subject_outlet": "harbour-ledger", "kind": "funded_by", "object": "ava-marsh"},
        ),
    )  # 422
    check("post", "/api/v1/stories", editor.post("/stories", {"slug": "s", "title": "S"}))
    article = check(
        "post",
        "/api/v1/articles",
        editor.post(
            "/articles",
            {"url": "https://harbourledger.example.co.uk/a", "title": "A", "story": "s"},
        ),
    )
    link = check(
        "post",
        "/api/v1/report-links",
        editor.post(
            "/report-links",
            {
                "article_id": article["id"],
                "relation": "fact_check",
                "report_url": "https://checks.example/a",
                "report_title": "Check",
            },
        ),
    )
    check("get", "/api/v1/report-links/{id}", editor.get(f"/report-links/{link['id']}"))
    check("get", "/api/v1/stories/{slug}", editor.get("/stories/s"))
    check("get", "/api/v1/articles/{id}", editor.get(f"/articles/{article['id']}"))
    deleted = check(
        "delete", "/api/v1/labels/{id}", editor.delete(f"/labels/{label_id}", if_match=1)
    )
    check("get", "/api/v1/outlets/{slug}/history", editor.get("/outlets/harbour-ledger/history"))
    check("get", "/api/v1/revisions", editor.get("/revisions?limit=5"))
    rev_id = deleted["revision"]["id"]
    check("get", "/api/v1/revisions/{revision_id}", editor.get(f"/revisions/{rev_id}"))
    check(
        "post",
        "/api/v1/revisions/{revision_id}/revert",
        editor.post(f"/revisions/{rev_id}/revert"),
    )
    sugg = check(
        "post",
        "/api/v1/suggestions",
        client.post(
            "/api/v1/suggestions",
            json={
                "kind": "report",
                "page_url": "https://harbourledger.example.co.uk/a",
                "report_url": "https://checks.example/b",
                "relation": "disputed_by",
            },
        ),
    )
    check("get", "/api/v1/suggestions", editor.get("/suggestions"))
    check("get", "/api/v1/suggestions/{suggestion_id}", editor.get(f"/suggestions/{sugg['id']}"))
    check(
        "post",
        "/api/v1/suggestions/{suggestion_id}/accept",
        editor.post(f"/suggestions/{sugg['id']}/accept"),
    )
    check(
        "post",
        "/api/v1/suggestions/{suggestion_id}/reject",
        editor.post(f"/suggestions/{sugg['id']}/reject", {"reason": "late"}),
    )  # 409
    check("post", "/api/v1/fetch", editor.post("/fetch", {"url": "http://127.0.0.1/x"}))  # 422
    token = check("post", "/api/v1/tokens", admin.post("/tokens", {"user": "x", "role": "editor"}))
    check("get", "/api/v1/tokens", admin.get("/tokens"))
    check("post", "/api/v1/tokens", editor.post("/tokens", {"user": "x"}))  # 403
    user = check("post", "/api/v1/users", admin.post("/users", {"name": "u", "role": "editor"}))
    check("get", "/api/v1/users", admin.get("/users"))
    resp = admin.patch(f"/users/{user['id']}", {"active": False})
    check("patch", "/api/v1/users/{user_id}", resp)
    check("delete", "/api/v1/tokens/{token_id}", admin.delete(f"/tokens/{token['id']}"))
    assert checks[-1][2] == 204
    assert len(checks) > 35


def _patch_story(editor: Api, if_match: str):  # type: ignore[no-untyped-def]
    return editor.patch("/stories/s", {"title": "T"}, headers={"If-Match": if_match})


def test_if_match_format_is_the_documented_one(app, client, spec):
    editor = Api(client, make_token(app, "erin", "editor"))
    assert editor.post("/stories", {"slug": "s", "title": "S"}).status_code == 201
    (header,) = [
        p
        for p in spec["paths"]["/api/v1/stories/{slug}"]["patch"]["parameters"]
        if p["name"] == "If-Match"
    ]
    assert header["required"] is True
    check = validator(spec, header["schema"])
    for value in ("abc", '"1", "2"', "W/", "\u00b2", "3.0"):
        assert not check.is_valid(value), value
        resp = _patch_story(editor, value)
        assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "If-Match"
    admin = Api(client, make_token(app, "ada", "admin"))
    for value in ("*", "99", '"99"', 'W/"99"'):
        assert check.is_valid(value), value
        # `*` (no version check) is for admins: an editor says which version they edit.
        who = admin if value == "*" else editor
        assert _patch_story(who, value).status_code in (200, 412), value
    assert _patch_story(editor, "*").status_code == 403
    assert editor.patch("/stories/s", {"title": "T"}).status_code == 428


def test_a_required_source_and_no_future_dates_are_documented(seeded, app, client, spec):
    editor = Api(client, make_token(app, "erin", "editor"))
    schemas = spec["components"]["schemas"]
    label = {"outlet": "rt", "kind": "sanctioned", "issuer": "EU", "as_of": "2024-01-01"}
    check = validator(spec, {"$ref": "#/components/schemas/LabelCreate"})
    assert "source is required" in schemas["LabelCreate"]["description"]
    assert not check.is_valid(label)
    resp = editor.post("/labels", label)
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "citation"
    citation_id = editor.get("/citations?limit=1").get_json()["items"][0]["id"]
    both = {**label, "citation_id": citation_id, "citation": {"url": "https://eu.example/x"}}
    assert not check.is_valid(both)
    assert editor.post("/labels", both).status_code == 422
    sourced = {**label, "citation_id": citation_id}
    assert check.is_valid(sourced)
    assert "future" in schemas["LabelCreate"]["properties"]["as_of"]["description"]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    resp = editor.post("/labels", {**sourced, "as_of": future})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "as_of"
    assert editor.post("/labels", sourced).status_code == 201
