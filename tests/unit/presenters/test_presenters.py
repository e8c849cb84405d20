"""The record parts' JSON shapes: member names and order are the public API's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from orjson import Fragment

from server.matching import PathFold
from server.presenters.article import article
from server.presenters.citation import citation, citation_with_quote
from server.presenters.domain_rule import domain_rule, matched_rule
from server.presenters.label import label
from server.presenters.outlet import outlet_summary, record_body, with_record_url
from server.presenters.relation import entity_detail, ownership_document, path_step, subject_ref
from server.presenters.values import iso, month_year, number
from server.web.jsonbytes import dumps

D = dt.date(2024, 5, 6)
OUTLET = SimpleNamespace(
    slug="news",
    name="News",
    other_names=None,
    description=None,
    country="XX",
    languages=("en",),
    kind="private",
    founded="1999-03-04",
    website=None,
    wikidata_qid=None,
    status="active",
    version=3,
)


def test_values():
    assert iso(D) == "2024-05-06" and iso("2024-05-06") == "2024-05-06"
    assert iso(None) is None and iso(dt.datetime(2024, 5, 6, 7, 8)) == "2024-05-06T07:08:00"
    assert number(Decimal("12.50")) == 12.5 and number(None) is None


def test_month_year_says_when_a_fact_was_stated():
    assert month_year(dt.date(2018, 8, 2)) == "Aug 2018" == month_year("2018-08-02")
    assert month_year("2018") == "2018" and month_year(None) == "" and month_year("soon") == ""


def test_citation_shapes():
    assert citation(None, "t", "p", D, None) is None
    archived = "https://web.archive.org/web/2024/https://c.example"
    assert citation("https://c.example", "t", "p", D, archived) == {
        "url": "https://c.example",
        "title": "t",
        "publisher": "p",
        "accessed": "2024-05-06",
        "archived_url": archived,
    }
    c = SimpleNamespace(
        url="https://c.example",
        title=None,
        publisher=None,
        accessed=None,
        quote="q",
        archived_url=None,
    )
    assert list(citation_with_quote(c)) == [
        *("url", "title", "publisher", "accessed", "archived_url"),
        "quote",
    ]
    assert citation_with_quote(None) is None


def test_domain_rule_and_match():
    assert domain_rule("a.example", "", "primary", True, ()) == {
        "host": "a.example",
        "path_prefix": "",
        "role": "primary",
        "fold_variants": True,
        "path_folds": [],
    }
    folds = (PathFold("/cnn", ""), PathFold("/news/amp", "/news"))
    assert domain_rule("amp.cnn.com", "", "mirror", True, folds)["path_folds"] == [
        {"prefix": "/cnn", "replacement": ""},
        {"prefix": "/news/amp", "replacement": "/news"},
    ]
    assert list(matched_rule("a.example", "/@x", "channel")) == ["host", "path_prefix", "role"]


def test_label_members_in_order():
    assert list(label("sanctioned", "EU", None, D, None, D, None)) == [
        "kind",
        "issuer",
        "text",
        "since",
        "until",
        "as_of",
        "citation",
    ]


def test_edge_and_ownership_document():
    subject = subject_ref("outlet", "news", "News")
    detail = entity_detail("holding", "Holding", "company", None)
    e = path_step(subject, "owned_by", detail, Decimal("51.00"), None, None, D, None)
    assert list(e) == ["subject", "kind", "object", "share", "since", "until", "as_of", "citation"]
    assert e["share"] == 51.0 and e["subject"] == {"type": "outlet", "slug": "news", "name": "News"}
    doc = ownership_document([[e]], [detail], False)
    assert list(doc) == ["paths", "ultimate_owners", "truncated"]


def test_record_members_end_with_record_url_and_take_fragments():
    body = record_body(OUTLET, None, Fragment(b"[]"), [], Fragment(b'{"paths":[]}'))
    record = with_record_url(body, "https://m.example")
    assert list(record)[-6:] == [
        "version",
        "citation",
        "domains",
        "labels",
        "ownership",
        "record_url",
    ]
    assert record["record_url"] == "https://m.example/outlets/news"
    assert record["other_names"] == [] and record["languages"] == ["en"]
    assert dumps(record).endswith(
        b'"domains":[],"labels":[],"ownership":{"paths":[]},"record_url":"https://m.example/outlets/news"}'
    )
    assert outlet_summary(OUTLET) == {
        "slug": "news",
        "name": "News",
        "kind": "private",
        "country": "XX",
        "version": 3,
    }


def test_article_with_and_without_story():
    assert article("https://a.example/x", None, D, None, "ignored")["story"] is None
    assert article("https://a.example/x", "T", D, "s", "Story")["story"] == {
        "slug": "s",
        "title": "Story",
    }
