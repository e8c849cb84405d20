"""Inputs that used to reach the database or the encoder and crash (500) are refused at the
edge: ids no id column can hold, JSON nested too deeply, lone surrogates, integers past 64
bits, If-Match digits int() does not read, out-of-range id filters."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from server import db
from server.web import jsonbody
from server.web.routing import MAX_ID, IdConverter, digits_up_to
from tests.curation.conftest import Api, make_token

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def admin(app, client) -> Api:  # type: ignore[no-untyped-def]
    return Api(client, make_token(app, "ada", "admin"))


def _statements(app, run) -> int:  # type: ignore[no-untyped-def]
    """How many SQL statements `run()` makes."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine()

    def count(*_args: object) -> None:
        seen.append("x")

    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("value", [0, MAX_ID + 1, 2**63, 2**64, 10**30])
def test_path_ids_outside_the_id_range_are_404_without_a_query(app, client, admin, value):
    paths = [
        f"/api/v1/labels/{value}",
        f"/api/v1/revisions/{value}",
        f"/api/v1/report-links/{value}/history",
    ]
    statuses: list[int] = []

    def get_all() -> None:
        statuses.extend(client.get(path).status_code for path in paths)

    assert _statements(app, get_all) == 0
    assert statuses == [404] * len(paths)
    assert admin.delete(f"/tokens/{value}").status_code == 404
    assert admin.get(f"/suggestions/{value}").status_code == 404
    # Not 405: the rules for the path's other methods do not match it either.
    assert admin.patch(f"/labels/{value}", {"text": "x"}, if_match=1).status_code == 404
    assert admin.delete(f"/labels/{value}", if_match=1).status_code == 404


@pytest.mark.parametrize("most", [1, 9, 10, 47, 305, 1000, MAX_ID])
def test_the_id_pattern_matches_exactly_one_to_its_bound(most):
    pattern = re.compile(digits_up_to(most))
    candidates = [*range(1200), most - 1, most, most + 1, most * 10, 2**63]
    for n in candidates:
        assert bool(pattern.fullmatch(str(n))) == (1 <= n <= most), n
    assert not pattern.fullmatch("01") and not pattern.fullmatch("\u0661")


def test_the_largest_id_still_reaches_the_view(client):
    resp = client.get(f"/api/v1/labels/{MAX_ID}")
    assert resp.status_code == 404 and resp.get_json()["error"]["field"] == "id"


def test_deeply_nested_json_bodies_are_400_not_500(client, admin):
    deep = "[" * 100_000 + "]" * 100_000
    resp = admin.client.post(
        "/api/v1/stories", data=deep, headers={**JSON, "Authorization": f"Bearer {admin.token}"}
    )
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"
    resp = client.post("/api/v1/lookup", data='{"urls": ' + deep + "}", headers=JSON)
    assert resp.status_code == 400


def test_json_nesting_is_limited_to_max_depth():
    at_limit = "[" * jsonbody.MAX_DEPTH + "]" * jsonbody.MAX_DEPTH
    assert jsonbody.loads(at_limit) is not None
    with pytest.raises(ValueError):
        jsonbody.loads("[" + at_limit + "]")
    with pytest.raises(ValueError):
        jsonbody.loads('{"a": ' * 65 + "1" + "}" * 65)


def test_a_lone_surrogate_in_a_batch_lookup_fails_only_its_own_url(seeded, client):
    # Issue #13: one bad item never fails the others (it was a 400 for the whole batch).
    body = '{"urls": ["https://example.com/\\ud800", "https://de.rt.com/x"]}'
    resp = client.post("/api/v1/lookup", data=body, headers=JSON)
    assert resp.status_code == 200
    bad, good = resp.get_json()["results"]
    assert bad["error"]["code"] == "malformed" and bad["url"] == "https://example.com/\ufffd"
    assert good["outlet"]["slug"] == "rt"
    paired = client.post(
        "/api/v1/lookup", data='{"urls": ["https://example.com/\\ud83d\\ude00"]}', headers=JSON
    )
    assert paired.status_code == 200
    assert paired.get_json()["results"][0]["canonical_url"] == "https://example.com/%F0%9F%98%80"


