"""Bounds at the edge for lookups and writes (issue #13): one URL length limit for GET and
batch, counted as the URL is sent; a bad URL in a batch fails alone, echoed cut, and is
never kept; a batch body past its limit is 413; bodies not sent as JSON are 415;
`If-Match: *` is for admins."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.read import lookup, service
from server.read.lookup import ECHO_MAX, MAX_BATCH_BODY, MAX_URL_LENGTH, sent_length
from server.read.response_cache import ResponseCache
from tests.curation.conftest import Api, make_token

JSON = {"Content-Type": "application/json"}
BASE = "https://example.org/"
ALL_ASCII = "".join(chr(i) for i in range(128))


@pytest.fixture
def admin(app, client) -> Api:  # type: ignore[no-untyped-def]
    return Api(client, make_token(app, "ada", "admin"))


@pytest.fixture
def editor(app, client) -> Api:  # type: ignore[no-untyped-def]
    return Api(client, make_token(app, "erin", "editor"))


def batch(client, urls):  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/lookup", json={"urls": urls})
    assert resp.status_code == 200, resp.data[:300]
    return resp.get_json()["results"]


def single_code(client, url: str) -> str | None:  # type: ignore[no-untyped-def]
    resp = client.get("/api/v1/lookup", query_string={"url": url})
    return None if resp.status_code == 200 else resp.get_json()["error"]["code"]


# -- one URL limit -------------------------------------------------------------------------


@given(st.text(max_size=3 * MAX_URL_LENGTH))
def test_sent_length_is_the_length_with_non_ascii_percent_encoded(text):
    assert sent_length(text) == len(quote(text, safe=ALL_ASCII))


@given(st.text(max_size=MAX_URL_LENGTH + 10))
def test_a_url_within_the_limit_fits_a_request_line_fully_percent_encoded(text):
    if lookup.refusal(text) is None:
        assert len(quote(text, safe="")) <= 3 * MAX_URL_LENGTH  # 6,144 < gunicorn's 8,190


@pytest.mark.parametrize("char", ["a", "\u00e9", "\u65e5", "\U0001f600"])
def test_get_and_batch_share_one_url_limit_counted_as_sent(seeded, client, char):
    width = sent_length(char)
    fits = BASE + char * ((MAX_URL_LENGTH - len(BASE)) // width)
    over = fits + "a" * (MAX_URL_LENGTH - sent_length(fits) + 1)
    assert sent_length(over) == MAX_URL_LENGTH + 1
    assert single_code(client, fits) is None
    assert single_code(client, over) == "too_long"
    ok, too_long = batch(client, [fits, over])
    assert "error" not in ok and too_long["error"]["code"] == "too_long"


def test_a_huge_url_is_refused_by_its_length_alone(seeded, client, monkeypatch):
    def never(_raw: object) -> None:
        raise AssertionError("a URL past the limit is not parsed")

    monkeypatch.setattr(lookup.urls, "resolve", never)
    assert single_code(client, "https://" + "a" * 5000 + ".com/") == "too_long"
    (result,) = batch(client, ["https://" + "a" * 400_000 + ".com/"])
    assert result["error"]["code"] == "too_long"


# -- a batch: each URL alone ---------------------------------------------------------------


def test_an_overlong_url_in_a_batch_fails_alone_and_is_echoed_cut(seeded, client):
    long = "https://rt.com/" + "x" * 100_000
    bad, good = batch(client, [long, "https://de.rt.com/x"])
    assert bad["error"]["code"] == "too_long" and good["outlet"]["slug"] == "rt"
    assert len(bad["url"]) == ECHO_MAX and long.startswith(bad["url"][:-3])


@pytest.mark.parametrize(
    ("item", "echo"),
    [(17, 17), (1.5, 1.5), (None, None), (True, True), ([1, 2], None), ({"a": "b"}, None)],
)
def test_an_item_that_is_not_a_string_is_echoed_only_when_small(seeded, client, item, echo):
    (result,) = batch(client, [item])
    assert result == {"url": echo, "error": result["error"]}
    assert result["error"]["code"] == "not_a_string"


def test_nul_and_lone_surrogates_in_a_batch_fail_only_their_own_url(seeded, client):
    body = '{"urls": ["https://rt.com/\\u0000", "https://rt.com/#\\udfff", "https://rt.com/a"]}'
    resp = client.post("/api/v1/lookup", data=body, headers=JSON)
    nul, surrogate, good = resp.get_json()["results"]
    assert nul["error"]["code"] == surrogate["error"]["code"] == "malformed"
    assert nul["url"] == "https://rt.com/\ufffd" and surrogate["url"] == "https://rt.com/#\ufffd"
    assert good["outlet"]["slug"] == "rt"


def test_urls_that_cannot_be_looked_up_are_never_kept(seeded, app, client):
    bad = ["https://rt.com/" + "x" * 3000, "ftp://rt.com/", "https://rt.com/\u0000"]
    good = "https://de.rt.com/kept"
    batch(client, [*bad, good])
    with app.test_request_context():
        memo = service.read_model().batch_results
    assert memo.get(good) is not None and all(memo.get(u) is None for u in bad)
    assert len(memo) == 1


def _replay_layer(app) -> ResponseCache:  # type: ignore[no-untyped-def]
    """The response cache among the app's WSGI layers."""
    layer = app.wsgi_app
    while not isinstance(layer, ResponseCache):
        layer = layer.wsgi_app
    return layer


