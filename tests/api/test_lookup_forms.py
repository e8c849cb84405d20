"""Every way a real link reaches an article (issue #14): archives, AMP, translation and
annotation proxies, click wrappers, bare addresses and tracking parameters all give the
outlet and the article's key, in the single and the batch lookup."""

from __future__ import annotations

import pytest

RT_ARTICLE = "https://rt.com/news/398374-russia-syria-losses-reuters"
WWW = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"

FORMS = [
    # (address as met, via kind or None, captured date or None)
    ("https://web.archive.org/web/20170802120000/" + WWW, "archive", "2017-08-02"),
    ("https://web.archive.org/web/2017/" + WWW, "archive", None),
    ("https://web.archive.org/web/20170802120000id_/" + WWW, "archive", "2017-08-02"),
    ("https://archive.ph/2017.08.02-120000/" + WWW, "archive", "2017-08-02"),
    ("https://archive.is/20170802120000/" + WWW, "archive", "2017-08-02"),
    (
        "https://www.google.com/amp/s/www.rt.com/news/398374-russia-syria-losses-reuters/amp/",
        "amp",
        None,
    ),
    (
        "https://www-rt-com.cdn.ampproject.org/c/s/www.rt.com/news/398374-russia-syria-losses-reuters/",
        "amp",
        None,
    ),
    (WWW + "?outputType=amp/", None, None),
    (
        "https://www-rt-com.translate.goog/news/398374-russia-syria-losses-reuters/"
        "?_x_tr_sl=en&_x_tr_tl=de&_x_tr_hl=de",
        "translation",
        None,
    ),
    ("https://via.hypothes.is/" + WWW, "proxy", None),
    (
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.rt.com%2Fnews%2F398374-russia-syria-"
        "losses-reuters%2F&h=AT0",
        "redirect",
        None,
    ),
    (
        "https://lm.facebook.com/l.php?u=https%3A%2F%2Fwww.rt.com%2Fnews%2F398374-russia-syria-losses-reuters%2F",
        "redirect",
        None,
    ),
    ("https://www.google.com/url?q=" + WWW + "&sa=U", "redirect", None),
    (
        "https://out.reddit.com/t3_abc?url=https%3A%2F%2Fwww.rt.com%2Fnews%2F398374-russia-syria-losses-reuters%2F&token=x",
        "redirect",
        None,
    ),
    ("rt.com/news/398374-russia-syria-losses-reuters", None, None),
    ("\ufeffhttps://www.rt.com/news/398374-russia-syria-losses-reuters/", None, None),
    ("\u200bwww.rt.com/news/398374-russia-syria-losses-reuters", None, None),
    # Nested: a Google click wrapper around an archive copy reports the archive.
    (
        "https://www.google.com/url?q=https%3A%2F%2Fweb.archive.org%2Fweb%2F20170802120000%2F"
        "https%3A%2F%2Fwww.rt.com%2Fnews%2F398374-russia-syria-losses-reuters%2F",
        "archive",
        "2017-08-02",
    ),
]


@pytest.mark.parametrize(("address", "kind", "captured"), FORMS)
def test_every_form_reaches_rt_and_the_article(seeded, client, address, kind, captured):
    resp = client.get("/api/v1/lookup", query_string={"url": address})
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["url"] == address
    assert body["canonical_url"] == RT_ARTICLE
    assert body["outlet"]["slug"] == "rt"
    assert body["article"]["canonical_url"] == RT_ARTICLE
    assert "disputes" in body["report_links"]
    if kind is None:
        assert body["via"] is None
    else:
        assert body["via"]["kind"] == kind and body["via"]["captured"] == captured


def test_batch_unwraps_the_same_forms(seeded, client):
    addresses = [address for address, _, _ in FORMS]
    resp = client.post("/api/v1/lookup", json={"urls": addresses})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["canonical_url"] for r in results] == [RT_ARTICLE] * len(FORMS)
    assert {r["outlet"]["slug"] for r in results} == {"rt"}
    assert [r["via"]["kind"] if r["via"] else None for r in results] == [k for _, k, _ in FORMS]


def test_bare_cnn_address_is_read_as_https(seeded, client):
    resp = client.get(
        "/api/v1/lookup", query_string={"url": "www.cnn.com/2017/09/13/politics/story/index.html"}
    )
    body = resp.get_json()
    assert resp.status_code == 200
    assert body["canonical_url"] == "https://cnn.com/2017/09/13/politics/story"
    assert body["outlet"]["slug"] == "cnn"


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        (
            "https://www.nytimes.com/2017/08/02/world/a.html?_r=0",
            "https://nytimes.com/2017/08/02/world/a.html",
        ),
        (
            "https://www.dailymail.co.uk/news/article-1/x.html?ITO=1490&ns_mchannel=rss&ns_campaign=1490",
            "https://dailymail.co.uk/news/article-1/x.html",
        ),
        (
            "https://www.theguardian.com/world/2017/aug/02/x?CMP=share_btn_tw",
            "https://theguardian.com/world/2017/aug/02/x",
        ),
    ],
)
def test_tracking_parameters_do_not_split_an_article(seeded, client, address, canonical):
    body = client.get("/api/v1/lookup", query_string={"url": address}).get_json()
    assert body["canonical_url"] == canonical


def test_an_invisible_character_inside_is_named(seeded, client):
    resp = client.get(
        "/api/v1/lookup", query_string={"url": "https://www.rt.com/news/3983\u200b74-russia"}
    )
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert error["field"] == "url" and "ZERO WIDTH SPACE" in error["message"]
