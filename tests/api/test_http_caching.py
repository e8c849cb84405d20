"""HTTP caching of the answers a CDN may keep per data version, over real HTTP: the domain
index, hash-prefix buckets and lookups carry `Cache-Control` (public, max-age,
stale-while-revalidate), a strong ETag that changes with the data version, `Vary` where the
answer depends on a request header, and answer If-None-Match (strong or weak form) with 304."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from flask import Flask
from werkzeug.serving import make_server

from server import create_app, db, migrate
from tests.conftest import MIGRATIONS, app_config
from tests.curation.conftest import Api, make_token, outlet_payload

LOOKUP = "/api/v1/lookup?url=https://harbourledger.example.co.uk/2024/story"
BUCKET = "/api/v1/reports/hash/0"  # fewer than k articles with links: one bucket, "0"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Api, httpx.Client]]:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    migrate.upgrade(url, MIGRATIONS)
    app: Flask = create_app(
        {**app_config(url), "HTTP_MAX_AGE": 60, "HTTP_STALE_WHILE_REVALIDATE": 300}
    )
    api = Api(app.test_client(), make_token(app, "erin", "editor"))
    body = outlet_payload()
    body.pop("relations")
    assert api.post("/outlets", body).status_code == 201
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    # httpx asks for gzip by default; each test says which encoding it wants.
    with httpx.Client(base_url=base, timeout=30, trust_env=False) as http:
        yield api, http
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine().dispose()


def new_version(api: Api, version: int) -> None:
    """One write: the data version moves on."""
    resp = api.patch("/outlets/harbour-ledger", {"description": f"v{version}"}, if_match=version)
    assert resp.status_code == 200, resp.get_json()


CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"


def test_index_is_cacheable_per_data_version_and_encoding(
    served: tuple[Api, httpx.Client],
) -> None:
    api, http = served
    plain = http.get("/api/v1/index", headers={"Accept-Encoding": "identity"})
    gzipped = http.get("/api/v1/index", headers={"Accept-Encoding": "gzip"})
    for resp in (plain, gzipped):
        assert resp.status_code == 200
        assert resp.headers["Cache-Control"] == CACHE_CONTROL
        assert resp.headers["Vary"] == "Accept-Encoding"
        assert resp.json() == plain.json()
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    tag, gz_tag = plain.headers["ETag"], gzipped.headers["ETag"]
    version = plain.json()["data_version"]
    # Strong (no W/), naming the data version, one per representation.
    assert tag.startswith(f'"v{version}-') and gz_tag != tag and not gz_tag.startswith("W/")

    for sent, encoding in ((tag, "identity"), (gz_tag, "gzip"), (f"W/{gz_tag}", "gzip")):
        again = http.get(
            "/api/v1/index", headers={"If-None-Match": sent, "Accept-Encoding": encoding}
        )
        assert again.status_code == 304 and again.content == b""
        assert again.headers["ETag"] == sent.removeprefix("W/")
        assert again.headers["Cache-Control"] == CACHE_CONTROL

    new_version(api, 1)
    after = http.get("/api/v1/index", headers={"If-None-Match": gz_tag})
    assert after.status_code == 200 and after.json()["data_version"] > version
    assert after.headers["ETag"] not in (tag, gz_tag)


def test_hash_bucket_answers_are_cacheable_and_never_transformed(
    served: tuple[Api, httpx.Client],
) -> None:
    api, http = served
    first = http.get(BUCKET)
    assert first.status_code == 200
    control = first.headers["Cache-Control"]
    assert control == CACHE_CONTROL + ", no-transform"  # padded: a CDN must not compress it
    assert "Content-Encoding" not in first.headers and "Vary" not in first.headers
    tag = first.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    for sent in (tag, f"W/{tag}", f'"other", {tag}'):
        again = http.get(BUCKET, headers={"If-None-Match": sent})
        assert again.status_code == 304 and again.headers["ETag"] == tag
        assert again.headers["Cache-Control"] == control
    new_version(api, 1)
    after = http.get(BUCKET, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag  # one per data version


def test_lookups_are_cacheable_and_revalidate(served: tuple[Api, httpx.Client]) -> None:
    api, http = served
    first = http.get(LOOKUP)
    assert first.status_code == 200 and first.json()["outlet"]["slug"] == "harbour-ledger"
    assert first.headers["Cache-Control"] == CACHE_CONTROL
    tag = first.headers["ETag"]
    assert http.get(LOOKUP, headers={"If-None-Match": f"W/{tag}"}).status_code == 304
    new_version(api, 1)
    assert http.get(LOOKUP, headers={"If-None-Match": tag}).status_code == 200


def test_stale_while_revalidate_can_be_turned_off(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'off.sqlite3'}"
    migrate.upgrade(url, MIGRATIONS)
    app = create_app({**app_config(url), "HTTP_STALE_WHILE_REVALIDATE": 0})
    try:
        resp = app.test_client().get("/api/v1/index")
        assert resp.headers["Cache-Control"] == "public, max-age=60"
    finally:
        with app.app_context():
            db.engine().dispose()
