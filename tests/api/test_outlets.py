"""The outlet read API on the seeded data, through HTTP."""

from __future__ import annotations


def test_rt_record_has_domains_ownership_with_citations_and_labels(seeded, client):
    resp = client.get("/api/v1/outlets/rt")
    assert resp.status_code == 200
    rt = resp.get_json()
    assert rt["name"] == "RT" and rt["kind"] == "state_controlled" and rt["country"] == "RU"
    hosts = {d["host"] for d in rt["domains"]}
    assert {"rt.com", "de.rt.com"} <= hosts
    edges = [edge for path in rt["ownership"]["paths"] for edge in path]
    assert any(e["kind"] == "operated_by" and "TV-Novosti" in e["object"]["name"] for e in edges)
    assert any(e["kind"] == "funded_by" and e["object"]["kind"] == "government" for e in edges)
    for edge in edges:
        assert edge["citation"]["url"].startswith("http") and edge["as_of"]
    assert rt["ownership"]["ultimate_owners"]
    issuers = {label["issuer"] for label in rt["labels"]}
    assert any("European Union" in i for i in issuers)
    for label in rt["labels"]:
        assert label["citation"]["url"].startswith("http") and label["as_of"]
    assert resp.headers["ETag"] and "max-age" in resp.headers["Cache-Control"]


def test_unknown_slug_is_a_json_404(seeded, client):
    resp = client.get("/api/v1/outlets/no-such-outlet")
    assert resp.status_code == 404
    assert resp.get_json()["error"]["code"] == "not_found"


def test_list_is_paginated_and_filtered(seeded, client):
    page = client.get("/api/v1/outlets?limit=10&offset=0").get_json()
    assert page["total"] >= 80 and len(page["outlets"]) == 10
    nxt = client.get("/api/v1/outlets?limit=10&offset=10").get_json()
    assert {o["slug"] for o in page["outlets"]}.isdisjoint({o["slug"] for o in nxt["outlets"]})
    russian = client.get("/api/v1/outlets?country=ru&limit=1000").get_json()["outlets"]
    assert russian and all(o["country"] == "RU" for o in russian)
    state = client.get("/api/v1/outlets?kind=state_controlled&limit=1000").get_json()["outlets"]
    assert "rt" in {o["slug"] for o in state}
    assert all(o["kind"] == "state_controlled" for o in state)


def test_search_matches_names_and_domains(seeded, client):
    by_name = client.get("/api/v1/outlets?q=reuters").get_json()["outlets"]
    assert "reuters" in {o["slug"] for o in by_name}
    by_domain = client.get("/api/v1/outlets?q=noticiabrasil").get_json()["outlets"]
    assert [o["slug"] for o in by_domain] == ["sputnik"]


def test_bad_list_parameters_are_400_naming_the_field(seeded, client):
    for query, field in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=x", "limit"),
        ("offset=-1", "offset"),
        ("country=RUS", "country"),
        ("kind=tabloid", "kind"),
        ("q=" + "x" * 201, "q"),
    ]:
        resp = client.get(f"/api/v1/outlets?{query}")
        assert resp.status_code == 400, query
        assert resp.get_json()["error"]["field"] == field


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready" and isinstance(ready["data_version"], int)


def test_public_record_page_escapes_and_renders(seeded, client):
    page = client.get("/outlets/rt")
    assert page.status_code == 200 and b"TV-Novosti" in page.data
    assert client.get("/outlets/nope").status_code == 404


def test_unknown_route_and_method_answer_json(client):
    assert client.get("/api/v1/nothing").get_json()["error"]["code"] == "not_found"
    assert client.delete("/api/v1/index").status_code == 405
