"""Privacy mode over HTTP with more than k articles: the index's article-key set and its
bucket length, and the buckets the hash endpoint answers at that length."""

from __future__ import annotations

import json

from server.models import ReportLink, Story
from server.read.key_set import K_ANONYMITY, PAD_BYTES
from tests import factories


def _dataset(session) -> set[str]:  # type: ignore[no-untyped-def]
    """240 articles with a published link, 5 through their story's link only, 30 without
    one (no link, or a pending one); returns the hashes of the ones with links."""
    outlet = factories.outlet(session, "harbour-ledger", hosts=["harbour-ledger.example"])
    linked = set()
    for i in range(240):
        a = factories.article(session, f"https://harbour-ledger.example/{i}", outlet_id=outlet.id)
        factories.report_link(session, a, f"https://factcheck.example/{i}")
        linked.add(a.url_sha256)
    story = Story(slug="the-affair", title="The affair")
    session.add(story)
    session.flush()
    for i in range(5):
        a = factories.article(
            session, f"https://harbour-ledger.example/story/{i}", story_id=story.id
        )
        linked.add(a.url_sha256)
    session.add(ReportLink(story_id=story.id, report_url="https://x.example/s", relation="context"))
    for i in range(30):
        a = factories.article(session, f"https://harbour-ledger.example/plain/{i}")
        if i % 2:
            factories.report_link(session, a, f"https://pending.example/{i}", status="pending")
    session.commit()
    return linked


def test_every_bucket_at_the_published_length_holds_k_articles_with_links(app, db_session):
    linked = _dataset(db_session)
    client = app.test_client()
    keys = client.get("/api/v1/index").get_json()["article_keys"]
    short = [keys["keys"][i : i + 8] for i in range(0, len(keys["keys"]), 8)]
    assert sorted(short) == short == sorted(h[:8] for h in linked)
    assert keys["count"] == len(linked) == 245 and keys["k"] == K_ANONYMITY
    bits, digits = keys["prefix_bits"], keys["prefix_hex_digits"]
    assert 1 <= bits <= 2 and digits == 1  # 245 keys: 2 or 4 buckets of >= 50
    seen: set[str] = set()
    for bucket in range(1 << bits):
        prefix = f"{bucket << (4 - bits):x}"
        resp = client.get(f"/api/v1/reports/hash/{prefix}")
        assert resp.status_code == 200 and len(resp.data) % PAD_BYTES == 0
        articles = json.loads(resp.data)["articles"]
        assert len(articles) >= K_ANONYMITY
        hashes = {a["url_sha256"] for a in articles}
        assert all(int(h[0], 16) >> (4 - bits) == bucket for h in hashes)
        seen |= hashes
    assert seen == linked  # every article with links, in exactly one bucket; no others
    # A longer prefix, or one with a bit set past prefix_bits ("1" at 1 or 2 bits), is refused.
    for bad in ("00", "1", f"{linked.pop()[:5]}"):
        resp = client.get(f"/api/v1/reports/hash/{bad}")
        assert resp.status_code == 400, bad
        assert resp.get_json()["error"]["code"] == "bad_prefix"
