"""Every record type through HTTP: create, read with ETag = version, If-Match on updates and
deletes (428 / 412), comments, history newest first, revert."""

from __future__ import annotations

import pytest

from .conftest import CITATION, entities_payload, outlet_payload


@pytest.fixture
def harbour(editor):  # type: ignore[no-untyped-def]
    for ent in entities_payload():
        assert editor.post("/entities", ent).status_code == 201
    resp = editor.post("/outlets", outlet_payload())
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_created_outlet_answers_201_with_location_etag_and_ids(editor, harbour):
    resp = editor.get("/outlets/harbour-ledger")
    assert resp.headers["ETag"] == '"1"'
    assert harbour["version"] == 1 and harbour["id"]
    assert [d["host"] for d in harbour["domains"]] == [
        "harbourledger.example.co.uk",
        "harbour-ledger.example",
    ]
    assert harbour["relations"][0]["citation"]["url"] == CITATION["url"]
    assert harbour["labels"][0]["issuer"] == "Ofcom"
    again = editor.post("/outlets", outlet_payload())
    assert again.status_code == 409


def test_create_sends_location(editor):
    resp = editor.post("/stories", {"slug": "syria-losses", "title": "Russian losses in Syria"})
    assert resp.status_code == 201
    assert resp.headers["Location"].endswith("/api/v1/stories/syria-losses")
    assert resp.headers["ETag"] == '"1"'


RECORD_URLS = {
    "domains": lambda h: f"/domains/{h['domains'][0]['id']}",
    "relations": lambda h: f"/relations/{h['relations'][0]['id']}",
    "labels": lambda h: f"/labels/{h['labels'][0]['id']}",
    "citations": lambda h: f"/citations/{h['labels'][0]['citation_id']}",
    "entities": lambda h: "/entities/coastal-media",
}


@pytest.mark.parametrize("kind", sorted(RECORD_URLS))
def test_every_record_has_a_get_with_its_version_as_etag(editor, anonymous, harbour, kind):
    url = RECORD_URLS[kind](harbour)
    resp = anonymous.get(url)
    assert resp.status_code == 200
    body = resp.get_json()
    assert resp.headers["ETag"] == f'"{body["version"]}"'
    assert resp.headers["Access-Control-Allow-Origin"] == "*"


def test_patch_without_if_match_is_428_and_stale_is_412(editor, admin, harbour):
    resp = editor.patch("/outlets/harbour-ledger", {"name": "X"})
    assert resp.status_code == 428 and resp.get_json()["error"]["code"] == "if_match_required"
    ok = editor.patch("/outlets/harbour-ledger", {"name": "Harbour Ledger Daily"}, if_match=1)
    assert ok.status_code == 200 and ok.headers["ETag"] == '"2"'
    stale = editor.patch("/outlets/harbour-ledger", {"name": "Lost"}, if_match=1)
    assert stale.status_code == 412
    error = stale.get_json()["error"]
    assert error["code"] == "stale_version" and error["current_version"] == 2
    assert editor.get("/outlets/harbour-ledger").get_json()["name"] == "Harbour Ledger Daily"
    assert admin.delete("/outlets/harbour-ledger").status_code == 428
    assert admin.delete("/outlets/harbour-ledger", if_match=1).status_code == 412
    bad = editor.patch("/outlets/harbour-ledger", {"name": "Y"}, if_match="v2")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "If-Match"


def test_label_and_relation_updates_keep_their_sources(editor, harbour):
    label_id = harbour["labels"][0]["id"]
    resp = editor.patch(f"/labels/{label_id}", {"citation": None}, if_match=1)
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "citation"
    resp = editor.patch(f"/labels/{label_id}", {"until": "2022-01-01"}, if_match=1)
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "until"
    resp = editor.patch(f"/labels/{label_id}", {"until": "2024-01-01"}, if_match=1)
    assert resp.status_code == 200 and resp.get_json()["until"] == "2024-01-01"
    rel_id = harbour["relations"][0]["id"]
    resp = editor.patch(
        f"/relations/{rel_id}",
        {"share": 75, "citation": {"url": "https://www.example.org/2024", "publisher": "Ex"}},
        if_match=1,
    )
    body = resp.get_json()
    assert resp.status_code == 200 and body["share"] == 75.0
    assert body["citation"]["url"] == "https://www.example.org/2024"


