"""The lookup read path through HTTP: the reference scenario, errors, batch, index, privacy."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from server import create_app
from server.read.cache import cache
from server.urls import canonicalize, url_sha256

RT_ARTICLE = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"
REUTERS_REPORT = (
    "http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A"
)


def lookup(client, url):
    return client.get("/api/v1/lookup", query_string={"url": url})


def test_reference_scenario(seeded, client):
    resp = lookup(client, RT_ARTICLE)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["canonical_url"] == "https://rt.com/news/398374-russia-syria-losses-reuters"
    assert body["url_sha256"] == url_sha256(body["canonical_url"])
    assert body["domain_rule"]["host"] == "rt.com"
    outlet = body["outlet"]
    assert outlet["slug"] == "rt" and outlet["kind"] == "state_controlled"
    owners = [e["object"]["name"] for p in outlet["ownership"]["paths"] for e in p]
    assert any("TV-Novosti" in name for name in owners)
    assert outlet["labels"]
    disputes = body["report_links"]["disputes"]
    assert [link["url"] for link in disputes] == [REUTERS_REPORT]
    assert disputes[0]["outlet"]["slug"] == "reuters" and disputes[0]["attached_to"] == "article"
    assert body["article"]["published"] == "2017-08-02"
    assert body["article"]["story"] is not None
    assert "context" in body["report_links"]  # other coverage of the same story


@pytest.mark.parametrize(
    "spelling",
    [
        "https://rt.com/news/398374-russia-syria-losses-reuters",
        "http://www.rt.com/news/398374-russia-syria-losses-reuters/",
        "https://WWW.RT.COM/news/398374-russia-syria-losses-reuters/?utm_source=twitter#comments",
        "https://www.rt.com:443/news/398374-russia-syria-losses-reuters/index.html",
    ],
)
def test_other_spellings_find_the_same_article(seeded, client, spelling):
    body = lookup(client, spelling).get_json()
    assert body["outlet"]["slug"] == "rt"
    assert [link["url"] for link in body["report_links"]["disputes"]] == [REUTERS_REPORT]


def test_language_edition_matches_its_own_rule(seeded, client):
    body = lookup(client, "https://de.rt.com/international/12345-some-story/").get_json()
    assert body["outlet"]["slug"] == "rt"
    assert body["domain_rule"]["host"] == "de.rt.com"
    assert body["article"] is None and body["report_links"] == {}


def test_mirror_domain_matches_its_outlet(seeded, client):
    url = (
        "https://noticiabrasil.net.br/20170802/"
        "ministerio-defesa-russo-desmente-numero-mortos-siria-midia-9007699.html"
    )
    assert lookup(client, url).get_json()["outlet"]["slug"] == "sputnik"


def test_unknown_host_is_200_with_null_outlet(seeded, client):
    resp = lookup(client, "https://example.org/some/page")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["outlet"] is None and body["domain_rule"] is None and body["report_links"] == {}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({}, "missing_url"),
        ({"url": ""}, "empty"),
        ({"url": "ftp://rt.com/x"}, "unsupported_scheme"),
        ({"url": "javascript:alert(1)"}, "unsupported_scheme"),
        ({"url": "mailto:news@rt.com"}, "unsupported_scheme"),
        ({"url": "https://"}, "no_host"),
        ({"url": "https://rt.com:99999/"}, "bad_port"),
        ({"url": "https://" + "a" * 5000 + ".com/"}, "too_long"),
    ],
)
def test_bad_urls_are_400_saying_what_is_wrong(client, query, code):
    resp = client.get("/api/v1/lookup", query_string=query)
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert error["code"] == code and error["field"] == "url" and error["message"]


def test_batch_keeps_request_order_and_reports_errors_inline(seeded, client):
    urls = [RT_ARTICLE, "https://example.org/", "not a url", "https://www.bbc.co.uk/news/x"]
    resp = client.post("/api/v1/lookup", json={"urls": urls})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["url"] for r in results] == urls
    assert results[0]["outlet"]["slug"] == "rt"
    assert "broadcast_ban" in results[0]["outlet"]["label_kinds"]
    assert results[1]["outlet"] is None
    assert results[2]["error"]["code"]
    assert results[3]["outlet"]["slug"] == "bbc"


def test_batch_over_the_limit_is_400_naming_it(client):
    resp = client.post("/api/v1/lookup", json={"urls": ["https://rt.com/"] * 101})
    assert resp.status_code == 400
    assert "100" in resp.get_json()["error"]["message"]
    assert client.post("/api/v1/lookup", json={"nope": 1}).status_code == 400
    assert (
        client.post("/api/v1/lookup", data="[", content_type="application/json").status_code == 400
    )


def test_index_is_versioned_cached_and_compact(seeded, client):
    resp = client.get("/api/v1/index", headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200 and resp.headers["Content-Encoding"] == "gzip"
    etag = resp.headers["ETag"]
    assert "max-age" in resp.headers["Cache-Control"]
    import json

    doc = json.loads(gzip.decompress(resp.data))
    # Compact: each outlet's badge is sent once, however many rules point at it, and a rule is
    # a short [host, path, outlet position] tuple. Per part, gzipped: a rule ~8 B, a badge ~25 B.
    positions = {rule[2] for rule in doc["rules"]}
    assert positions == set(range(len(doc["outlets"])))
    rules_part = len(gzip.compress(json.dumps(doc["rules"], separators=(",", ":")).encode()))
    outlets_part = len(gzip.compress(json.dumps(doc["outlets"], separators=(",", ":")).encode()))
    assert rules_part / len(doc["rules"]) <= 12
    assert outlets_part / len(doc["outlets"]) <= 40
    assert len(resp.data) <= 1.05 * (rules_part + outlets_part)
    rt = next(i for i, o in enumerate(doc["outlets"]) if o["slug"] == "rt")
    assert ["de.rt.com", "", rt] in doc["rules"]
    assert client.get("/api/v1/index", headers={"If-None-Match": etag}).status_code == 304
    plain = client.get("/api/v1/index")
    assert json.loads(plain.data) == doc


def test_the_index_carries_the_keys_of_the_articles_with_report_links(seeded, client):
    keys = client.get("/api/v1/index").get_json()["article_keys"]
    digest = url_sha256(canonicalize(RT_ARTICLE))
    short = [keys["keys"][i : i + 8] for i in range(0, len(keys["keys"]), 8)]
    assert digest[:8] in short and short == sorted(short) and len(short) == keys["count"]
    # The seed has fewer than k such articles: one bucket holds them all.
    assert keys["count"] < keys["k"] == 50
    assert (keys["prefix_bits"], keys["prefix_hex_digits"], keys["key_hex_digits"]) == (0, 1, 8)


def test_the_bucket_holds_every_article_with_report_links_padded(seeded, client):
    keys = client.get("/api/v1/index").get_json()["article_keys"]
    digest = url_sha256(canonicalize(RT_ARTICLE))
    resp = client.get("/api/v1/reports/hash/0")
    assert resp.status_code == 200 and len(resp.data) % 4096 == 0
    doc = resp.get_json()
    assert doc["prefix_bits"] == 0 and set(doc["padding"]) == {" "}
    articles = doc["articles"]
    assert len(articles) == keys["count"]
    assert sorted(a["url_sha256"][:8] for a in articles) == [
        keys["keys"][i : i + 8] for i in range(0, len(keys["keys"]), 8)
    ]
    mine = [a for a in articles if a["url_sha256"] == digest]
    assert len(mine) == 1 and mine[0]["report_links"]["disputes"][0]["url"] == REUTERS_REPORT
    assert all(a["report_links"] for a in articles)


@pytest.mark.parametrize("prefix", ["664c2", "6", "abc", "g", "0123456789abcdef0", "12-4"])
def test_a_prefix_longer_than_the_published_length_is_400(seeded, client, prefix):
    resp = client.get(f"/api/v1/reports/hash/{prefix}")
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert error["field"] == "prefix" and error["code"] == "bad_prefix"
    assert "prefix_bits is 0" in error["message"]


def test_lookup_carries_etag_and_answers_304(seeded, client):
    first = lookup(client, RT_ARTICLE)
    again = client.get(
        "/api/v1/lookup",
        query_string={"url": RT_ARTICLE},
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304


def test_edit_is_visible_in_another_worker_within_two_seconds(seeded, client, database_url):
    other = create_app({"DATABASE_URL": database_url, "DATA_VERSION_CHECK_INTERVAL": 1.0})
    other_client = other.test_client()
    assert lookup(other_client, RT_ARTICLE).get_json()["outlet"]["name"] == "RT"
    # An edit made elsewhere: a dataset import through the CLI bumps the data version.
    from sqlalchemy import text

    from server.db import make_engine

    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE outlets SET name = 'RT (edited)' WHERE slug = 'rt'"))
        conn.execute(text("UPDATE data_version SET version = version + 1"))
    engine.dispose()
    deadline = time.monotonic() + 2.0
    name = None
    while time.monotonic() < deadline:
        name = lookup(other_client, RT_ARTICLE).get_json()["outlet"]["name"]
        if name == "RT (edited)":
            break
        time.sleep(0.1)
    assert name == "RT (edited)"
    with other.app_context():
        from server.db import engine as app_engine

        app_engine().dispose()


@pytest.mark.committed  # 64 threads: they cannot share one connection
def test_concurrent_misses_for_one_url_compute_once(seeded, app):
    url = "https://www.rt.com/news/1-concurrent/"
    with app.app_context():
        c = cache()
        c.version  # noqa: B018 - settle the version first
        before = c.loads
    barrier = threading.Barrier(64)
    statuses = []

    def worker() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(lookup(client, url).status_code)

    threads = [threading.Thread(target=worker) for _ in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 64
    with app.app_context():
        computed = cache().loads - before
    # One lookup entry, plus at most the outlet record it needs.
    assert computed <= 2


def test_read_path_records_equal_the_sql_path(seeded):
    """Every seeded outlet's record from the in-memory read model (composed ownership) is,
    byte for byte, the record the SQL path builds from the database."""
    import json

    from server import db
    from server.read import records, service
    from server.web.jsonbytes import dumps

    with seeded.test_request_context("/"), db.connect() as conn:
        model = service.read_model()
        assert len(model.outlets) > 100
        for outlet_id in model.outlets:
            row = records.fetch_outlet_row(conn, outlet_id=outlet_id)
            want = records.outlet_record(conn, row, "http://localhost")
            got = dumps(model.record(outlet_id, "http://localhost"))
            assert json.loads(got) == want
            assert got == dumps(want)


def test_query_bytes_that_are_not_utf8_are_a_400_not_a_crash(client):
    resp = client.get("/api/v1/lookup", environ_overrides={"QUERY_STRING": "url=\xff"})
    assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "url"
    raw = "url=https://example.com/caf\xc3\xa9-\xff"  # UTF-8 "é", then a stray byte
    body = client.get("/api/v1/lookup", environ_overrides={"QUERY_STRING": raw}).get_json()
    assert body["canonical_url"] == "https://example.com/caf%C3%A9-%FF"


def test_database_down_is_a_json_503_even_before_flask(tmp_path):
    """The response cache in front of Flask re-reads the data version; when that fails the
    request goes on to Flask, which has no read model to answer from: a JSON 503 with
    Retry-After (never a bare server error, never a 500)."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    client = app.test_client()
    for resp in (
        client.get("/api/v1/lookup", query_string={"url": "https://rt.com/"}),
        client.post("/api/v1/lookup", json={"urls": ["https://rt.com/"]}),
    ):
        assert resp.status_code == 503 and resp.headers["Retry-After"] == "1"
        assert resp.get_json()["error"]["code"] == "database_unavailable"
