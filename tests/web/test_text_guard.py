"""Text no database stores alike (NUL: PostgreSQL refuses it, SQLite keeps it; lone
surrogates: no encoder writes them) is a 400 naming the field, identically on both
databases, wherever a request carries it: JSON bodies, query strings, admin forms, the
change-comment header; a path holding a NUL is a 404 (issue #13)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.web import jsonbody
from server.web.text import find_in_json, printable
from tests.admin.conftest import Browser, make_user
from tests.curation.conftest import Api, make_token

JSON = {"Content-Type": "application/json"}
SUGGESTION = {"kind": "correction", "page_url": "https://rt.com/", "message": "wrong"}


@pytest.fixture
def editor(app, client) -> Api:  # type: ignore[no-untyped-def]
    return Api(client, make_token(app, "erin", "editor"))


def refused(resp: Any, code: str, field: str) -> None:
    assert resp.status_code == 400, resp.data[:300]
    error = resp.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field), error


def test_a_nul_in_an_anonymous_suggestion_is_400_naming_the_field(client, editor):
    resp = client.post("/api/v1/suggestions", json={**SUGGESTION, "message": "m\u0000"})
    refused(resp, "invalid_json", "message")
    assert "NUL" in resp.get_json()["error"]["message"]
    assert editor.get("/suggestions?status=all").get_json()["total"] == 0  # nothing stored


def test_a_nul_in_a_story_title_or_entity_description_is_400_naming_the_field(editor):
    refused(editor.post("/stories", {"slug": "s", "title": "S\u0000"}), "invalid_json", "title")
    entity = {"slug": "e", "name": "E", "kind": "company", "description": "\u0000"}
    refused(editor.post("/entities", entity), "invalid_json", "description")
    assert editor.post("/stories", {"slug": "s", "title": "S"}).status_code == 201
    patch = editor.patch("/stories/s", {"title": "T\u0000"}, if_match=1)
    refused(patch, "invalid_json", "title")


def test_a_nul_deep_in_a_body_names_its_path(seeded, editor):
    outlet = {
        "slug": "n",
        "name": "N",
        "kind": "private",
        "labels": [{"kind": "sanctioned", "issuer": "EU", "text": "x\u0000y"}],
    }
    refused(editor.post("/outlets", outlet), "invalid_json", "labels[0].text")


def test_a_nul_in_a_body_key_is_refused_naming_the_key(editor):
    resp = editor.post("/stories", {"slug": "s", "title": "S", "a\u0000b": 1})
    refused(resp, "invalid_json", "a\ufffdb")


def test_a_lone_surrogate_in_a_body_names_its_field(client):
    body = '{"kind": "correction", "page_url": "https://rt.com/", "message": "\\udc00"}'
    refused(client.post("/api/v1/suggestions", data=body, headers=JSON), "invalid_json", "message")
    raw = body.replace("\\udc00", "").encode().replace(b'""}', b'"\xed\xb0\x80"}')
    refused(client.post("/api/v1/suggestions", data=raw, headers=JSON), "invalid_json", "message")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/outlets?q=%00", "q"),
        ("/api/v1/outlets?country=g%00", "country"),
        ("/api/v1/revisions?actor=a%00b", "actor"),
        ("/api/v1/stories?limit=1&q%00=x", "q\ufffd"),
        ("/api/v1/articles?url=https://rt.com/%2500%00", "url"),
        ("/api/v1/lookup?url=https://rt.com/%00", "url"),
    ],
)
def test_a_nul_in_a_query_string_is_400_naming_the_parameter(client, path, field):
    refused(client.get(path), "invalid_text", field)


def test_a_nul_in_a_query_string_of_an_admin_only_listing_is_400(app, client):
    admin = Api(client, make_token(app, "ada", "admin"))
    refused(admin.get("/tokens?user=a%00"), "invalid_text", "user")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/outlets/rt%00", "/api/v1/stories/a%00b/history", "/outlets/rt%00", "/admin/x%00"],
)
def test_a_path_holding_a_nul_is_404(seeded, client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    if path.startswith("/api/"):
        assert resp.get_json()["error"]["field"] == "path"


def test_a_nul_in_the_change_comment_header_is_400(editor):
    resp = editor.post(
        "/stories", {"slug": "s", "title": "S"}, headers={"X-Masthead-Comment": "why\u0000"}
    )
    refused(resp, "invalid_text", "X-Masthead-Comment")


def test_a_nul_in_an_admin_form_is_a_400_page_naming_the_field(seeded, app, client):
    make_user(app, "erin", "editor")
    browser = Browser(client)
    browser.sign_in("erin")
    resp = browser.submit("/admin/outlets/rt/edit", {"name": "R\u0000T"})
    assert resp.status_code == 400 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert "name contains a NUL character" in page and resp.headers["X-Request-Id"] in page
    assert "R\u0000T" not in browser.text("/admin/outlets/rt")


def test_a_nul_in_the_sign_in_form_is_400_not_500(seeded, app, client):
    browser = Browser(client)
    resp = browser.post("/admin/", {"name": "ada\u0000", "password": "x" * 12})
    assert resp.status_code == 400 and "name contains a NUL" in resp.get_data(as_text=True)


# -- the pure part -------------------------------------------------------------------------

SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | SAFE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(SAFE_TEXT, inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_json_without_such_text_is_read_as_sent(value):
    assert find_in_json(value) is None
    assert jsonbody.loads(json.dumps(value)) == value


def _plant(value: Any, path: list[str | int], choices: Any) -> Any:
    """`value` with a NUL planted in one of its strings (or itself one); records the path."""
    if isinstance(value, list) and value:
        i = choices.draw(st.integers(0, len(value) - 1))
        path.append(i)
        return [_plant(v, path, choices) if j == i else v for j, v in enumerate(value)]
    if isinstance(value, dict) and value:
        key = choices.draw(st.sampled_from(sorted(value)))
        path.append(key)
        return {k: _plant(v, path, choices) if k == key else v for k, v in value.items()}
    return "bad\u0000text"


def _field(path: list[str | int]) -> str:
    out = ""
    for step in path:
        out = f"{out}[{step}]" if isinstance(step, int) else (f"{out}.{step}" if out else step)
    return out or "body"


@given(JSON_VALUES, st.data())
def test_a_nul_anywhere_in_a_body_is_found_at_its_path(value, data):
    path: list[str | int] = []
    planted = _plant(value, path, data)
    field = _field([printable(p) if isinstance(p, str) else p for p in path])
    assert find_in_json(planted) == (field, "a NUL character (U+0000)")
    with pytest.raises(jsonbody.InvalidJSON) as err:
        jsonbody.loads(json.dumps(planted))
    assert err.value.field == field


@given(st.text())
def test_printable_text_is_always_encodable_and_short(text):
    out = printable(text, 20)
    assert len(out) <= 20 and "\x00" not in out
    out.encode("utf-8")
    assert out == text or out.endswith("...") or "\ufffd" in out
