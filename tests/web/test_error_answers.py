"""Every error answer, whichever layer raises it, is `{"error": {"code", "message",
"field"?, "request_id"}}` with the same id in X-Request-Id and in the log line about it;
the maintainer and public pages show the id too (issue #13)."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.web.request_id import MAX_LENGTH, well_formed
from tests.curation.conftest import Api, make_token

JSON = {"Content-Type": "application/json"}


def error_of(resp) -> dict:  # type: ignore[no-untyped-def]
    """The error body, checked to be the one shape with the header's request id."""
    assert resp.mimetype == "application/json", resp.data[:200]
    error = resp.get_json()["error"]
    assert set(error) >= {"code", "message", "request_id"}, error
    assert error["request_id"] == resp.headers["X-Request-Id"]
    return error


def test_routing_errors_are_the_one_json_shape_with_a_request_id(client):
    assert error_of(client.get("/api/v1/nothing"))["code"] == "not_found"
    resp = client.delete("/api/v1/index")
    assert resp.status_code == 405 and error_of(resp)["code"] == "method_not_allowed"
    assert error_of(client.get("/api/v1/labels/0"))["code"] == "not_found"


def test_a_405_names_the_methods_the_path_allows(client):
    resp = client.delete("/api/v1/index")
    assert resp.status_code == 405
    assert set(resp.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    resp = client.put("/api/v1/suggestions")
    assert resp.status_code == 405 and "POST" in resp.headers["Allow"]


def test_each_request_gets_its_own_request_id(client):
    ids = {client.get("/api/v1/nothing").headers["X-Request-Id"] for _ in range(3)}
    assert len(ids) == 3


def test_a_well_formed_incoming_request_id_is_kept(client):
    rid = "0af7651916cd43dd8448eb211c80319c"
    resp = client.get("/api/v1/nothing", headers={"X-Request-Id": rid})
    assert error_of(resp)["request_id"] == rid


@pytest.mark.parametrize("sent", ["", "a b", "x" * (MAX_LENGTH + 1), "id\u00e9", 'a"b', "a;b"])
def test_a_malformed_incoming_request_id_is_replaced(client, sent):
    resp = client.get("/api/v1/nothing", headers={"X-Request-Id": sent})
    rid = error_of(resp)["request_id"]
    assert rid != sent and re.fullmatch(r"[0-9a-f]{32}", rid)


@given(st.text(max_size=MAX_LENGTH + 10))
def test_an_accepted_request_id_cannot_split_a_header_or_a_log_line(value):
    if well_formed(value):
        assert 1 <= len(value) <= MAX_LENGTH and value.isascii() and value.isprintable()
        assert not any(c in value for c in ' "\\;,\r\n\t')


def test_an_error_answer_is_logged_with_its_request_id(client, caplog):
    with caplog.at_level(logging.INFO):
        resp = client.get("/api/v1/nothing")
    rid = resp.headers["X-Request-Id"]
    assert any(rid in r.getMessage() and "404" in r.getMessage() for r in caplog.records)


def test_a_500_is_json_and_its_logged_traceback_names_its_request_id(client, caplog, monkeypatch):
    def broken(_args: object) -> bytes:
        raise RuntimeError("the outlet list broke")

    monkeypatch.setattr("server.read.service.list_outlets", broken)
    with caplog.at_level(logging.INFO):
        resp = client.get("/api/v1/outlets")
    assert resp.status_code == 500
    error = error_of(resp)
    assert error["code"] == "internal_error" and "broke" not in error["message"]
    logged = [r for r in caplog.records if error["request_id"] in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.ERROR
    assert logged[0].exc_info is not None and "the outlet list broke" in str(logged[0].exc_info[1])


def test_a_500_on_a_page_is_an_html_page_showing_its_request_id(client, monkeypatch):
    def broken(*_args: object) -> None:
        raise RuntimeError("the page broke")

    monkeypatch.setattr("server.read.service.outlet_record", broken)
    resp = client.get("/outlets/rt")
    assert resp.status_code == 500 and resp.mimetype == "text/html"
    rid = resp.headers["X-Request-Id"]
    assert rid in resp.get_data(as_text=True) and "the page broke" not in resp.get_data(True)


def test_a_body_over_the_limit_is_413_in_the_one_shape(client):
    resp = client.post("/api/v1/suggestions", data=b"{" + b" " * 20_000 + b"}", headers=JSON)
    assert resp.status_code == 413
    error = error_of(resp)
    assert error["code"] == "request_entity_too_large" and error["field"] == "body"


def test_the_rate_limiters_429_carries_the_request_id(app, client):
    app.config["SUGGESTION_RATE_LIMIT"] = "1 per hour"
    body = {"kind": "correction", "page_url": "https://rt.com/", "message": "wrong"}
    assert client.post("/api/v1/suggestions", json=body).status_code == 201
    resp = client.post("/api/v1/suggestions", json=body)
    assert resp.status_code == 429 and error_of(resp)["code"] == "rate_limited"


def test_public_error_pages_show_the_request_id(client):
    resp = client.get("/outlets/no-such-outlet")
    assert resp.status_code == 404 and resp.mimetype == "text/html"
    assert resp.headers["X-Request-Id"] in resp.get_data(as_text=True)
    resp = client.get("/no/such/page")
    assert resp.status_code == 404 and resp.headers["X-Request-Id"] in resp.get_data(True)


def test_admin_error_pages_show_the_request_id(client):
    # A sign-in form posted without its CSRF token: the admin pages' own error page.
    resp = client.post("/admin/", data={"name": "ada", "password": "x"})
    assert resp.status_code == 400 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert resp.headers["X-Request-Id"] in page and "Back to the admin pages" in page


def test_a_412_carries_the_current_version_as_its_etag(app, client):
    editor = Api(client, make_token(app, "erin", "editor"))
    assert editor.post("/stories", {"slug": "s", "title": "S"}).status_code == 201
    assert editor.patch("/stories/s", {"title": "T"}, if_match=1).status_code == 200
    resp = editor.patch("/stories/s", {"title": "U"}, if_match=1)
    assert resp.status_code == 412 and error_of(resp)["current_version"] == 2
    assert resp.headers["ETag"] == '"2"'
    retry = editor.patch("/stories/s", {"title": "U"}, if_match=resp.headers["ETag"])
    assert retry.status_code == 200
