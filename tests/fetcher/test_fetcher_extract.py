"""Metadata extraction as a pure function: bytes + URL in, dict out."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.fetcher.extract import (
    FIELDS,
    decode_html,
    detect_encoding,
    extract_metadata,
    normalize_date,
    normalize_language,
)

PAGES = Path(__file__).parent / "pages"
REUTERS = "http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_reuters_reference_page() -> None:
    meta = extract_metadata(page("reuters_russia_denies.html"), REUTERS, "text/html")
    assert meta["title"] == "Russia denies Reuters report on rise in Syria losses"
    assert meta["publisher"] == "Reuters"
    assert meta["site_name"] == "Reuters UK"
    assert meta["authors"] == ["Reuters Staff"]
    assert meta["published"] == "2017-08-02T10:44:19+00:00"
    assert meta["language"] == "en"
    assert meta["canonical_url"] == REUTERS
    assert meta["description"].startswith("Russia's Defence Ministry on Wednesday denied")
    assert meta["claim_review"] is None


def test_json_ld_graph_wins_over_opengraph_and_meta() -> None:
    url = "https://coastal-ledger.example/2023/05/14/harbour-council-ferry-subsidy/"
    meta = extract_metadata(page("news_article_graph.html"), url)
    assert set(meta) == set(FIELDS)
    assert meta["title"] == "Harbour council approves ferry subsidy after late-night vote"
    # publisher and the first author are @id references into the graph
    assert meta["publisher"] == "Coastal Ledger Media Ltd"
    assert meta["authors"] == ["Alys Whitcombe", "Tomasz Brodzki"]
    assert meta["site_name"] == "The Coastal Ledger"
    assert meta["published"] == "2023-05-14T22:41:07+01:00"
    assert meta["modified"] == "2023-05-15T08:02:55+01:00"
    assert meta["language"] == "en-GB"
    assert meta["description"] == (
        "Councillors voted 7\u20134 to keep the island ferry running through the winter."
    )
    # relative <link rel=canonical> resolved against the page URL, preferred over og:url
    assert meta["canonical_url"] == url


def test_opengraph_only_page() -> None:
    meta = extract_metadata(page("opengraph_only.html"), "https://valley.example/x")
    assert meta["title"] == "Wind farm plan divides valley"
    assert meta["site_name"] == meta["publisher"] == "Valley Courier"
    assert meta["canonical_url"] == (
        "https://www.valley-courier.example/news/wind-farm-plan-divides-valley-1234"
    )
    # article:author is a Facebook URL, not a name: the meta author is used instead
    assert meta["authors"] == ["Dana Okafor"]
    assert meta["published"] == "2024-02-29T07:15:00-05:00"
    assert meta["modified"] == "2024-03-01T09:00:00-05:00"
    assert meta["language"] == "en-US"
    assert meta["description"].startswith("Residents packed the village hall")


def test_plain_meta_tags_and_document_fallbacks() -> None:
    meta = extract_metadata(page("french_meta_only.html"), "https://ouest.example/piscine")
    assert meta["title"] == "La mairie rouvre la piscine municipale après deux ans de travaux"
    assert meta["authors"] == ["Élodie Marchand"]
    assert meta["published"] == "2022-09-03"
    assert meta["publisher"] == "Groupe Presse de l'Ouest"
    assert meta["language"] == "fr-FR"
    assert meta["canonical_url"] == "https://ouest.example/piscine"


def test_fact_check_claim_review() -> None:
    meta = extract_metadata(page("factcheck_claimreview.html"), "https://checkdesk.example/fc")
    review = meta["claim_review"]
    assert review == {
        "claim_reviewed": (
            "The defence ministry publishes the full list of its service members killed in Syria."
        ),
        "rating": "Mostly false",
        "item_reviewed_url": "https://broadcaster.example/news/398374-losses-report/",
        "item_reviewed_author": "Example State Broadcaster",
        "review_url": "https://checkdesk.example/fact-checks/2017/08/ministry-casualty-list/",
    }
    assert meta["published"] == "2017-08-04"
    assert meta["authors"] == ["CheckDesk"]


def test_claim_review_rating_value_and_nested_in_graph() -> None:
    html = b"""<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "x"},
     {"@type": "ClaimReview", "claimReviewed": "Claim", "reviewRating": {"ratingValue": 1},
      "itemReviewed": {"@type": "Claim", "firstAppearance": "https://orig.example/a",
                       "author": {"@type": "Person", "name": "A. Speaker"}}}]}
    </script></head><body></body></html>"""
    review = extract_metadata(html, "https://fc.example/r")["claim_review"]
    assert review["rating"] == "1"
    assert review["item_reviewed_url"] == "https://orig.example/a"
    assert review["item_reviewed_author"] == "A. Speaker"
    assert review["review_url"] == "https://fc.example/r"


@pytest.mark.parametrize("kind", ["AnalysisNewsArticle", "BlogPosting", "Article"])
def test_other_article_types_and_string_authors(kind: str) -> None:
    html = f"""<html lang="de"><head><title>Doc title</title>
    <script type="application/ld+json">[{{"@type": "BreadcrumbList"}},
      {{"@context": "http://schema.org", "@type": "{kind}", "name": "LD name",
        "author": "By Jan Kowalski and Eva Nowak", "datePublished": "2021-03-04",
        "publisher": "Gazeta Przykładowa", "inLanguage": {{"@type": "Language", "name": "pl"}}}}]
    </script></head><body><h1>Heading</h1></body></html>""".encode()
    meta = extract_metadata(html, "https://gazeta.example/a")
    assert meta["title"] == "LD name"
    assert meta["authors"] == ["Jan Kowalski", "Eva Nowak"]
    assert meta["published"] == "2021-03-04"
    assert meta["publisher"] == "Gazeta Przykładowa"
    assert meta["language"] == "pl"


def test_document_itself_is_the_last_resort() -> None:
    html = b"<html lang='es'><body><h1> Solo un   titular </h1><p>texto</p></body></html>"
    meta = extract_metadata(html, "https://x.example/")
    assert meta["title"] == "Solo un titular"
    assert meta["language"] == "es"
    assert meta["authors"] == []
    assert meta["published"] is None


def test_empty_and_garbage_documents_do_not_raise() -> None:
    for body in (b"", b"   ", b"\x00\x01\x02", b"<?xml version='1.0' encoding='utf-8'?><x/>"):
        meta = extract_metadata(body, "https://x.example/")
        assert meta["canonical_url"] == "https://x.example/"
        assert meta["authors"] == []


def test_hostile_json_ld_nesting_does_not_raise() -> None:
    deep = '{"@type": "NewsArticle", "headline": "Deep", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    nested = '{"@type": "NewsArticle", "headline": "Nested", "a": ' + '{"a": ' * 900
    nested += "1" + "}" * 900 + "}"
    for block, title in ((deep, "Doc"), (nested, "Nested")):
        html = f"<html><head><title>Doc</title><script type='application/ld+json'>{block}"
        html += "</script></head></html>"
        assert extract_metadata(html.encode(), "https://x.example/")["title"] == title


def test_windows_1251_from_header_meta_or_nothing() -> None:
    body = page("russian_windows1251.html")
    title = "Минобороны опровергло сообщение о потерях в Сирии"  # noqa: RUF001
    # from the Content-Type header
    meta = extract_metadata(body, "https://vestnik.example/a", "text/html; charset=windows-1251")
    assert meta["title"] == title
    assert meta["authors"] == ["Ирина Соколова"]
    assert meta["published"] == "2017-08-02T14:05:00+03:00"
    assert meta["language"] == "ru"
    # from a <meta charset> when the header has none
    with_meta = body.replace(b"<head>", b'<head><meta charset="windows-1251">')
    assert extract_metadata(with_meta, "https://vestnik.example/a", "text/html")["title"] == title
    # with neither, utf-8 with replacement characters: no crash, no Cyrillic
    assert "\ufffd" in extract_metadata(body, "https://vestnik.example/a")["title"]


def test_encoding_detection_order() -> None:
    assert detect_encoding(b"\xef\xbb\xbf<html>", "text/html; charset=latin-1") == "utf-8-sig"
    assert detect_encoding(b"<html>", 'text/html; charset="KOI8-R"') == "koi8-r"
    assert detect_encoding(b"<html>", "text/html; charset=iso-8859-1") == "cp1252"
    assert detect_encoding(
        b"<meta http-equiv='content-type' content='text/html; charset=gbk'>"
    ) in ("gbk",)
    assert detect_encoding(b"<html>", "text/html; charset=no-such-codec") == "utf-8"
    assert detect_encoding(b"<meta charset=utf-16>") == "utf-8"
    text, enc = decode_html(b"caf\xe9", "text/html")
    assert (text, enc) == ("caf\ufffd", "utf-8")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2017-08-02", "2017-08-02"),
        ("2017-08-02T10:44:19Z", "2017-08-02T10:44:19+00:00"),
        ("2017-08-02T10:44:19.123+03:00", "2017-08-02T10:44:19.123000+03:00"),
        ("Wed, 02 Aug 2017 10:44:19 GMT", "2017-08-02T10:44:19+00:00"),
        ("August 2, 2017", "2017-08-02"),
        ("Wed Aug 02 10:44:19 EDT 2017", "2017-08-02T10:44:19-04:00"),
        ("Wed Aug 02 10:44:19 XYZ 2017", "2017-08-02T10:44:19"),
        ("20170802", "2017-08-02"),
        ("yesterday", None),
        ("12", None),
        ("", None),
        (None, None),
        (["2017-08-02"], "2017-08-02"),
    ],
)
def test_dates_are_iso(raw, expected) -> None:
    assert normalize_date(raw) == expected


def test_language_normalisation() -> None:
    assert normalize_language("fr_FR") == "fr-FR"
    assert normalize_language("EN-gb") == "en-GB"
    assert normalize_language({"@type": "Language", "alternateName": "ru"}) == "ru"
    assert normalize_language("") is None


def _canonical(head: str, url: str = "https://m.ledger.example/story?ref=app") -> str:
    html = f"<html><head><title>T</title>{head}</head><body><p>x</p></body></html>"
    return extract_metadata(html.encode(), url)["canonical_url"]


def test_canonical_url_from_link_rel_canonical() -> None:
    link = '<link rel="canonical" href="https://www.ledger.example/2024/05/story">'
    og = '<meta property="og:url" content="https://og.ledger.example/story">'
    assert _canonical(link + og) == "https://www.ledger.example/2024/05/story"
    # rel is a list of words, compared without case; a relative href is made absolute
    assert _canonical('<link rel="Canonical alternate" href="/a/story">') == (
        "https://m.ledger.example/a/story"
    )


def test_canonical_url_from_og_url() -> None:
    og = '<meta property="og:url" content="https://www.ledger.example/2024/05/story">'
    assert _canonical(og) == "https://www.ledger.example/2024/05/story"
    assert _canonical('<meta property="og:url" content="//www.ledger.example/s">') == (
        "https://www.ledger.example/s"
    )


def test_canonical_url_is_http_or_https_only() -> None:
    bad_link = '<link rel="canonical" href="javascript:alert(1)">'
    ftp_link = '<link rel="canonical" href="ftp://files.ledger.example/story">'
    og = '<meta property="og:url" content="http://www.ledger.example/story">'
    assert _canonical(bad_link + ftp_link + og) == "http://www.ledger.example/story"
    bad_og = '<meta property="og:url" content="data:text/html,hi">'
    assert _canonical(bad_link + bad_og) == "https://m.ledger.example/story?ref=app"
