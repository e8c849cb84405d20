"""Report links (paste a URL, preview the fetched metadata, adjust, save) and the
suggestions queue, on the seeded reference scenario."""

from __future__ import annotations

from sqlalchemy import func, select

from server import db, urls
from server.models import Article, Outlet, ReportLink, Suggestion

from .conftest import page_form

RT_ARTICLE = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"
NEW = "/admin/report-links/new"


def scalar(app, stmt):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session().scalar(stmt)


def links(app) -> int:  # type: ignore[no-untyped-def]
    return scalar(app, select(func.count()).select_from(ReportLink))


def preview(editor, report_url: str, article_url: str = RT_ARTICLE):  # type: ignore[no-untyped-def]
    html = editor.text(f"{NEW}?article_url={article_url}")
    fields = page_form(html, has="report_url")
    fields.update({"report_url": report_url, "action": "fetch"})
    return editor.client.post(NEW, data=fields)


def test_fetch_previews_the_report_and_writes_nothing(app, seeded, editor, fetch_local) -> None:
    before = links(app)
    resp = preview(editor, f"{fetch_local}/reuters_russia_denies.html")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    html = resp.get_data(as_text=True)
    assert "Fetched from the page" in html
    fields = page_form(html, has="report_url")
    assert fields["report_title"] == "Russia denies Reuters report on rise in Syria losses"
    assert fields["report_published"] == "2017-08-02"
    assert fields["report_outlet"] == "reuters"  # matched from the page's canonical URL
    assert fields["article_url"] == RT_ARTICLE
    assert links(app) == before

    # Adjust, choose the relation, save.
    fields.update({"relation": "disputed_by", "summary": "Reuters reports the denial."})
    fields.pop("action", None)
    resp = editor.client.post(NEW, data={**fields, "action": "save"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:3000]
    assert links(app) == before + 1
    with app.app_context():
        link = db.session().scalars(select(ReportLink).order_by(ReportLink.id.desc())).first()
        assert link.relation == "disputed_by"
        assert link.report_title == "Russia denies Reuters report on rise in Syria losses"
        assert link.summary == "Reuters reports the denial."
        assert link.added_by.name == "erin"
        assert link.report_outlet.slug == "reuters"
        assert link.article.canonical_url == urls.canonicalize(RT_ARTICLE)
    page = editor.text(resp.headers["Location"])
    assert "Report link saved." in page and "Reuters reports the denial." in page


def test_claim_review_rating_is_filled(seeded, editor, fetch_local) -> None:
    resp = preview(editor, f"{fetch_local}/factcheck_claimreview.html")
    html = resp.get_data(as_text=True)
    assert page_form(html, has="report_url")["rating"] == "Mostly false"
    assert "claim: “The defence ministry publishes" in html


def test_fetch_refusal_is_shown_next_to_the_url(app, seeded, editor, page_server) -> None:
    app.config["FETCH_ALLOW"] = ""  # 127.0.0.1 is a private address: refused
    resp = preview(editor, f"{page_server}/reuters_russia_denies.html")
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert 'id="report_url-error"' in html and "could not fetch" in html


def test_report_link_on_a_new_article_creates_the_article(app, seeded, editor) -> None:
    url = "https://www.rt.com/news/400000-new-article/"
    resp = editor.submit(
        f"{NEW}?article_url={url}",
        {
            "report_url": "https://www.reuters.com/article/fact-1",
            "relation": "fact_check",
            "report_title": "A fact check",
            "action": "save",
        },
        has="report_url",
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    article = scalar(app, select(Article).where(Article.canonical_url == urls.canonicalize(url)))
    rt = scalar(app, select(Outlet.id).where(Outlet.slug == "rt"))
    assert article is not None and article.outlet_id == rt


def test_duplicate_report_link_is_refused_with_a_message(seeded, editor) -> None:
    data = {
        "report_url": "http://uk.reuters.com/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A",
        "relation": "disputes",
        "report_title": "dup",
        "action": "save",
    }
    resp = editor.submit(f"{NEW}?article_url={RT_ARTICLE}", data, has="report_url")
    assert resp.status_code == 400
    assert "already linked" in resp.get_data(as_text=True)


def test_report_link_edit_and_stale_conflict(app, seeded, editor) -> None:
    link_id = scalar(app, select(ReportLink.id).order_by(ReportLink.id))
    path = f"/admin/report-links/{link_id}/edit"
    first, second = editor.text(path), editor.text(path)
    assert editor.submit_form(first, path, {"summary": "First summary"}).status_code == 302
    resp = editor.submit_form(second, path, {"summary": "Second summary"})
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "First summary" in html and "Second summary" in html
    assert scalar(app, select(ReportLink.summary).where(ReportLink.id == link_id)) == (
        "First summary"
    )


def suggest(client, **body) -> int:  # type: ignore[no-untyped-def]
    resp = client.post("/api/v1/suggestions", json=body)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    return int(resp.get_json()["id"])


def test_accept_a_report_suggestion(app, seeded, editor) -> None:
    sid = suggest(
        editor.client,
        kind="report",
        page_url=RT_ARTICLE,
        report_url="https://www.reuters.com/article/another-report",
        relation="disputes",
        message="Reuters answered this",
    )
    html = editor.text("/admin/suggestions")
    assert "Reuters answered this" in html and f"#{sid}" in html
    action = f"/admin/suggestions/{sid}/accept"
    fields = page_form(html, action=action)
    assert fields[f"s{sid}-relation"] == "disputes"
    fields[f"s{sid}-report_title"] = "Another report"
    resp = editor.client.post(action, data=fields)
    assert resp.status_code == 302
    row = scalar(app, select(Suggestion).where(Suggestion.id == sid))
    assert row.status == "accepted" and row.reviewed_by_id is not None
    link = scalar(
        app,
        select(ReportLink).where(
            ReportLink.report_url == "https://www.reuters.com/article/another-report"
        ),
    )
    assert link.report_title == "Another report" and link.relation == "disputes"
    assert f"#{sid}" not in editor.text("/admin/suggestions")
    assert f"#{sid}" in editor.text("/admin/suggestions?status=accepted")


def test_reject_needs_a_reason(app, seeded, editor) -> None:
    sid = suggest(
        editor.client,
        kind="correction",
        page_url=RT_ARTICLE,
        message="The founding date is wrong",
    )
    html = editor.text("/admin/suggestions")
    action = f"/admin/suggestions/{sid}/reject"
    fields = page_form(html, action=action)
    editor.client.post(action, data=fields)
    assert scalar(app, select(Suggestion.status).where(Suggestion.id == sid)) == "pending"
    fields[f"s{sid}-reason"] = "The date matches the source"
    editor.client.post(action, data=fields)
    row = scalar(app, select(Suggestion).where(Suggestion.id == sid))
    assert row.status == "rejected" and row.resolution == "The date matches the source"


def test_accepting_a_correction_needs_a_resolution(app, seeded, editor) -> None:
    sid = suggest(
        editor.client, kind="correction", page_url=RT_ARTICLE, message="Wrong founding date"
    )
    html = editor.text("/admin/suggestions")
    action = f"/admin/suggestions/{sid}/accept"
    fields = page_form(html, action=action)
    resp = editor.client.post(action, data=fields)
    assert "not accepted" in editor.text(resp.headers["Location"])
    fields[f"s{sid}-resolution"] = "Fixed the founding date"
    editor.client.post(action, data=fields)
    assert scalar(app, select(Suggestion.status).where(Suggestion.id == sid)) == "accepted"