def test_post_relation_without_citation_is_422_naming_citation(editor, harbour):
    resp = editor.post(
        "/relations",
        {
            "subject_outlet": "harbour-ledger",
            "kind": "funded_by",
            "object": "ava-marsh",
            "as_of": "2024-01-01",
        },
    )
    assert resp.status_code == 422
    assert resp.get_json()["error"]["field"] == "citation"
    resp = editor.post(
        "/labels",
        {"outlet": "harbour-ledger", "kind": "sanctioned", "issuer": "EU", "as_of": "2024-01-01"},
    )
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "citation"


def test_domain_collision_is_409_naming_the_other_outlet(editor, harbour):
    editor.post("/outlets", {"slug": "other", "name": "Other"})
    resp = editor.post("/domains", {"outlet": "other", "host": "https://harbour-ledger.example"})
    assert resp.status_code == 422  # a host, not a URL
    resp = editor.post("/domains", {"outlet": "other", "host": "www.harbour-ledger.example"})
    assert resp.status_code == 409
    error = resp.get_json()["error"]
    assert "harbour-ledger" in error["message"] and error["outlet"] == "harbour-ledger"


def test_comment_from_header_or_body_lands_in_history_newest_first(editor, harbour):
    editor.patch(
        "/outlets/harbour-ledger",
        {"description": "Daily paper."},
        if_match=1,
        headers={"X-Masthead-Comment": "shorter"},
    )
    editor.patch(
        "/outlets/harbour-ledger",
        {"description": "Daily newspaper.", "comment": "per style guide"},
        if_match=2,
    )
    history = editor.get("/outlets/harbour-ledger/history").get_json()
    revs = history["revisions"]
    assert [r["action"] for r in revs] == ["update", "update", "create"]
    assert [r["comment"] for r in revs[:2]] == ["per style guide", "shorter"]
    assert revs[0]["before"]["description"] == "Daily paper."
    assert revs[0]["after"]["description"] == "Daily newspaper."
    assert revs[0]["actor"] == "erin" and revs[0]["version"] == 3


def test_delete_and_revert_through_the_api(editor, admin, anonymous, harbour):
    resp = admin.delete("/outlets/harbour-ledger", if_match=1)
    assert resp.status_code == 200
    deletion = resp.get_json()
    assert len(deletion["cascade"]) == 4
    assert anonymous.get("/outlets/harbour-ledger").status_code == 404
    # History survives the deletion.
    revs = anonymous.get("/outlets/harbour-ledger/history").get_json()["revisions"]
    assert revs[0]["action"] == "delete"
    resp = editor.post(f"/revisions/{deletion['revision']['id']}/revert")
    assert resp.status_code == 200, resp.get_json()
    assert resp.headers["ETag"] == '"2"'
    record = anonymous.get("/outlets/harbour-ledger").get_json()
    assert len(record["domains"]) == 2 and len(record["labels"]) == 1
    assert record["ownership"]["ultimate_owners"][0]["slug"] == "ava-marsh"
    revs = anonymous.get("/outlets/harbour-ledger/history").get_json()["revisions"]
    assert [r["action"] for r in revs] == ["revert", "delete", "create"]


def test_deleting_outlets_and_owners_takes_an_admin(editor, admin, anonymous, harbour):
    """They cascade (domains, labels, relations): the same rule as the maintainer pages."""
    for path in ("/outlets/harbour-ledger", "/entities/coastal-media"):
        refused = editor.delete(path, if_match=1)
        assert refused.status_code == 403, refused.get_json()
        assert refused.get_json()["error"]["code"] == "forbidden"
        assert anonymous.get(path).status_code == 200  # nothing was deleted
    label = RECORD_URLS["labels"](harbour)
    assert editor.delete(label, if_match=1).status_code == 200  # other records: editors
    assert admin.delete("/outlets/harbour-ledger", if_match=1).status_code == 200


