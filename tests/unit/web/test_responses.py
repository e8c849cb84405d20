"""One JSON response helper: public cacheable answers (conditional), curation answers (not)."""

from __future__ import annotations

import pytest
from flask import Flask

from server.web.responses import content_etag, json_response


@pytest.fixture
def app() -> Flask:
    return Flask(__name__)


def test_public_answer_is_cacheable_and_conditional(app):
    with app.test_request_context(headers={"If-None-Match": '"abc"'}):
        resp = json_response(b'{"a":1}', etag="abc", max_age=60)
        assert resp.status_code == 304 and resp.headers["ETag"] == '"abc"'
        assert resp.headers["Cache-Control"] == "public, max-age=60"
    with app.test_request_context():
        resp = json_response(b'{"a":1}', etag="abc", max_age=60)
        assert resp.status_code == 200 and resp.data == b'{"a":1}'
        assert resp.mimetype == "application/json"


def test_curation_answer_carries_its_version_and_is_never_a_304(app):
    with app.test_request_context(headers={"If-None-Match": '"3"'}):
        resp = json_response({"name": "Новости", "share": 1.5}, 201, etag=3)
        assert resp.status_code == 201 and resp.headers["ETag"] == '"3"'
        assert resp.headers["Cache-Control"] == "no-cache"
        assert resp.data == '{"name":"Новости","share":1.5}'.encode()


def test_content_etag_is_96_bits_of_sha256():
    assert (
        content_etag(b"x")
        == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"[:24]
    )
