"""Outlets: the searchable list, the outlet page (domains, ownership graph, labels, sources,
articles and report links, history) and the outlet's own edit forms."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ... import db
from ...errors import MastheadError
from ...models import Outlet
from .. import queries
from ..blueprint import bp
from ..editing import show_error, submit_update, write
from ..forms import DeleteForm, OutletForm
from ..security import requires

Page = str | Response | tuple[str, int]


@bp.get("/outlets")
@requires("editor")
def outlets() -> Page:
    args = {k: (request.args.get(k) or "").strip() for k in ("q", "country", "kind", "offset")}
    error = None
    try:
        page = queries.outlet_list(db.session(), {k: v for k, v in args.items() if v})
    except MastheadError as exc:
        error = exc.message
        page = {"total": 0, "limit": queries.PAGE_SIZE, "offset": 0, "outlets": []}
    return render_template(
        "admin/outlets.html",
        page=page,
        args=args,
        error=error,
        countries=queries.countries_in_use(db.session()),
    ), (400 if error else 200)


@bp.get("/outlets/<slug>")
@requires("editor")
def outlet(slug: str) -> Page:
    page = queries.outlet_page(db.session(), slug)
    return render_template("admin/outlet.html", page=page, o=page.outlet, delete_form=DeleteForm())


@bp.route("/outlets/new", methods=["GET", "POST"])
@requires("editor")
def outlet_new() -> Page:
    form = OutletForm()
    if form.validate_on_submit():
        outcome = write(
            lambda cur: cur.outlets.create(form.create_payload()), comment=form.comment.data
        )
        if outcome.ok:
            flash(f"Outlet {outcome.value.name} added.")
            return redirect(url_for("maintainer.outlet", slug=outcome.value.slug))
        assert outcome.error is not None
        show_error(form, outcome.error)
    return _form_page("admin/outlet_form.html", form, outlet=None)


@bp.route("/outlets/<slug>/edit", methods=["GET", "POST"])
@requires("editor")
def outlet_edit(slug: str) -> Page:
    outlet = queries.get_outlet(db.session(), slug)
    if request.method == "GET":
        form = OutletForm(data=OutletForm.values_of(outlet))
        return render_template("admin/outlet_form.html", form=form, outlet=outlet, conflict=None)
    form = OutletForm()
    conflict = None
    if form.validate_on_submit():
        outlet_id = outlet.id
        result = submit_update(
            form,
            record_type="outlet",
            key=outlet.slug,
            record_id=outlet_id,
            payload=lambda: form.update_payload(outlet),
            reload=lambda: _reload(outlet_id),
        )
        if result.saved is not None:
            flash(f"Outlet {result.saved.name} saved.")
            return redirect(url_for("maintainer.outlet", slug=result.saved.slug))
        conflict = result.conflict
        outlet = _reload(outlet_id) or outlet
    return _form_page("admin/outlet_form.html", form, outlet=outlet, conflict=conflict)


@bp.post("/outlets/<slug>/delete")
@requires("admin")
def outlet_delete(slug: str) -> Page:
    form = DeleteForm()
    if not form.validate_on_submit() or not form.version.data:
        abort(400)
    outcome = write(
        lambda cur: cur.delete("outlet", slug, if_match=int(form.version.data)),
        comment=form.comment.data,
    )
    if not outcome.ok:
        assert outcome.error is not None
        flash(f"Not deleted: {outcome.error.message}")
        return redirect(url_for("maintainer.outlet", slug=slug))
    flash(f"Outlet {slug} deleted. Its history keeps it; revert the deletion to restore it.")
    return redirect(url_for("maintainer.record_history", record_type="outlet", key=slug))


@bp.get("/outlets/<slug>/history")
@requires("editor")
def outlet_history(slug: str) -> Page:
    from ..diff import revision_rows

    outlet = queries.get_outlet(db.session(), slug)
    revisions = queries.outlet_history(db.session(), outlet)
    return render_template(
        "admin/history.html",
        title=f"History of {outlet.name}",
        subject=outlet,
        revisions=[revision_rows(r) for r in revisions],
        versions=_current_versions(revisions),
    )


def _reload(outlet_id: int) -> Outlet | None:
    session = db.session()
    session.expire_all()
    return session.scalar(select(Outlet).where(Outlet.id == outlet_id))


def _current_versions(revisions: list[Any]) -> dict[tuple[str, int], int | None]:
    from ..diff import current_versions

    return current_versions(db.session(), revisions)


def _form_page(template: str, form: Any, **context: Any) -> tuple[str, int]:
    status = 200
    if context.get("conflict") is not None:
        status = 409
    elif form.errors or form.form_errors:
        status = 400
    context.setdefault("conflict", None)
    return render_template(template, form=form, **context), status