def test_reverting_an_outlet_creation_takes_an_admin(editor, admin, anonymous, harbour):
    """Reverting a creation deletes the record; reverting its deletion restores it."""
    created = anonymous.get("/outlets/harbour-ledger/history").get_json()["revisions"][-1]
    assert created["action"] == "create"
    refused = editor.post(f"/revisions/{created['id']}/revert")
    assert refused.status_code == 403
    assert anonymous.get("/outlets/harbour-ledger").status_code == 200
    undone = admin.post(f"/revisions/{created['id']}/revert")
    assert undone.status_code == 200 and undone.get_json()["record"] is None
    assert anonymous.get("/outlets/harbour-ledger").status_code == 404
    restore = editor.post(f"/revisions/{undone.get_json()['revision']['id']}/revert")
    assert restore.status_code == 200
    assert anonymous.get("/outlets/harbour-ledger").status_code == 200


def test_revert_checks_if_match_when_given(editor, harbour):
    editor.patch("/outlets/harbour-ledger", {"name": "B"}, if_match=1)
    rev = editor.get("/outlets/harbour-ledger/history").get_json()["revisions"][0]
    stale = editor.post(f"/revisions/{rev['id']}/revert", if_match=1)
    assert stale.status_code == 412 and stale.get_json()["error"]["current_version"] == 2
    ok = editor.post(f"/revisions/{rev['id']}/revert", if_match=2)
    assert ok.status_code == 200
    assert ok.get_json()["record"]["name"] == "Harbour Ledger"
    assert ok.get_json()["revision"]["action"] == "revert"


def test_articles_stories_and_report_links(editor, anonymous, harbour):
    assert editor.post("/stories", {"slug": "ferry", "title": "Ferry subsidy"}).status_code == 201
    resp = editor.post(
        "/articles",
        {
            "url": "https://m.harbourledger.example.co.uk/news/ferry?utm_source=x",
            "title": "Council approves ferry subsidy",
            "published": "2024-02-01",
            "story": "ferry",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    article = resp.get_json()
    assert article["outlet"] == "harbour-ledger"  # matched through the domain rules
    assert article["url"] == "https://harbourledger.example.co.uk/news/ferry"
    dup = editor.post("/articles", {"url": article["url"], "title": "again"})
    assert dup.status_code == 409 and dup.get_json()["error"]["article_id"] == article["id"]
    resp = editor.post(
        "/report-links",
        {
            "article_id": article["id"],
            "relation": "disputed_by",
            "report_url": "https://factcheck.example.org/ferry",
            "report_title": "No, the subsidy was not approved unanimously",
            "rating": "Misleading",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    link = resp.get_json()
    assert link["added_by"] == "erin" and link["article_url"] == article["url"]
    found = anonymous.get(f"/articles?url={article['url']}").get_json()
    assert found["total"] == 1 and found["items"][0]["report_links"][0]["id"] == link["id"]
    story = anonymous.get("/stories/ferry").get_json()
    assert story["articles"][0]["id"] == article["id"]
    resp = editor.patch(f"/report-links/{link['id']}", {"status": "pending"}, if_match=1)
    assert resp.status_code == 200 and resp.get_json()["status"] == "pending"
    resp = editor.delete(f"/articles/{article['id']}", if_match=1)
    assert resp.status_code == 200 and len(resp.get_json()["cascade"]) == 1
    assert anonymous.get(f"/report-links/{link['id']}").status_code == 404


def test_lists_filter_by_outlet(anonymous, harbour):
    domains = anonymous.get("/domains?outlet=harbour-ledger").get_json()
    assert domains["total"] == 2
    assert anonymous.get("/labels?outlet=harbour-ledger").get_json()["total"] == 1
    assert anonymous.get("/relations?entity=coastal-media").get_json()["total"] == 1
    assert anonymous.get("/relations?outlet=nobody").get_json()["total"] == 0
    assert anonymous.get("/domains?limit=0").status_code == 400


def test_unknown_records_and_bad_bodies(editor, harbour):
    assert editor.get("/labels/999999").status_code == 404
    assert editor.get("/labels/abc").status_code == 404
    assert editor.patch("/entities/nobody", {"name": "x"}, if_match=1).status_code == 404
    resp = editor.client.post(
        "/api/v1/stories",
        data="{not json",
        headers={"Authorization": f"Bearer {editor.token}", "Content-Type": "application/json"},
    )
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"
    resp = editor.post("/stories", ["a list"])
    assert resp.status_code == 422
    resp = editor.post("/stories", {"slug": "ok-slug", "title": "T", "colour": "red"})
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "colour"
