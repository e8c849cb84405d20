"""Path folds on domain rules, through the curation API: the seeded amp.cnn.com rule keys
CNN's AMP pages like the main site in the lookup (GET and batch); editing a rule's folds
changes the keys at once; bad folds are refused (422) with the field at fault; a revert puts them
back; the articles list finds an article from any form of its address."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

PATH = "/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl/index.html"
CNN_AMP = "https://amp.cnn.com/cnn" + PATH
CNN_MAIN = "https://www.cnn.com" + PATH
CNN_KEY = "https://cnn.com/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl"
REPORT = "https://factcheck.example.org/titan-submersible"


def amp_rule(api: Any) -> dict[str, Any]:
    rules = api.get("/domains?outlet=cnn&limit=100").get_json()["items"]
    return next(r for r in rules if r["host"] == "amp.cnn.com")


def lookup(client: Any, url: str) -> dict[str, Any]:
    resp = client.get("/api/v1/lookup", query_string={"url": url})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


@pytest.fixture
def cnn_article(seeded, editor):  # type: ignore[no-untyped-def]
    """An article stored from CNN's main-site address, with a report link."""
    resp = editor.post("/articles", {"url": CNN_MAIN, "title": "Titan submersible missing"})
    assert resp.status_code == 201, resp.get_json()
    article = resp.get_json()
    link = {"article_id": article["id"], "relation": "disputed_by", "report_url": REPORT}
    link["fetch"] = False  # no network in tests
    assert editor.post("/report-links", link).status_code == 201
    return article


def test_the_seeded_amp_rule_folds_the_cnn_prefix(seeded, anonymous):
    rule = amp_rule(anonymous)
    assert rule["outlet"] == "cnn" and rule["role"] == "mirror"
    assert rule["path_folds"] == [{"prefix": "/cnn", "replacement": ""}]


def test_amp_cnn_page_keys_like_the_main_site_in_get_and_batch(client, cnn_article):
    assert cnn_article["url"] == CNN_KEY
    for address in (CNN_AMP, CNN_MAIN, "amp.cnn.com/cnn" + PATH):
        body = lookup(client, address)
        assert body["canonical_url"] == CNN_KEY
        assert body["outlet"]["slug"] == "cnn"
        assert body["domain_rule"]["host"] == "cnn.com"
        assert body["article"]["canonical_url"] == CNN_KEY
        assert [r["url"] for r in body["report_links"]["disputed_by"]] == [REPORT]
    resp = client.post("/api/v1/lookup", json={"urls": [CNN_AMP, CNN_MAIN]})
    results = resp.get_json()["results"]
    assert [r["canonical_url"] for r in results] == [CNN_KEY, CNN_KEY]
    assert {r["outlet"]["slug"] for r in results} == {"cnn"}


def test_an_article_posted_from_the_amp_address_gets_the_main_key(seeded, editor):
    resp = editor.post("/articles", {"url": CNN_AMP, "title": "Titan"})
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["url"] == CNN_KEY and resp.get_json()["outlet"] == "cnn"
    again = editor.post("/articles", {"url": CNN_MAIN, "title": "Titan again"})
    assert again.status_code == 409


def test_the_articles_list_finds_an_article_from_its_amp_address(anonymous, cnn_article):
    found = anonymous.get("/articles?url=" + quote(CNN_AMP, safe="")).get_json()
    assert [a["id"] for a in found["items"]] == [cnn_article["id"]]


def test_editing_a_fold_changes_the_key_at_once(client, editor, cnn_article):
    rule = amp_rule(editor)
    resp = editor.patch(f"/domains/{rule['id']}", {"path_folds": []}, if_match=rule["version"])
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["path_folds"] == []
    body = lookup(client, CNN_AMP)
    assert (
        body["canonical_url"]
        == "https://cnn.com/cnn/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl"
    )
    assert body["article"] is None
    folds = [{"prefix": "/CNN", "replacement": ""}]
    resp = editor.patch(
        f"/domains/{rule['id']}", {"path_folds": folds}, if_match=rule["version"] + 1
    )
    assert resp.get_json()["path_folds"] == [{"prefix": "/cnn", "replacement": ""}]
    assert lookup(client, CNN_AMP)["article"]["canonical_url"] == CNN_KEY


def test_a_stale_if_match_on_a_fold_edit_is_412(seeded, editor):
    rule = amp_rule(editor)
    resp = editor.patch(f"/domains/{rule['id']}", {"path_folds": []}, if_match=rule["version"] + 5)
    assert resp.status_code == 412


def test_reverting_a_fold_edit_puts_the_fold_back(client, editor, cnn_article):
    rule = amp_rule(editor)
    resp = editor.patch(f"/domains/{rule['id']}", {"path_folds": []}, if_match=rule["version"])
    assert resp.status_code == 200
    history = editor.get(f"/domains/{rule['id']}/history").get_json()
    revision = history["revisions"][0]
    assert revision["before"]["path_folds"] == [{"prefix": "/cnn", "replacement": ""}]
    assert revision["after"]["path_folds"] == []
    resp = editor.post(f"/revisions/{revision['id']}/revert", if_match=rule["version"] + 1)
    assert resp.status_code == 200, resp.get_json()
    assert amp_rule(editor)["path_folds"] == [{"prefix": "/cnn", "replacement": ""}]
    assert lookup(client, CNN_AMP)["article"]["canonical_url"] == CNN_KEY


def test_a_new_rule_with_folds_is_created_with_its_outlet(client, editor, seeded):
    body = {
        "outlet": "cnn",
        "host": "cnnamp.example",
        "path_folds": [{"prefix": "/amp/cnn", "replacement": "/world"}],
    }
    resp = editor.post("/domains", body)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["path_folds"] == body["path_folds"]
    assert lookup(client, "https://cnnamp.example/amp/cnn/1")["canonical_url"] == (
        "https://cnnamp.example/world/1"
    )


@pytest.mark.parametrize(
    ("folds", "field", "message"),
    [
        ([{"prefix": "cnn", "replacement": ""}], "path_folds[0].prefix", "must start with '/'"),
        ([{"prefix": "/cnn", "replacement": "/x/"}], "path_folds[0].replacement", "not end"),
        ([{"prefix": "/cnn"}], "path_folds[0].replacement", "required"),
        ([{"prefix": "/a", "replacement": "", "x": 1}], "path_folds[0].x", "unknown field"),
        ([{"prefix": "/a", "replacement": "/a/b"}], "path_folds", "folded again"),
        ([{"prefix": "/a", "replacement": ""}] * 21, "path_folds", "at most 20"),
    ],
)
def test_a_bad_fold_is_422_naming_its_field(editor, seeded, folds, field, message):
    rule = amp_rule(editor)
    resp = editor.patch(f"/domains/{rule['id']}", {"path_folds": folds}, if_match=rule["version"])
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["field"] == field and message in error["message"], error