def test_a_lone_surrogate_in_a_curation_body_is_400_not_500(client):
    body = '{"kind": "correction", "page_url": "https://rt.com/", "message": "\\udc00"}'
    resp = client.post("/api/v1/suggestions", data=body, headers=JSON)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"
    # The same surrogate as raw (invalid) UTF-8 bytes rather than as an escape.
    raw = body.replace("\\udc00", "").encode().replace(b'""}', b'"\xed\xb0\x80"}')
    resp = client.post("/api/v1/suggestions", data=raw, headers=JSON)
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"


def test_json_bodies_in_utf_16_are_still_read(seeded, client):
    body = '{"urls": ["https://de.rt.com/x"]}'.encode("utf-16")
    resp = client.post("/api/v1/lookup", data=body, headers=JSON)
    assert resp.status_code == 200 and resp.get_json()["results"][0]["outlet"]["slug"] == "rt"


def test_integers_past_64_bits_in_a_body_are_400_not_500(seeded, admin):
    label = {"outlet": "rt", "kind": "sanctioned", "issuer": "EU", "as_of": "2024-01-01"}
    resp = admin.post("/labels", {**label, "citation_id": 2**64})
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"
    resp = admin.post("/labels", {**label, "citation_id": 2**63 - 1})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "citation_id"
    resp = admin.post("/labels", {**label, "citation_id": MAX_ID + 1})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "citation_id"
    assert jsonbody.loads(str(-(2**63))) == -(2**63)
    with pytest.raises(ValueError):
        jsonbody.loads(str(2**63))


def test_if_match_with_digits_int_cannot_read_is_400_not_500(admin):
    assert admin.post("/stories", {"slug": "s", "title": "S"}).status_code == 201
    resp = admin.patch("/stories/s", {"title": "T"}, headers={"If-Match": "\u00b2"})
    assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "If-Match"


def test_an_article_id_filter_past_the_id_range_lists_nothing(seeded, client):
    for value in (0, MAX_ID + 1, 10**20):
        resp = client.get("/api/v1/report-links", query_string={"article_id": value})
        assert resp.status_code == 200 and resp.get_json()["items"] == []


def test_a_correction_naming_an_id_past_the_range_is_404_not_500(seeded, client, admin):
    sent = client.post(
        "/api/v1/suggestions",
        json={"kind": "correction", "page_url": "https://rt.com/", "message": "wrong"},
    )
    patch = {"record_type": "label", "record": str(2**70), "patch": {"text": "x"}}
    resp = admin.post(f"/suggestions/{sent.get_json()['id']}/accept", patch)
    assert resp.status_code == 404


def _out_of_range_paths(app, value: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, path) of every route with an id in its path (API and admin pages), the ids
    set to `value` and any other part to a plain word."""
    found = []
    for rule in app.url_map.iter_rules():
        ids = [name for name, conv in rule._converters.items() if isinstance(conv, IdConverter)]
        if not ids:
            continue
        path = re.sub(r"<int:\w+>", str(value), rule.rule)
        path = re.sub(r"<[^>]+>", "word", path)
        found += [(m, path) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.mark.parametrize("value", [0, MAX_ID + 1, 2**63, 10**30])
def test_every_id_route_is_404_out_of_range_without_a_query(app, client, value):
    app.config["WTF_CSRF_ENABLED"] = False  # the admin forms' check would answer first
    paths = _out_of_range_paths(app, value)
    assert len({p for _, p in paths if p.startswith("/admin/")}) >= 10
    assert len({p for _, p in paths if p.startswith("/api/")}) >= 15
    statuses: dict[tuple[str, str], int] = {}

    def call_all() -> None:
        for method, path in paths:
            statuses[method, path] = client.open(path, method=method).status_code

    assert _statements(app, call_all) == 0
    assert {key: s for key, s in statuses.items() if s != 404} == {}
