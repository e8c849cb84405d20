"""Publication dates from real-world shapes of pages: structured metadata first, then a
marked <time> element, the URL path and htmldate, each reported with its source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import htmldate.utils
import pytest

from server.fetcher.dates import is_future, is_too_early, latest_calendar_date
from server.fetcher.document import parse_html
from server.fetcher.extract import DATE_SOURCES, extract_metadata
from server.fetcher.outletday import is_local_day, utc_moment
from server.fetcher.pagedates import time_element_dates
from server.fetcher.urldates import url_date

PAGES = Path(__file__).parent / "pages"
NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
LEDGER = "https://harbour-ledger.example/news"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def dates(body: bytes, url: str = f"{LEDGER}/story", now: dt.datetime = NOW) -> tuple:
    meta = extract_metadata(body, url, now=now)
    assert meta["published_source"] in (*DATE_SOURCES, None)
    assert meta["modified_source"] in (*DATE_SOURCES, None)
    return meta["published"], meta["published_source"]


def ld(published: str, modified: str | None = None) -> bytes:
    more = f', "dateModified": "{modified}"' if modified else ""
    return (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "H", "datePublished": "{published}"{more}}}</script></head>'
        "<body><p>Text.</p></body></html>"
    ).encode()


# --- saved pages that carry their date only outside the metadata -------------------------------


def test_date_only_in_a_marked_time_element() -> None:
    # the article's own <time class="entry-date published">, not the comment's or the
    # related article's
    assert dates(page("date_in_time_element.html")) == (
        "2021-06-09T08:15:00+02:00",
        "time-element",
    )


def test_date_only_in_visible_text() -> None:
    # "Published on 14 March 2022"; the page's "1985-built" and "founded 1871" are too early
    assert dates(page("date_in_visible_text.html")) == ("2022-03-14", "htmldate")


def test_date_only_in_the_url() -> None:
    body = page("date_in_url_only.html")
    assert dates(body, f"{LEDGER}/2019/11/05/new-pontoon/") == ("2019-11-05", "url")
    # the same page at a dateless URL has no date at all
    assert dates(body, f"{LEDGER}/new-pontoon/") == (None, None)


def test_date_in_the_canonical_url() -> None:
    body = page("date_in_url_only.html").replace(
        b"<head>", b'<head><link rel="canonical" href="/news/2019-11-05-new-pontoon">'
    )
    assert dates(body, f"{LEDGER}/new-pontoon/?utm_source=x") == ("2019-11-05", "url")


def test_structured_metadata_comes_before_the_page() -> None:
    body = page("date_in_visible_text.html").replace(
        b"</head>", b'<meta property="article:published_time" content="2022-03-13"></head>'
    )
    assert dates(body, f"{LEDGER}/2022/03/15/ferry/") == ("2022-03-13", "opengraph")
    meta_only = page("date_in_visible_text.html").replace(
        b"</head>", b'<meta name="dc.date" content="2022-03-12"></head>'
    )
    assert dates(meta_only) == ("2022-03-12", "meta")


def test_json_ld_source_and_modified_source() -> None:
    meta = extract_metadata(ld("2022-03-10T09:00:00+01:00", "2022-03-11"), LEDGER, now=NOW)
    assert (meta["published"], meta["published_source"]) == ("2022-03-10T09:00:00+01:00", "json-ld")
    assert (meta["modified"], meta["modified_source"]) == ("2022-03-11", "json-ld")
    og = extract_metadata(page("opengraph_only.html"), LEDGER, now=NOW)
    assert (og["modified"], og["modified_source"]) == ("2024-03-01T09:00:00-05:00", "opengraph")
    bare = extract_metadata(page("date_in_url_only.html"), LEDGER, now=NOW)
    assert (bare["modified"], bare["modified_source"]) == (None, None)


# --- the outlet's own day for a UTC timestamp --------------------------------------------------


def test_utc_timestamp_takes_the_outlets_day_from_the_url() -> None:
    body = page("date_utc_evening.html")
    url = "https://lakeside-tribune.example/2023/11/08/school-board-bus-routes/"
    meta = extract_metadata(body, url, now=NOW)
    assert (meta["published"], meta["published_source"]) == ("2023-11-08", "url")
    # the modification time stays as the metadata says it
    assert (meta["modified"], meta["modified_source"]) == ("2023-11-09T04:02:10+00:00", "json-ld")
    # the URL agrees, or names no day: the timestamp stands
    same_day = "https://lakeside-tribune.example/2023/11/09/school-board-bus-routes/"
    assert dates(body, same_day) == ("2023-11-09T03:28:35+00:00", "json-ld")


def test_utc_timestamp_is_kept_when_no_zone_gives_the_other_day() -> None:
    # 14:00 UTC is still 8 November nowhere on Earth (UTC-12 makes it 02:00 on the 9th)
    body = ld("2023-11-09T14:00:00Z")
    url = "https://lakeside-tribune.example/2023/11/08/x/"
    assert dates(body, url) == ("2023-11-09T14:00:00+00:00", "json-ld")
    # an explicit local offset is the outlet's own time: never moved
    assert dates(ld("2023-11-09T03:28:35+01:00"), url) == ("2023-11-09T03:28:35+01:00", "json-ld")
    # a date without time is a day already
    assert dates(ld("2023-11-09"), url) == ("2023-11-09", "json-ld")


def test_outlet_day_bounds() -> None:
    moment = utc_moment("2023-11-09T03:28:35+00:00")
    assert moment is not None
    assert is_local_day("2023-11-08", moment)  # UTC-12 .. -3:29
    assert is_local_day("2023-11-09", moment)
    assert not is_local_day("2023-11-10", moment)  # UTC+14 gives 17:28 on the 9th
    assert not is_local_day("2023-11-07", moment)
    late = utc_moment("2023-11-09T22:00:00+00:00")
    assert late is not None and is_local_day("2023-11-10", late)
    assert not is_local_day("2023-11-08", late)
    assert utc_moment("2023-11-09T03:28:35+01:00") is None
    assert utc_moment("2023-11-09") is None


# --- no date in the future, none before 1990 unless the metadata says so ----------------------


def test_a_future_date_is_never_reported() -> None:
    # tomorrow's date in the metadata is skipped, the next source is used
    body = page("date_in_visible_text.html").replace(
        b"</head>",
        b'<meta property="article:published_time" content="2024-06-02T09:00:00+00:00">'
        b'<meta name="dc.date" content="2022-03-12"></head>',
    )
    assert dates(body) == ("2022-03-12", "meta")
    assert dates(ld("2031-01-01T00:00:00Z")) == (None, None)
    # nor from the URL
    assert dates(page("date_in_url_only.html"), f"{LEDGER}/2024/07/01/x/") == (None, None)


def test_dates_before_1990_only_from_structured_metadata() -> None:
    assert dates(ld("1985-03-01")) == ("1985-03-01", "json-ld")
    assert dates(page("date_in_url_only.html"), f"{LEDGER}/1985/03/01/x/") == (None, None)
    old_time = b'<html><body><p><time datetime="1989-12-31">then</time></p></body></html>'
    assert dates(old_time) == (None, None)


def test_future_and_early_rules() -> None:
    # a zoned time is an instant; a bare day is judged where the calendar is furthest ahead
    assert latest_calendar_date(NOW) == dt.date(2024, 6, 2)
    assert not is_future("2024-06-01T11:59:59+00:00", NOW)
    assert is_future("2024-06-01T12:00:01+00:00", NOW)
    assert not is_future("2024-06-02", NOW)  # already 2 June in Kiribati
    assert is_future("2024-06-03", NOW)
    assert not is_future("2024-06-02T08:00:00", NOW)
    assert is_too_early("1989-12-31") and not is_too_early("1990-01-01T00:00:00+00:00")


# --- the pieces --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/2023/05/14/slug/", "2023-05-14"),
        ("https://x.example/home/2017/7/12/unter-uns", "2017-07-12"),
        ("https://x.example/news/20200413/second-suspect", "2020-04-13"),
        ("https://x.example/a/2019-10-22-some-slug.html", "2019-10-22"),
        ("https://x.example/story/2020_06_28/", "2020-06-28"),
        ("https://x.example/2023/10/3-fragen-an-tina/", None),  # "3-fragen" is no day
        ("https://x.example/2018/08/irland-roadtrip.html", None),  # a month is not a day
        ("https://x.example/2023/02/30/x/", None),
        ("https://x.example/id/123456789/", None),
        ("https://x.example/x?date=2020/01/01/", None),  # only the path counts
        ("", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, expected: str | None) -> None:
    assert url_date(url) == expected


def test_time_elements_marked_single_or_none() -> None:
    def times(html: str) -> list[str]:
        tree = parse_html(f"<html><body>{html}</body></html>")
        assert tree is not None
        return time_element_dates(tree)

    marked = '<time datetime="2021-05-01">x</time><time pubdate datetime="2021-05-02">y</time>'
    assert times(marked) == ["2021-05-02"]
    assert times('<time itemprop="datePublished" datetime="2021-05-03T10:00">z</time>') == [
        "2021-05-03T10:00:00"
    ]
    # unmarked ones count only when they all agree on the day
    assert times('<time datetime="2021-05-04T10:00Z"></time><time datetime="2021-05-04">') == [
        "2021-05-04T10:00:00+00:00"
    ]
    assert times('<time datetime="2021-05-04"></time><time datetime="2021-05-05"></time>') == []
    assert times("<time>4 May 2021</time>") == []


def test_htmldate_is_never_asked_to_download(monkeypatch: pytest.MonkeyPatch) -> None:
    downloads: list[str] = []
    monkeypatch.setattr(htmldate.utils, "fetch_url", lambda url: downloads.append(url))
    for body in (b"https://news.example/2020/01/01/story", b"<p>http://news.example/</p>"):
        extract_metadata(body, "https://news.example/story", now=NOW)
    assert downloads == []
