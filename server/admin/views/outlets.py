"""Outlets: the searchable list, the outlet page (domains, ownership graph, labels, sources,
articles and report links, history) and the outlet's own edit forms."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from ... import db
from ...errors import MastheadError
from .. import queries
from ..action_forms import ActionForm
from ..blueprint import bp
from ..record_forms import OutletForm
from ..security import requires
from .pages import Page, delete_record, edit_page, new_page


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
    return render_template("admin/outlet.html", page=page, o=page.outlet, delete_form=ActionForm())


@bp.route("/outlets/new", methods=["GET", "POST"])
@requires("editor")
def outlet_new() -> Page:
    form = OutletForm()
    return new_page(
        form,
        lambda cur: cur.outlets.create(form.create_payload()),
        lambda o: (f"Outlet {o.name} added.", url_for("maintainer.outlet", slug=o.slug)),
        outlet=None,
    )


@bp.route("/outlets/<slug>/edit", methods=["GET", "POST"])
@requires("editor")
def outlet_edit(slug: str) -> Page:
    outlet = queries.get_outlet(db.session(), slug)
    return edit_page(
        OutletForm,
        outlet,
        lambda o: url_for("maintainer.outlet", slug=o.slug),
        "Outlet {record.name} saved.",
        outlet=outlet,
    )


@bp.post("/outlets/<slug>/delete")
@requires("admin")
def outlet_delete(slug: str) -> Response:
    done = url_for("maintainer.record_history", record_type="outlet", key=slug)
    back = url_for("maintainer.outlet", slug=slug)
    return delete_record("outlet", slug, done, back, f"Outlet {slug}")


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


def _current_versions(revisions: list[Any]) -> dict[tuple[str, int], int | None]:
    from ..diff import current_versions

    return current_versions(db.session(), revisions)