def test_a_batch_answer_holding_an_error_is_never_replayed(seeded, app, client):
    layer = _replay_layer(app)
    body = {"urls": ["ftp://rt.com/", "https://de.rt.com/x"]}
    before = len(layer.stored)
    for _ in range(2):
        assert client.post("/api/v1/lookup", json=body).status_code == 200
    assert len(layer.stored) == before
    client.post("/api/v1/lookup", json={"urls": ["https://de.rt.com/x"]})
    assert len(layer.stored) == before + 1


def test_a_batch_body_over_its_limit_is_413(seeded, client):
    url = "https://rt.com/" + "a" * MAX_BATCH_BODY
    resp = client.post("/api/v1/lookup", json={"urls": [url]})
    assert resp.status_code == 413
    assert resp.get_json()["error"]["code"] == "request_entity_too_large"
    under = json.dumps({"urls": ["https://rt.com/" + "a" * (MAX_BATCH_BODY - 100)]})
    assert len(under) <= MAX_BATCH_BODY
    resp = client.post("/api/v1/lookup", data=under, headers=JSON)
    assert resp.status_code == 200 and resp.get_json()["results"][0]["error"]["code"] == "too_long"


def test_the_largest_batch_of_urls_at_the_limit_fits_the_body_limit():
    worst = BASE + '"' * (MAX_URL_LENGTH - len(BASE))  # each `"` doubles when escaped
    body = json.dumps({"urls": [worst] * lookup.MAX_BATCH}, indent=1)
    assert sent_length(worst) == MAX_URL_LENGTH and len(body) <= MAX_BATCH_BODY


# -- writes are JSON -----------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_write_not_sent_as_json_is_415(editor, content_type):
    headers = {"Authorization": f"Bearer {editor.token}"}
    if content_type:
        headers["Content-Type"] = content_type
    body = json.dumps({"slug": "s", "title": "S"})
    resp = editor.client.post("/api/v1/stories", data=body, headers=headers)
    assert resp.status_code == 415
    error = resp.get_json()["error"]
    assert error["code"] == "unsupported_media_type" and error["field"] == "Content-Type"
    assert editor.get("/stories/s").status_code == 404


def test_an_anonymous_suggestion_as_text_plain_is_415(client):
    body = json.dumps({"kind": "correction", "page_url": "https://rt.com/", "message": "m"})
    resp = client.post("/api/v1/suggestions", data=body, headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415


def test_a_batch_as_text_plain_is_415(client):
    resp = client.post(
        "/api/v1/lookup", data='{"urls": []}', headers={"Content-Type": "text/plain"}
    )
    assert resp.status_code == 415


def test_json_types_with_a_charset_or_a_json_suffix_are_accepted(editor):
    headers = {"Authorization": f"Bearer {editor.token}"}
    for i, kind in enumerate(["application/json; charset=utf-8", "application/merge+json"]):
        body = json.dumps({"slug": f"s{i}", "title": "S"})
        resp = editor.client.post(
            "/api/v1/stories", data=body, headers={**headers, "Content-Type": kind}
        )
        assert resp.status_code == 201, resp.data


def test_a_delete_without_a_body_needs_no_content_type(editor):
    assert editor.post("/stories", {"slug": "s", "title": "S"}).status_code == 201
    resp = editor.client.delete(
        "/api/v1/stories/s", headers={"Authorization": f"Bearer {editor.token}", "If-Match": "1"}
    )
    assert resp.status_code == 200


# -- If-Match: * ---------------------------------------------------------------------------


def test_if_match_star_is_for_admins_only(editor, admin):
    assert editor.post("/stories", {"slug": "s", "title": "S"}).status_code == 201
    resp = editor.patch("/stories/s", {"title": "T"}, if_match="*")
    assert resp.status_code == 403 and resp.get_json()["error"]["field"] == "If-Match"
    assert editor.delete("/stories/s", if_match="*").status_code == 403
    assert admin.patch("/stories/s", {"title": "T"}, if_match="*").status_code == 200
    assert admin.delete("/stories/s", if_match="*").status_code == 200
