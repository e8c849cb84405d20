"""Report links: paste the report's URL, preview what its page says (fetched by the curation
service's fetcher), adjust, choose the relation, save. Plus the article page."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ... import db
from ...curation import Curator
from ...curation.fetching import Fill
from ...errors import MastheadError
from ...models import Outlet, ReportLink
from .. import queries
from ..blueprint import bp
from ..editing import actor, show_error, write
from ..forms import options
from ..record_forms import ReportLinkForm
from ..security import requires
from .pages import Page, edit_page, form_page
from .records import _delete


def _choices(form: ReportLinkForm) -> None:
    session = db.session()
    form.report_outlet.choices = options(
        [("", "— not a known outlet —"), *queries.choices(session, Outlet)]
    )
    form.story.choices = options(
        [("", "— no, the article above —")]
        + [(st.slug, st.title) for st in queries.stories(session)]
    )


def fetch_preview(form: ReportLinkForm) -> Fill | None:
    """Fetch the report page (no database writes) and fill the fields still empty."""
    try:
        fill = Curator(db.session(), actor()).fetch(
            (form.report_url.data or "").strip(), field="report_url"
        )
    except MastheadError as exc:
        show_error(form, exc)
        return None
    for name, value in (
        ("report_title", fill.title),
        ("report_published", fill.published),
        ("report_author", fill.author),
        ("rating", fill.rating),
        ("report_outlet", fill.outlet_slug),
    ):
        field = form._fields[name]
        if value and not field.data:
            field.data = value
            field.raw_data = None  # render the fetched value, not the empty one posted
    return fill


@bp.route("/report-links/new", methods=["GET", "POST"])
@requires("editor")
def report_link_new() -> Page:
    form = ReportLinkForm()
    _choices(form)
    fill = None
    if request.method == "GET":
        form.article_url.data = request.args.get("article_url", "")
        form.story.data = request.args.get("story", "")
        form.relation.data = request.args.get("relation") or "disputes"
    elif form.validate_on_submit():
        if request.form.get("action") == "fetch":
            fill = fetch_preview(form)
        elif not (form.article_url.data or "").strip() and not form.story.data:
            form.article_url.errors = ["Give the article's URL (or choose a story)."]
        else:
            outcome = write(
                lambda cur: cur.report_links.create(form.create_payload()),
                comment=form.comment.data,
            )
            if outcome.ok:
                link: ReportLink = outcome.value
                flash("Report link saved.")
                if link.article_id:
                    return redirect(url_for("maintainer.article", article_id=link.article_id))
                return redirect(url_for("maintainer.report_link_edit", link_id=link.id))
            assert outcome.error is not None
            show_error(form, outcome.error)
    return form_page(form, obj=None, fill=fill)


@bp.route("/report-links/<int:link_id>/edit", methods=["GET", "POST"])
@requires("editor")
def report_link_edit(link_id: int) -> Page:
    link = queries.get_by_id(db.session(), ReportLink, link_id, "report link")
    if request.method == "POST" and request.form.get("action") == "fetch":
        form = ReportLinkForm()
        _choices(form)
        fill = fetch_preview(form) if form.validate_on_submit() else None
        return form_page(form, obj=link, fill=fill)
    return edit_page(
        ReportLinkForm,
        link,
        _link_back,
        "Report link saved.",
        prepare=_choices,
        fill=None,
    )


@bp.post("/report-links/<int:link_id>/delete")
@requires("editor")
def report_link_delete(link_id: int) -> Response:
    link = queries.get_by_id(db.session(), ReportLink, link_id, "report link")
    return _delete("report_link", link_id, _link_back(link), "Report link")


def _link_back(link: ReportLink) -> str:
    if link.article_id:
        return url_for("maintainer.article", article_id=link.article_id)
    return url_for("maintainer.outlets")


@bp.get("/articles/<int:article_id>")
@requires("editor")
def article(article_id: int) -> Page:
    session = db.session()
    art = queries.get_article(session, article_id)
    story_links: list[Any] = []
    if art.story_id:
        story_links = list(
            session.scalars(
                select(ReportLink)
                .where(ReportLink.story_id == art.story_id)
                .order_by(ReportLink.id)
            )
        )
    return render_template(
        "admin/article.html",
        a=art,
        story_links=story_links,
        history=queries.record_history(session, "article", art.id)[:20],
    )
