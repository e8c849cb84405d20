"""The article statement on the raw cursor, grouped report links and hash-prefix buckets."""

from __future__ import annotations

import pytest

from server.read.articles import (
    LinkRow,
    article_and_links,
    grouped_links,
    reports_by_hash_prefix,
)
from server.urls import url_sha256

from .dataset import ARTICLE_URL, rows

REPORT = {
    "id": 1,
    "relation": "disputes",
    "url": "https://checker.example/r",
    "title": "Check",
    "outlet": {"slug": "other", "name": "Other"},
    "published": "2024-05-07",
    "author": None,
    "rating": None,
    "summary": None,
    "attached_to": "article",
}


@pytest.fixture(scope="module")
def engine(load_rows):  # type: ignore[no-untyped-def]
    return load_rows(rows())


def test_one_statement_gives_the_article_and_its_links(engine):
    article, links, outlet_id = article_and_links(
        engine.raw_connection, engine.dialect, ARTICLE_URL
    )
    assert article == {
        "canonical_url": ARTICLE_URL,
        "title": "A story",
        "published": "2024-05-06",
        "story": None,
    }
    assert links == {"disputes": [REPORT]}
    assert outlet_id == 1, "the outlet the article record names"
    assert article_and_links(engine.raw_connection, engine.dialect, "https://x.example/") == (
        None,
        {},
        None,
    )


def test_hash_bucket_holds_the_article_with_its_links(engine):
    digest = url_sha256(ARTICLE_URL)
    with engine.connect() as conn:
        bucket = reports_by_hash_prefix(conn, digest[:6], 24)
        other = "0000" if digest[:4] != "0000" else "ffff"
        assert reports_by_hash_prefix(conn, other, 16) == []
        # Bits past prefix_bits widen the bucket: the first digit at 4 bits, everything at 0.
        assert reports_by_hash_prefix(conn, digest[:1], 4) == bucket
        assert reports_by_hash_prefix(conn, "0", 0) == bucket
    assert bucket == [
        {
            "url_sha256": digest,
            "canonical_url": ARTICLE_URL,
            "title": "A story",
            "published": "2024-05-06",
            "report_links": {"disputes": [REPORT]},
        }
    ]


def _link(id_: int, relation: str, url: str, *, article: int | None, story: int | None) -> LinkRow:
    return LinkRow(id_, article, story, relation, url, None, None, None, None, None, None, None)


def test_the_articles_own_links_come_first_and_the_storys_add_what_is_new():
    rows = [
        _link(1, "context", "https://a.example/1", article=None, story=9),
        _link(2, "context", "https://a.example/2", article=5, story=None),
        _link(3, "context", "https://a.example/2", article=None, story=9),  # the same report
    ]
    grouped = grouped_links(rows, 5, 9)
    assert [(link["id"], link["attached_to"]) for link in grouped["context"]] == [
        (2, "article"),
        (1, "story"),
    ]
    assert grouped_links(rows, 5, None) == {"context": [grouped["context"][0]]}
