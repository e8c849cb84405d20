"""Reader suggestions: anonymous, size- and rate-limited (in memory and in Redis), open to
other origins (CORS), reviewed by maintainers through the curation service."""

from __future__ import annotations

import os
import uuid

import pytest

from server import create_app

from .conftest import Api

RT_PAGE = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"
REPORT = "https://www.bbc.co.uk/news/world-europe-40800000"
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def suggestion(**extra):  # type: ignore[no-untyped-def]
    body = {
        "kind": "report",
        "page_url": RT_PAGE,
        "report_url": REPORT,
        "relation": "disputes",
        "message": "This article attacks the BBC's report too.",
    }
    body.update(extra)
    return body


def test_anonymous_submission_is_pending_and_cross_origin(client):
    resp = client.post("/api/v1/suggestions", json=suggestion(), headers={"Origin": EXTENSION})
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["status"] == "pending" and isinstance(body["id"], int)
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in resp.headers


def test_preflight_allows_json_posts_of_suggestions_but_not_curation_writes(client):
    pre = client.options(
        "/api/v1/suggestions",
        headers={
            "Origin": EXTENSION,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code in (200, 204)
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "content-type" in pre.headers["Access-Control-Allow-Headers"].lower()
    write = client.options(
        "/api/v1/outlets/rt",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "PATCH"},
    )
    assert "Access-Control-Allow-Origin" not in write.headers
    get = client.get("/api/v1/outlets", headers={"Origin": EXTENSION})
    assert get.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (suggestion(kind="praise"), "kind"),
        (suggestion(page_url="javascript:alert(1)"), "page_url"),
        (suggestion(report_url=None), "report_url"),
        (suggestion(kind="correction", message=""), "message"),
        (suggestion(message="x" * 2001), "message"),
        (suggestion(relation="hates"), "relation"),
        (suggestion(outlet_slug="Not A Slug"), "outlet_slug"),
        (suggestion(extra="field"), "extra"),
    ],
)
def test_bad_submissions_are_422_naming_the_field(client, body, field):
    resp = client.post("/api/v1/suggestions", json=body)
    assert resp.status_code == 422
    assert resp.get_json()["error"]["field"] == field


def test_large_bodies_are_refused(client):
    resp = client.post(
        "/api/v1/suggestions",
        data='{"kind":"report","message":"' + "x" * 40_000 + '"}',
        content_type="application/json",
    )
    assert resp.status_code == 413
    assert resp.get_json()["error"]["code"] == "request_entity_too_large"


