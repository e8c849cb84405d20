"""Single and batch lookups against a read model: matching, folding, the document's bytes."""

from __future__ import annotations

import json

import pytest

from server import urls
from server.errors import BadRequest
from server.read import lookup
from server.read.build import build_read_model
from server.urls import url_sha256
from server.web.jsonbytes import dumps

from .dataset import ARTICLE_URL, rows

BASE = "https://masthead.example"


@pytest.fixture(scope="module")
def model(load_rows):  # type: ignore[no-untyped-def]
    with load_rows(rows()).connect() as conn:
        return build_read_model(conn, 3)


@pytest.mark.parametrize(
    ("raw", "code"),
    [(None, "missing_url"), ("x" * 5000, "too_long"), ("ftp://a.example/", "unsupported_scheme")],
)
def test_parse_url_says_what_is_wrong(raw, code):
    with pytest.raises(BadRequest) as err:
        lookup.parse_url(raw)
    assert err.value.code == code


def test_identify_folds_variants_only_for_rules_that_allow_it(model):
    canonical, rule = lookup.identify(model, "https://m.news.example/2024/05/story")
    assert canonical == ARTICLE_URL and rule is not None and rule.outlet_id == 1
    channel = "https://video.example/@other/amp/x"
    assert lookup.identify(model, channel)[0] == channel  # this rule does not fold
    assert lookup.identify(model, "https://unknown.example/") == ("https://unknown.example/", None)


def test_single_lookup_document(model):
    loaded = []

    def load(canonical):
        loaded.append(canonical)
        return {"canonical_url": canonical}, {"disputes": [{"id": 1}]}, 2

    body = lookup.single_lookup(
        model, "https://m.news.example/2024/05/story", urls.Resolved(ARTICLE_URL, None), BASE, load
    )
    doc = json.loads(body)
    assert list(doc) == [
        "url",
        "canonical_url",
        "url_sha256",
        "via",
        "data_version",
        "domain_rule",
        "outlet",
        "article",
        "report_links",
    ]
    assert doc["url_sha256"] == url_sha256(ARTICLE_URL) and doc["data_version"] == 3
    assert doc["domain_rule"] == {"host": "news.example", "path_prefix": "", "role": "primary"}
    # the domain rule's outlet (1), not the one the article record names (2)
    assert doc["outlet"] == json.loads(dumps(model.record(1, BASE)))
    assert doc["report_links"] == {"disputes": [{"id": 1}]} and loaded == [ARTICLE_URL]
    assert body == dumps(doc)


def test_no_query_for_a_url_no_article_has(model):
    def load(canonical):
        raise AssertionError("no article has this URL: no query")

    doc = json.loads(
        lookup.single_lookup(
            model,
            "https://news.example/x",
            urls.Resolved("https://news.example/x", None),
            BASE,
            load,
        )
    )
    assert doc["article"] is None and doc["report_links"] == {}
    assert doc["outlet"]["slug"] == "news"


def test_batch_results_in_request_order_with_errors_inline(model):
    items = [ARTICLE_URL, 17, 2**70, "not a url", "https://unknown.example/"]
    doc = json.loads(lookup.batch_lookup(model, items))
    assert doc["data_version"] == 3
    results = doc["results"]
    assert [r["url"] for r in results] == items
    assert results[0]["outlet"]["slug"] == "news" and results[0]["canonical_url"] == ARTICLE_URL
    assert results[1]["error"]["code"] == results[2]["error"]["code"] == "not_a_string"
    assert results[3]["error"]["code"] and results[4]["outlet"] is None
    assert model.batch_results.get(ARTICLE_URL) is not None  # kept for the next batch


@pytest.mark.parametrize(
    ("items", "code"), [({"a": 1}, "bad_request"), (["https://a.example/"] * 101, "too_many_urls")]
)
def test_batch_refuses_what_is_not_a_short_list(model, items, code):
    with pytest.raises(BadRequest) as err:
        lookup.batch_lookup(model, items)
    assert err.value.code == code and err.value.field == "urls"
