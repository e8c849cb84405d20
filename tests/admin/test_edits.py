"""Edit forms: every write goes through the curation service (revisions, versions), errors
appear next to their field, a stale edit shows the newer values instead of overwriting."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from server import db
from server.models import Citation, DomainRule, Entity, Label, Outlet, Relation, Revision

from .conftest import page_form

TODAY_SOURCE = {
    "source_url": "https://example.com/register",
    "source_title": "Company register",
    "source_publisher": "Registry",
}


def one(app, stmt):  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session().scalar(stmt)


def field_error(html: str, field_id: str) -> str | None:
    """The error shown right under the field `field_id`, if any."""
    match = re.search(rf'<span class="error" id="{field_id}-error">([^<]*)</span>', html)
    return unescape(match.group(1)) if match else None


def add_outlet(editor, **fields) -> object:  # type: ignore[no-untyped-def]
    data = {
        "name": "Example News",
        "country": "GB",
        "kind": "private",
        "host": "example-news.test",
        "source_url": "https://example.com/about",
        **fields,
    }
    return editor.submit("/admin/outlets/new", data)


def test_add_outlet_through_the_service(app, editor) -> None:
    resp = add_outlet(editor)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/admin/outlets/example-news"
    outlet = one(app, select(Outlet).where(Outlet.slug == "example-news"))
    assert outlet.country == "GB" and outlet.version == 1 and outlet.citation_id
    rule = one(app, select(DomainRule).where(DomainRule.outlet_id == outlet.id))
    assert rule.host == "example-news.test"
    rev = one(app, select(Revision).where(Revision.record_type == "outlet"))
    assert rev.actor == "erin" and rev.action == "create"
    html = editor.text("/admin/outlets/example-news")
    assert "Outlet Example News added." in html


def test_validation_error_is_shown_next_to_its_field(app, editor) -> None:
    resp = add_outlet(editor, country="UK")
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "not an ISO 3166-1 alpha-2 country code" in (field_error(html, "country") or "")
    assert 'value="UK"' in html  # what was typed is kept
    assert one(app, select(Outlet.id)) is None  # nothing written

    resp = add_outlet(editor, host="co.uk")
    assert "public suffix" in (field_error(resp.get_data(as_text=True), "host") or "")
    resp = add_outlet(editor, founded="not a date")
    assert field_error(resp.get_data(as_text=True), "founded")


def test_owner_with_a_new_entity_and_a_cited_label(app, editor) -> None:
    add_outlet(editor)
    resp = editor.submit(
        "/admin/outlets/example-news/relations/new",
        {
            "kind": "owned_by",
            "object": "",
            "new_owner_name": "Example Holdings",
            "new_owner_kind": "company",
            "new_owner_country": "GB",
            "share": "75.5",
            "since": "2010-01-01",
            **TODAY_SOURCE,
        },
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    entity = one(app, select(Entity).where(Entity.slug == "example-holdings"))
    rel = one(app, select(Relation).where(Relation.object_entity_id == entity.id))
    assert float(rel.share) == 75.5 and rel.citation_id

    resp = editor.submit(
        "/admin/outlets/example-news/labels/new",
        {
            "kind": "state_funded",
            "issuer": "Example Platform",
            "text": "Funded in part by a government",
            **TODAY_SOURCE,
        },
    )
    assert resp.status_code == 302
    html = editor.text("/admin/outlets/example-news")
    assert "Example Holdings" in html and "75.5%" in html
    assert "Example Platform" in html and "Company register" in html


def test_a_label_needs_a_source(app, editor) -> None:
    add_outlet(editor)
    resp = editor.submit(
        "/admin/outlets/example-news/labels/new",
        {"kind": "state_funded", "issuer": "Example Platform", "source_url": ""},
    )
    assert resp.status_code == 400
    assert "a source is required" in (field_error(resp.get_data(as_text=True), "source_url") or "")
    assert one(app, select(Label.id)) is None


def test_relation_needs_an_owner(editor) -> None:
    add_outlet(editor)
    resp = editor.submit(
        "/admin/outlets/example-news/relations/new", {"object": "", **TODAY_SOURCE}
    )
    assert resp.status_code == 400
    assert "Choose an entity" in (field_error(resp.get_data(as_text=True), "object") or "")


def test_edit_outlet_records_a_revision_with_the_comment(app, editor) -> None:
    add_outlet(editor)
    resp = editor.submit(
        "/admin/outlets/example-news/edit",
        {"name": "Example News Daily", "comment": "renamed in 2024"},
    )
    assert resp.status_code == 302
    outlet = one(app, select(Outlet).where(Outlet.slug == "example-news"))
    assert outlet.name == "Example News Daily" and outlet.version == 2
    rev = one(
        app, select(Revision).where(Revision.record_type == "outlet").order_by(Revision.id.desc())
    )
    assert rev.comment == "renamed in 2024"
    assert rev.before["name"] == "Example News" and rev.after["name"] == "Example News Daily"


def test_stale_edit_shows_a_conflict_with_the_newer_values(app, editor) -> None:
    add_outlet(editor)
    path = "/admin/outlets/example-news/edit"
    first = editor.text(path)
    second = editor.text(path)  # two tabs at version 1
    assert page_form(first, has="version")["version"] == "1"
    assert editor.submit_form(first, path, {"name": "Example News One"}).status_code == 302

    resp = editor.submit_form(second, path, {"name": "Example News Two", "country": "IE"})
    assert resp.status_code == 409
    html = resp.get_data(as_text=True)
    assert "Not saved: this record changed while you were editing" in html
    assert "You opened version 1; it is now at version 2" in html
    assert "last saved by <strong>erin</strong>" in html
    conflict = html[html.index('id="conflict"') : html.index("</table>")]
    assert "Example News One" in conflict and "Example News Two" in conflict
    assert "IE" in conflict and "GB" in conflict
    outlet = one(app, select(Outlet).where(Outlet.slug == "example-news"))
    assert outlet.name == "Example News One" and outlet.country == "GB"  # not overwritten

    # The form kept the typed values and moved to version 2: saving again is deliberate.
    again = page_form(html, has="version")
    assert again["version"] == "2" and again["name"] == "Example News Two"
    assert editor.submit_form(html, path).status_code == 302
    outlet = one(app, select(Outlet).where(Outlet.slug == "example-news"))
    assert outlet.name == "Example News Two" and outlet.country == "IE" and outlet.version == 3


def test_form_without_a_version_is_not_applied(app, editor) -> None:
    add_outlet(editor)
    resp = editor.submit("/admin/outlets/example-news/edit", {"name": "X", "version": ""})
    assert resp.status_code == 400
    assert "which version" in resp.get_data(as_text=True)


def test_stale_delete_is_refused(app, editor) -> None:
    add_outlet(editor)
    rule_id = one(app, select(DomainRule.id).where(DomainRule.host == "example-news.test"))
    path = f"/admin/domains/{rule_id}/edit"
    old = editor.text(path)
    assert editor.submit(path, {"role": "mirror"}).status_code == 302
    fields = page_form(old, action=f"/admin/domains/{rule_id}/delete")
    resp = editor.client.post(f"/admin/domains/{rule_id}/delete", data=fields)
    assert resp.status_code == 302
    assert one(app, select(DomainRule.id).where(DomainRule.id == rule_id)) == rule_id
    fields = page_form(editor.text(path), action=f"/admin/domains/{rule_id}/delete")
    editor.client.post(f"/admin/domains/{rule_id}/delete", data=fields)
    assert one(app, select(DomainRule.id).where(DomainRule.id == rule_id)) is None


def test_domain_rule_conflict_names_the_other_outlet(app, editor) -> None:
    add_outlet(editor)
    add_outlet(editor, name="Other", slug="other", host="other.test")
    resp = editor.submit("/admin/outlets/other/domains/new", {"host": "www.example-news.test"})
    assert resp.status_code == 400
    assert "already belongs to outlet 'example-news'" in (
        field_error(resp.get_data(as_text=True), "host") or ""
    )


def test_editing_a_label_source_makes_a_new_citation(app, editor) -> None:
    add_outlet(editor)
    editor.submit(
        "/admin/outlets/example-news/labels/new",
        {"kind": "sanctioned", "issuer": "Council", **TODAY_SOURCE},
    )
    label = one(app, select(Label))
    resp = editor.submit(
        f"/admin/labels/{label.id}/edit", {"source_url": "https://example.com/better-source"}
    )
    assert resp.status_code == 302
    changed = one(app, select(Label))
    assert changed.citation_id != label.citation_id
    old = one(app, select(Citation).where(Citation.id == label.citation_id))
    assert old.url == "https://example.com/register"  # shared citations are not rewritten


def test_citation_edit_page_lists_what_it_supports(app, editor) -> None:
    add_outlet(editor)
    outlet = one(app, select(Outlet).where(Outlet.slug == "example-news"))
    html = editor.text(f"/admin/citations/{outlet.citation_id}/edit")
    assert "outlet facts of" in html and "Example News" in html
    resp = editor.submit(f"/admin/citations/{outlet.citation_id}/edit", {"title": "About us"})
    assert resp.status_code == 302
    assert one(app, select(Citation.title).where(Citation.id == outlet.citation_id)) == "About us"


def test_revert_from_history(app, editor) -> None:
    add_outlet(editor)
    editor.submit("/admin/outlets/example-news/edit", {"name": "Renamed"})
    html = editor.text("/admin/outlets/example-news/history")
    assert "<del>Example News</del>" in html and "<ins>Renamed</ins>" in html
    update = one(
        app,
        select(Revision)
        .where(Revision.record_type == "outlet", Revision.action == "update")
        .order_by(Revision.id.desc()),
    )
    action = f"/admin/revisions/{update.id}/revert"
    fields = page_form(html, action=action)
    assert fields["version"] == "2"
    resp = editor.client.post(action, data=fields)
    assert resp.status_code == 302
    outlet = one(app, select(Outlet).where(Outlet.slug == "example-news"))
    assert outlet.name == "Example News" and outlet.version == 3
    assert "reverted" in editor.text(resp.headers["Location"])


def test_revert_from_a_stale_history_page_is_refused(app, editor) -> None:
    add_outlet(editor)
    editor.submit("/admin/outlets/example-news/edit", {"name": "Renamed"})
    html = editor.text("/admin/outlets/example-news/history")
    editor.submit("/admin/outlets/example-news/edit", {"country": "FR"})
    update = one(
        app,
        select(Revision)
        .where(Revision.record_type == "outlet", Revision.action == "update")
        .order_by(Revision.id),
    )
    action = f"/admin/revisions/{update.id}/revert"
    resp = editor.client.post(action, data=page_form(html, action=action))
    assert "Not reverted: the record changed" in editor.text(resp.headers["Location"])
    assert one(app, select(Outlet.name).where(Outlet.slug == "example-news")) == "Renamed"


def test_deleted_outlet_is_restored_by_reverting_its_deletion(app, browser) -> None:
    from .conftest import make_user

    make_user(app, "ada", "admin")
    browser.sign_in("ada")
    add_outlet(browser)
    html = browser.text("/admin/outlets/example-news")
    fields = page_form(html, action="/admin/outlets/example-news/delete")
    resp = browser.client.post("/admin/outlets/example-news/delete", data=fields)
    assert resp.status_code == 302
    assert one(app, select(Outlet.id).where(Outlet.slug == "example-news")) is None
    history = browser.text(resp.headers["Location"])
    deletion = one(
        app,
        select(Revision).where(Revision.record_type == "outlet", Revision.action == "delete"),
    )
    action = f"/admin/revisions/{deletion.id}/revert"
    assert "Revert: restore it" in history
    browser.client.post(action, data=page_form(history, action=action))
    assert one(app, select(Outlet.id).where(Outlet.slug == "example-news")) is not None
    assert one(app, select(DomainRule.host)) == "example-news.test"  # the cascade came back


def test_editors_cannot_delete_outlets(app, editor) -> None:
    add_outlet(editor)
    html = editor.text("/admin/outlets/example-news")
    assert "/admin/outlets/example-news/delete" not in html
    resp = editor.post(
        "/admin/outlets/example-news/delete", {"version": "1"}, page="/admin/outlets"
    )
    assert resp.status_code == 403


def test_edit_form_posted_without_csrf_token_is_refused(app, editor) -> None:
    add_outlet(editor)
    fields = page_form(editor.text("/admin/outlets/example-news/edit"), has="version")
    fields.pop("csrf_token")
    fields["name"] = "Forged"
    resp = editor.client.post("/admin/outlets/example-news/edit", data=fields)
    assert resp.status_code == 400
    assert "security token" in resp.get_data(as_text=True)
    assert one(app, select(Outlet.name).where(Outlet.slug == "example-news")) == "Example News"


def test_entity_pages_show_owners_and_holdings(app, editor) -> None:
    editor.submit("/admin/entities/new", {"name": "Top Fund", "kind": "fund"})
    editor.submit("/admin/entities/new", {"name": "Mid Co", "kind": "company"})
    resp = editor.submit(
        "/admin/entities/mid-co/relations/new",
        {"kind": "controlled_by", "object": "top-fund", **TODAY_SOURCE},
    )
    assert resp.status_code == 302
    add_outlet(editor)
    editor.submit(
        "/admin/outlets/example-news/relations/new",
        {"kind": "owned_by", "object": "mid-co", **TODAY_SOURCE},
    )
    html = editor.text("/admin/entities/mid-co")
    assert "Top Fund" in html and "Example News" in html
    page = editor.text("/admin/outlets/example-news")
    tree = page[page.index('class="owntree"') : page.index("Ultimate owners")]
    assert tree.index("Mid Co") < tree.index("Top Fund")
    assert 'Ultimate owners:</strong> <a href="/admin/entities/top-fund">Top Fund' in page


def test_editors_cannot_delete_an_outlet_by_reverting_its_creation(app, editor) -> None:
    add_outlet(editor)
    creation = one(
        app,
        select(Revision).where(Revision.record_type == "outlet", Revision.action == "create"),
    )
    html = editor.text("/admin/outlets/example-news/history")
    assert f"/admin/revisions/{creation.id}/revert" not in html
    resp = editor.post(
        f"/admin/revisions/{creation.id}/revert",
        {"version": "1"},
        page="/admin/outlets/example-news/history",
    )
    assert resp.status_code == 403
    assert one(app, select(Outlet.id).where(Outlet.slug == "example-news")) is not None


def test_edit_entity_saves_it_by_its_slug(app, editor) -> None:
    editor.submit("/admin/entities/new", {"name": "Top Fund", "kind": "fund"})
    resp = editor.submit("/admin/entities/top-fund/edit", {"name": "Top Fund Holdings"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    assert one(app, select(Entity.name).where(Entity.slug == "top-fund")) == "Top Fund Holdings"


def test_forms_check_fields_with_the_api_field_types(app, editor) -> None:
    editor.submit("/admin/entities/new", {"name": "Top Fund", "kind": "fund"})
    resp = editor.submit(
        "/admin/entities/top-fund/edit", {"country": "XX", "wikidata_qid": "12345"}
    )
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "'XX' is not an ISO 3166-1 alpha-2 country code" in (field_error(html, "country") or "")
    assert "Wikidata" in (field_error(html, "wikidata_qid") or "")
    resp = editor.submit(
        "/admin/entities/top-fund/relations/new",
        {"kind": "owned_by", "new_owner_name": "Someone", "share": "150", **TODAY_SOURCE},
    )
    assert resp.status_code == 400
    assert "from 0 to 100" in (field_error(resp.get_data(as_text=True), "share") or "")
    assert one(app, select(Entity.country).where(Entity.slug == "top-fund")) is None