def test_rate_limited_per_address_with_a_json_429(app, client):
    app.config["SUGGESTION_RATE_LIMIT"] = "3 per minute"
    codes = [client.post("/api/v1/suggestions", json=suggestion()).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    resp = client.post("/api/v1/suggestions", json=suggestion())
    assert resp.status_code == 429
    assert resp.get_json()["error"]["code"] == "rate_limited"
    assert int(resp.headers["Retry-After"]) > 0
    assert resp.headers["X-RateLimit-Limit"] == "3"
    other = client.post(
        "/api/v1/suggestions", json=suggestion(), environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert other.status_code == 201  # another address has its own budget
    assert client.get("/api/v1/outlets").status_code == 200  # reads are not limited


def _codes(client, forwarded_for: str, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    """n suggestions that reach the app from a proxy at 127.0.0.1 on behalf of a client."""
    return [
        client.post(
            "/api/v1/suggestions",
            json=suggestion(),
            headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        ).status_code
        for _ in range(n)
    ]


def test_behind_a_proxy_each_reader_has_its_own_budget(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "PROXY_HOPS": 1,
            "SUGGESTION_RATE_LIMIT": "2 per minute",
            "RATELIMIT_KEY_PREFIX": f"proxy-{uuid.uuid4().hex[:8]}",
        }
    )
    client = app.test_client()
    try:
        # The proxy appends the address it saw; what the client itself wrote before it is
        # not believed (one hop trusted: the right-most entry).
        assert _codes(client, "203.0.113.7", 3) == [201, 201, 429]
        assert _codes(client, "198.51.100.1, 203.0.113.7", 1) == [429]
        assert _codes(client, "203.0.113.8", 2) == [201, 201]
    finally:
        from server.db import engine

        with app.app_context():
            engine().dispose()


def test_without_proxy_hops_forwarded_headers_are_ignored(app, client):
    """By default a client cannot escape its limit by claiming another address."""
    app.config["SUGGESTION_RATE_LIMIT"] = "2 per minute"
    codes = _codes(client, "203.0.113.1", 1) + _codes(client, "203.0.113.2", 2)
    assert codes == [201, 201, 429]


def test_proxy_hops_must_not_be_negative(database_url):
    with pytest.raises(ValueError, match="PROXY_HOPS"):
        create_app({"TESTING": True, "DATABASE_URL": database_url, "PROXY_HOPS": -1})


def test_rate_limit_headers_only_where_limits_apply(seeded, client):
    """The limiter's per-request hooks are scoped to the limited views (off the read path)."""
    ok = client.post("/api/v1/suggestions", json=suggestion())
    assert ok.status_code == 201 and "X-RateLimit-Remaining" in ok.headers
    lookup = client.get("/api/v1/lookup", query_string={"url": "https://www.rt.com/news/"})
    assert lookup.status_code == 200
    assert not [h for h, _ in lookup.headers.items() if h.startswith("X-RateLimit")]
    assert "Set-Cookie" not in lookup.headers


REDIS_URL = os.environ.get("MASTHEAD_TEST_REDIS_URL", "redis://127.0.0.1:6379")


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis unreachable in CI at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    return REDIS_URL


def test_redis_counters_are_shared_by_workers(database_url, redis_url):
    import redis

    prefix = f"masthead-test-{uuid.uuid4().hex[:8]}"
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "SUGGESTION_RATE_LIMIT": "3 per minute",
    }
    one, two = create_app(config), create_app(config)
    try:
        a, b = one.test_client(), two.test_client()
        codes = [
            a.post("/api/v1/suggestions", json=suggestion()).status_code,
            b.post("/api/v1/suggestions", json=suggestion()).status_code,
            a.post("/api/v1/suggestions", json=suggestion()).status_code,
            b.post("/api/v1/suggestions", json=suggestion()).status_code,
        ]
        assert codes == [201, 201, 201, 429]
        keys = redis.Redis.from_url(redis_url).keys(f"*{prefix}*")
        assert keys, "the counters are in Redis"
    finally:
        client = redis.Redis.from_url(redis_url)
        for key in client.keys(f"*{prefix}*"):
            client.delete(key)
        from server.db import engine

        for app in (one, two):
            with app.app_context():
                engine().dispose()


def _submit(client, **extra) -> int:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/suggestions", json=suggestion(**extra))
    assert resp.status_code == 201
    return resp.get_json()["id"]


def test_maintainers_list_and_anonymous_cannot(client, editor, anonymous):
    sid = _submit(client)
    assert anonymous.get("/suggestions").status_code == 401
    listed = editor.get("/suggestions?status=pending").get_json()
    assert [s["id"] for s in listed["suggestions"]] == [sid]
    assert listed["suggestions"][0]["message"].startswith("This article")
    assert editor.get(f"/suggestions/{sid}").get_json()["status"] == "pending"
    assert editor.get("/suggestions?status=maybe").status_code == 422


def test_accepting_a_report_creates_the_link_attributed_to_the_maintainer(seeded, client, editor):  # type: ignore[no-untyped-def]
    sid = _submit(client)
    resp = editor.post(f"/suggestions/{sid}/accept", {"summary": "BBC report it disputes"})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["suggestion"]["status"] == "accepted"
    assert body["suggestion"]["reviewed_by"] == "erin"
    link = body["record"]
    assert link["report_url"] == REPORT and link["relation"] == "disputes"
    assert link["added_by"] == "erin" and link["report_outlet"] == "bbc"
    history = editor.get(f"/report-links/{link['id']}/history").get_json()["revisions"]
    assert history[0]["actor"] == "erin"
    assert history[0]["comment"] == f"from reader suggestion {sid}"
    found = client.get("/api/v1/lookup", query_string={"url": RT_PAGE}).get_json()
    urls = [x["url"] for group in found["report_links"].values() for x in group]
    assert REPORT in urls
    again = editor.post(f"/suggestions/{sid}/accept")
    assert again.status_code == 409
    assert editor.get("/suggestions").get_json()["suggestions"] == []


def test_accepting_a_correction_applies_its_patch_with_if_match(seeded, client, editor):
    sid = _submit(
        client,
        kind="correction",
        report_url=None,
        relation=None,
        outlet_slug="rt",
        message="RT's description should say it is funded from the federal budget.",
    )
    version = client.get("/api/v1/outlets/rt").headers["ETag"].strip('"')
    stale = editor.post(
        f"/suggestions/{sid}/accept",
        {
            "record_type": "outlet",
            "record": "rt",
            "patch": {"description": "Corrected."},
            "if_match": int(version) + 5,
        },
    )
    assert stale.status_code == 412
    assert editor.get(f"/suggestions/{sid}").get_json()["status"] == "pending"
    resp = editor.post(
        f"/suggestions/{sid}/accept",
        {
            "record_type": "outlets",
            "record": "rt",
            "patch": {"description": "Corrected."},
            "if_match": int(version),
        },
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["record"]["description"] == "Corrected."
    assert client.get("/api/v1/outlets/rt").get_json()["description"] == "Corrected."
    revs = editor.get("/outlets/rt/history").get_json()["revisions"]
    assert revs[0]["actor"] == "erin" and revs[0]["after"]["description"] == "Corrected."


def test_rejecting_needs_a_reason(client, editor):
    sid = _submit(client)
    assert editor.post(f"/suggestions/{sid}/reject", {}).status_code == 422
    resp = editor.post(f"/suggestions/{sid}/reject", {"reason": "Not about this article."})
    assert resp.status_code == 200
    row = resp.get_json()["suggestion"]
    assert row["status"] == "rejected" and row["resolution"] == "Not about this article."
    assert editor.post(f"/suggestions/{sid}/reject", {"reason": "again"}).status_code == 409
    assert editor.post("/suggestions/99999/reject", {"reason": "x"}).status_code == 404


def test_anonymous_cannot_accept(client, anonymous):
    sid = _submit(client)
    assert anonymous.post(f"/suggestions/{sid}/accept").status_code == 401
    assert Api(client, "mh_bogus").post(f"/suggestions/{sid}/reject").status_code == 401
