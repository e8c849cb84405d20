"""Adding an article or a report link by URL alone fetches the page (SSRF-safe fetcher) and
fills title, date, author, outlet and ClaimReview rating. Pages are served by a real HTTP
server on 127.0.0.1, reachable only when MASTHEAD_FETCH_ALLOW lists it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server import db
from server.fetcher import clear_cache
from server.models import Article, DataVersion, ReportLink, Revision

PAGES = Path(__file__).resolve().parent.parent / "fetcher" / "pages"
ROUTES = {
    "/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A": "reuters_russia_denies.html",
    "/factcheck": "factcheck_claimreview.html",
}
REUTERS_PATH = "/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A"


class Pages(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        name = ROUTES.get(self.path)
        body = (PAGES / name).read_bytes() if name else b"<html><title>gone</title></html>"
        self.send_response(200 if name else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_cached_fetches() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def allow_local(seeded):  # type: ignore[no-untyped-def]
    seeded.config["FETCH_ALLOW"] = "127.0.0.1"
    return seeded


def _counts(app) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        s = db.session()
        return (
            s.scalar(select(func.count()).select_from(Article)),
            s.scalar(select(func.count()).select_from(ReportLink)),
            s.scalar(select(func.count()).select_from(Revision)),
            s.scalar(select(DataVersion.version)),
        )


def test_article_by_url_is_filled_from_the_page(allow_local, editor, pages):
    resp = editor.post("/articles", {"url": pages + REUTERS_PATH})
    assert resp.status_code == 201, resp.get_json()
    article = resp.get_json()
    assert article["title"] == "Russia denies Reuters report on rise in Syria losses"
    assert article["outlet"] == "reuters"  # via the page's canonical uk.reuters.com URL
    assert article["author"] == "Reuters Staff"
    assert article["published"] == "2017-08-02"
    assert article["language"] == "en"


def test_report_link_by_url_is_filled_and_explicit_fields_win(allow_local, editor, pages):
    resp = editor.post(
        "/report-links",
        {
            "article_url": "https://www.rt.com/news/398999-another-rt-story/",
            "relation": "disputes",
            "report_url": pages + REUTERS_PATH,
            "report_author": "Maria Tsvetkova",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    link = resp.get_json()
    assert link["report_title"] == "Russia denies Reuters report on rise in Syria losses"
    assert link["report_outlet"] == "reuters"
    assert link["report_published"] == "2017-08-02"
    assert link["report_author"] == "Maria Tsvetkova"  # the maintainer's value, not the page's
    article = editor.get(f"/articles/{link['article_id']}").get_json()
    assert article["outlet"] == "rt" and article["title"] is None  # the article is not fetched


def test_claimreview_rating_is_filled(allow_local, editor, pages):
    resp = editor.post(
        "/report-links",
        {
            "article_url": "https://www.rt.com/news/398374-russia-syria-losses-reuters/",
            "relation": "fact_check",
            "report_url": pages + "/factcheck",
        },
    )
    assert resp.status_code == 201, resp.get_json()
    link = resp.get_json()
    assert link["rating"] == "Mostly false"
    assert link["report_title"].startswith("Fact check: No, the ministry")


def test_fetch_preview_says_what_would_be_filled_and_writes_nothing(allow_local, editor, pages):
    before = _counts(allow_local)
    resp = editor.post("/fetch", {"url": pages + REUTERS_PATH})
    assert resp.status_code == 200
    fill = resp.get_json()
    assert fill["outlet"] == "reuters" and fill["author"] == "Reuters Staff"
    assert fill["published"] == "2017-08-02"
    assert fill["metadata"]["canonical_url"].startswith("http://uk.reuters.com/")
    assert _counts(allow_local) == before
    assert editor.post("/fetch", {"url": "ftp://x.example/"}).status_code == 422


def test_default_policy_refuses_loopback_and_nothing_is_created(seeded, editor, pages):
    assert seeded.config["FETCH_ALLOW"] == ""
    before = _counts(seeded)
    resp = editor.post("/articles", {"url": pages + REUTERS_PATH})
    assert resp.status_code == 422
    error = resp.get_json()["error"]
    assert error["code"] == "refused_address" and error["field"] == "url"
    resp = editor.post(
        "/report-links",
        {
            "article_url": "https://www.rt.com/news/398999-another-rt-story/",
            "relation": "disputes",
            "report_url": pages + REUTERS_PATH,
        },
    )
    assert resp.status_code == 422 and resp.get_json()["error"]["field"] == "report_url"
    assert editor.post("/fetch", {"url": pages + REUTERS_PATH}).status_code == 422
    assert _counts(seeded) == before


def test_a_page_that_fails_is_a_502_and_nothing_is_created(allow_local, editor, pages):
    before = _counts(allow_local)
    resp = editor.post("/articles", {"url": pages + "/missing"})
    assert resp.status_code == 502
    assert resp.get_json()["error"]["code"] == "http_error"
    assert _counts(allow_local) == before


def test_fetch_false_or_a_title_skips_the_fetch(seeded, editor, pages):
    resp = editor.post("/articles", {"url": pages + "/anything", "fetch": False})
    assert resp.status_code == 201 and resp.get_json()["title"] is None
    resp = editor.post("/articles", {"url": pages + "/other", "title": "Given"})
    assert resp.status_code == 201 and resp.get_json()["title"] == "Given"


def test_cli_fetch_prints_json_or_fails_with_the_reason(allow_local, runner, pages):
    result = runner.invoke(args=["fetch", pages + REUTERS_PATH])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Russia denies Reuters report on rise in Syria losses"
    assert data["outlet"] == "reuters"
    allow_local.config["FETCH_ALLOW"] = ""
    clear_cache()
    refused = runner.invoke(args=["fetch", pages + REUTERS_PATH])
    assert refused.exit_code != 0
    assert "refused" in refused.stderr.lower() or "not allowed" in refused.stderr.lower()
    bad = runner.invoke(args=["fetch", "not a url"])
    assert bad.exit_code != 0
