"""A domain rule's path folds on the maintainer pages: written one per line, saved through
the curation service, shown on the outlet page and in the history, refused beside the field
when a line is not a fold, and used by the lookup at once."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from server import db
from server.admin.forms import check_path_fold_lines, fold_text, path_folds
from server.models import DomainRule

from .test_edits import add_outlet, field_error

AMP_PAGE = "https://amp.example-news.test/edition/2024/05/01/story"


def rule_of(app, host: str) -> DomainRule:  # type: ignore[no-untyped-def]
    with app.app_context():
        found = db.session().scalar(select(DomainRule).where(DomainRule.host == host))
        assert found is not None
        return found


def test_fold_lines_are_read_and_written_alike():
    text = "/Edition -> /\n\n/news/amp -> /news\n/x ->"
    assert path_folds(text) == [
        {"prefix": "/Edition", "replacement": ""},
        {"prefix": "/news/amp", "replacement": "/news"},
        {"prefix": "/x", "replacement": ""},
    ]
    assert [fold_text(f) for f in path_folds(text)][:2] == ["/Edition -> /", "/news/amp -> /news"]
    assert check_path_fold_lines(text) == text


def test_a_new_domain_rule_with_path_folds_is_saved_and_looked_up(app, editor, client) -> None:
    add_outlet(editor)
    resp = editor.submit(
        "/admin/outlets/example-news/domains/new",
        {"host": "amp.example-news.test", "role": "mirror", "path_folds": "/Edition -> /"},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    rule = rule_of(app, "amp.example-news.test")
    assert rule.path_folds == [{"prefix": "/edition", "replacement": ""}]
    html = editor.text("/admin/outlets/example-news")
    assert "<code>/edition -&gt; /</code>" in html
    body = client.get("/api/v1/lookup", query_string={"url": AMP_PAGE}).get_json()
    assert body["canonical_url"] == "https://example-news.test/2024/05/01/story"
    assert body["outlet"]["slug"] == "example-news"


def test_editing_path_folds_shows_them_and_records_the_change(app, editor) -> None:
    add_outlet(editor)
    rule = rule_of(app, "example-news.test")
    path = f"/admin/domains/{rule.id}/edit"
    resp = editor.submit(path, {"path_folds": "/print -> /Story\n/news/amp -> /news"})
    assert resp.status_code == 302
    html = editor.text(path)
    textarea = re.search(r'<textarea[^>]*name="path_folds"[^>]*>([^<]*)</textarea>', html)
    assert (
        textarea and unescape(textarea.group(1)).strip() == "/print -> /Story\n/news/amp -> /news"
    )
    assert rule_of(app, "example-news.test").path_folds == [
        {"prefix": "/print", "replacement": "/Story"},
        {"prefix": "/news/amp", "replacement": "/news"},
    ]
    history = editor.text(f"/admin/history/domain_rule/{rule.id}")
    assert "/print -&gt; /Story, /news/amp -&gt; /news" in history


def test_a_line_that_is_not_a_fold_is_shown_next_to_the_field(app, editor) -> None:
    add_outlet(editor)
    rule = rule_of(app, "example-news.test")
    path = f"/admin/domains/{rule.id}/edit"
    for text, message in [
        ("/cnn", "line 1: write a fold as '/prefix -> /replacement'"),
        ("/ok -> /\ncnn -> /", "line 2: a path fold's prefix must start with '/'"),
        ("/a -> /a/b", "would be folded again by the prefix /a"),
    ]:
        resp = editor.submit(path, {"path_folds": text})
        assert resp.status_code == 400
        error = field_error(resp.get_data(as_text=True), "path_folds") or ""
        assert message in error, error
    assert rule_of(app, "example-news.test").path_folds == []
