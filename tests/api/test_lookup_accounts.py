"""Outlets' accounts through the lookup API (issue 17): the seed's RT accounts on X, YouTube
and Telegram, their posts and their platform aliases answer RT; neighbouring accounts that
share a prefix do not."""

from __future__ import annotations

import pytest

RT_ACCOUNTS = [
    "https://x.com/RT_com",
    "https://www.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg",
    "https://t.me/rt_russian",
]


def outlet_of(client, url):
    resp = client.get("/api/v1/lookup", query_string={"url": url})
    assert resp.status_code == 200
    body = resp.get_json()
    return body["outlet"]["slug"] if body["outlet"] else None, body["domain_rule"]


@pytest.mark.parametrize("url", RT_ACCOUNTS)
def test_the_issues_account_urls_answer_rt(seeded, client, url):
    slug, rule = outlet_of(client, url)
    assert slug == "rt"
    assert rule["role"] == "account"


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/RT_com/status/1234567890123456789",
        "https://twitter.com/rt_com/status/1",
        "https://mobile.twitter.com/RT_COM",
        "https://m.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg/videos",
        # a channel's live video: the channel is in the address (a bare watch?v= is not: the
        # extension reads the channel from the video page instead)
        "https://www.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg/live",
        "https://www.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg/streams",
        "https://t.me/rt_russian/12345",
        "https://t.me/s/rt_russian",
        "https://telegram.me/rt_russian",
    ],
)
def test_posts_and_aliases_of_an_account_answer_rt(seeded, client, url):
    assert outlet_of(client, url)[0] == "rt"


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/rtl",
        "https://x.com/RT_comedy",
        "https://www.youtube.com/@rtlnieuws",
        "https://t.me/rt_russian_bot",
        "https://x.com/home",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_neighbouring_accounts_do_not_answer_rt(seeded, client, url):
    assert outlet_of(client, url)[0] != "rt"


def test_the_domain_index_carries_the_account_rules(seeded, client):
    index = client.get("/api/v1/index").get_json()
    rt = next(i for i, o in enumerate(index["outlets"]) if o["slug"] == "rt")
    accounts = {(r[0], r[1].lower()) for r in index["rules"] if r[2] == rt}
    assert {("x.com", "/rt_com"), ("t.me", "/rt_russian")} <= accounts


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        # from the State Media Matrix's social columns (docs/data-sources.md)
        ("https://x.com/cgtn", "cgtn"),
        ("https://twitter.com/CGTNFrancais/status/1", "cgtn"),
        ("https://t.me/tass_agency", "tass"),
        ("https://www.youtube.com/channel/UCeNCijkbeRTVCKOc6DIBwbg", "ria-novosti"),
        ("https://www.tiktok.com/@rosgaz", "rossiyskaya-gazeta"),
        ("https://x.com/telesurenglish", "telesur"),
        # from the stored @BBCNews profile page
        ("https://x.com/BBCWorld", "bbc"),
        ("https://www.instagram.com/bbcnews/", "bbc"),
    ],
)
def test_seeded_outlets_accounts_answer_their_outlet(seeded, client, url, slug):
    assert outlet_of(client, url)[0] == slug


@pytest.mark.parametrize(
    "url", ["https://t.me/rian_ru_bot", "https://x.com/cctv.chinese", "https://x.com/cgtnx"]
)
def test_left_out_or_neighbouring_accounts_answer_nothing(seeded, client, url):
    assert outlet_of(client, url)[0] is None


RT_VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcR"


def test_a_video_recorded_as_an_outlets_article_answers_that_outlet(seeded, app, client):
    """No domain rule claims a video's address (YouTube rules name channels); once a maintainer
    records the video as an article of RT's, the lookup answers RT for it, in the spellings
    that canonicalize alike (not yet youtu.be/…, m.youtube.com/… or a &t= start time: the
    canonical form keeps them apart)."""
    from server import accounts, db

    assert outlet_of(client, RT_VIDEO) == (None, None), "unrecorded: the video names no channel"
    with app.app_context():
        session = db.session()
        user = accounts.get_or_create_user(session, "vera", "editor")
        token, _row = accounts.issue_token(session, user, name="test")
        session.commit()
    resp = client.post(
        "/api/v1/articles",
        json={"url": RT_VIDEO + "&feature=share", "outlet": "rt", "title": "RT on YouTube"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["outlet"] == "rt"
    for spelling in (RT_VIDEO, "http://youtube.com/watch?v=dQw4w9WgXcR&si=abc&utm_source=x"):
        body = client.get("/api/v1/lookup", query_string={"url": spelling}).get_json()
        assert body["outlet"]["slug"] == "rt", spelling
        assert body["domain_rule"] is None, "no rule: the article record names the outlet"
        assert body["article"]["title"] == "RT on YouTube"
    assert outlet_of(client, "https://www.youtube.com/watch?v=AnOtHeRvId0") == (None, None)
