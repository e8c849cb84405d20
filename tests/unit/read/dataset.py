"""A small dataset for the read path's unit tests: two outlets, owners, labels, an article."""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.urls import url_sha256

D = dt.date.fromisoformat
ARTICLE_URL = "https://news.example/2024/05/story"
TODAY = dt.date.today()


def rows() -> dict[str, list[dict[str, Any]]]:
    cite = {"title": "Registry", "publisher": "Gov", "accessed": D("2025-01-02")}
    outlet = {
        "other_names": [],
        "description": None,
        "languages": ["en"],
        "founded": None,
        "website": None,
        "wikidata_qid": None,
        "status": "active",
        "version": 1,
    }
    relation = {"share": None, "since": None, "until": None, "as_of": D("2025-01-01")}
    label = {"text": None, "as_of": D("2025-01-01"), "citation_id": 1}
    return {
        "citations": [{"id": 1, "url": "https://registry.example/1", **cite}],
        "entities": [
            {"id": 1, "slug": "holding", "name": "Holding", "kind": "company", "country": "XX"},
            {"id": 2, "slug": "state", "name": "The State", "kind": "government", "country": "XX"},
            {"id": 3, "slug": "former", "name": "Former Owner", "kind": "person", "country": None},
        ],
        "outlets": [
            {"id": 1, "slug": "news", "name": "News", "kind": "private", "country": "XX"}
            | outlet
            | {"citation_id": 1, "other_names": ["The News"], "founded": D("1999-03-04")},
            {"id": 2, "slug": "other", "name": "Other", "kind": "unknown", "country": None}
            | outlet
            | {"citation_id": None},
        ],
        "domain_rules": [
            {"id": 1, "outlet_id": 1, "host": "news.example", "path_prefix": ""}
            | {"role": "primary", "fold_variants": True},
            {"id": 2, "outlet_id": 2, "host": "video.example", "path_prefix": "/@other"}
            | {"role": "channel", "fold_variants": False},
        ],
        "relations": [
            {"id": 1, "subject_outlet_id": 1, "subject_entity_id": None, "object_entity_id": 1}
            | relation
            | {"kind": "owned_by", "citation_id": 1, "share": 51},
            {"id": 2, "subject_outlet_id": None, "subject_entity_id": 1, "object_entity_id": 2}
            | relation
            | {"kind": "controlled_by", "citation_id": 1},
            {"id": 3, "subject_outlet_id": 1, "subject_entity_id": None, "object_entity_id": 3}
            | relation
            | {"kind": "owned_by", "citation_id": 1, "until": D("2010-01-01")},
        ],
        "labels": [
            {"id": 1, "outlet_id": 1, "kind": "state_controlled", "issuer": "Meta"}
            | label
            | {"since": D("2020-01-01"), "until": None},
            {"id": 2, "outlet_id": 1, "kind": "sanctioned", "issuer": "EU"}
            | label
            | {"since": D("2019-01-01"), "until": TODAY - dt.timedelta(days=1)},
        ],
        "stories": [],
        "articles": [
            {"id": 1, "canonical_url": ARTICLE_URL, "url_sha256": url_sha256(ARTICLE_URL)}
            | {"outlet_id": 1, "story_id": None, "title": "A story", "published": D("2024-05-06")}
        ],
        "report_links": [
            {"id": 1, "article_id": 1, "story_id": None, "relation": "disputes"}
            | {"report_url": "https://checker.example/r", "report_title": "Check"}
            | {"report_outlet_id": 2, "report_published": D("2024-05-07"), "status": "published"}
        ],
    }
