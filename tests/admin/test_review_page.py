"""The review queue page and the "mark reviewed" buttons, on the seeded data."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from server import db
from server.models import Citation, Label, Revision

TODAY = dt.date.today()


def test_the_queue_links_each_due_fact_to_its_record(seeded, editor) -> None:
    html = editor.text("/admin/review")
    assert "Due for review" in html and 'href="/admin/review"' in html
    total = int(re.search(r"(\d+) due on", html).group(1))  # type: ignore[union-attr]
    assert total > 0
    first = re.search(r'<tr id="(relation|label)-(\d+)">', html)
    assert first is not None
    kind, ident = first.groups()
    assert f'href="/admin/{kind}s/{ident}/edit"' in html
    assert f'action="/admin/{kind}s/{ident}/reviewed"' in html


def test_mark_reviewed_from_the_queue_takes_the_fact_off_it(app, seeded, editor) -> None:
    html = editor.text("/admin/review")
    kind, ident = re.search(r'<tr id="(relation|label)-(\d+)">', html).groups()  # type: ignore[union-attr]
    row = html[html.index(f'<tr id="{kind}-{ident}">') :]
    version = re.search(r'name="version" value="(\d+)"', row).group(1)  # type: ignore[union-attr]
    resp = editor.post(
        f"/admin/{kind}s/{ident}/reviewed",
        {"version": version, "back": "queue"},
        page="/admin/review",
    )
    assert resp.status_code == 302 and resp.headers["Location"] == "/admin/review"
    after = editor.text("/admin/review")
    assert "marked reviewed" in after and f'<tr id="{kind}-{ident}">' not in after
    with app.app_context():
        rev = db.session().scalar(select(Revision).order_by(Revision.id.desc()).limit(1))
        assert rev is not None and (rev.record_type, rev.record_id) == (kind, int(ident))
        assert rev.actor == "erin"


def test_the_edit_page_says_when_the_fact_was_checked_and_marks_it(app, seeded, editor) -> None:
    with app.app_context():
        label = db.session().scalar(select(Label).order_by(Label.id).limit(1))
        assert label is not None
        label_id, version = label.id, label.version
    html = editor.text(f"/admin/labels/{label_id}/edit")
    assert "Source last checked" in html and "Review due" in html
    stale = editor.post(
        f"/admin/labels/{label_id}/reviewed",
        {"version": str(version + 5)},
        page=f"/admin/labels/{label_id}/edit",
    )
    assert stale.status_code == 302
    assert "changed since this page was loaded" in editor.text(f"/admin/labels/{label_id}/edit")
    ok = editor.post(
        f"/admin/labels/{label_id}/reviewed",
        {"version": str(version)},
        page=f"/admin/labels/{label_id}/edit",
    )
    assert ok.status_code == 302 and ok.headers["Location"].endswith(f"/labels/{label_id}/edit")
    html = editor.text(f"/admin/labels/{label_id}/edit")
    assert f"Source last checked {TODAY.isoformat()}" in html
    due = (TODAY + dt.timedelta(days=90)).isoformat()
    assert f"due for review {due}" in html
    with app.app_context():
        slug = db.session().get(Label, label_id).outlet.slug  # type: ignore[union-attr]
    outlet_page = editor.text(f"/admin/outlets/{slug}")
    assert "Review due" in outlet_page and f"<td>{due}</td>" in outlet_page
    with app.app_context():
        label = db.session().get(Label, label_id)
        assert label is not None and label.version == version + 1
        assert db.session().get(Citation, label.citation_id).accessed == TODAY  # type: ignore[union-attr]


def test_the_citation_form_edits_the_archived_copy(app, seeded, editor) -> None:
    with app.app_context():
        cid = db.session().scalar(select(Citation.id).order_by(Citation.id).limit(1))
    path = f"/admin/citations/{cid}/edit"
    bad = editor.submit(path, {"archived_url": "not a url"})
    assert bad.status_code == 400
    archived = "https://web.archive.org/web/2024/https://example.org/"
    assert editor.submit(path, {"archived_url": archived}).status_code == 302
    with app.app_context():
        assert db.session().get(Citation, cid).archived_url == archived  # type: ignore[union-attr]
