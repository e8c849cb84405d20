"""The suggestions queue: what readers sent, accepted (through the curation service, as a
report link or a correction) or rejected with a reason."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ... import db
from ...curation import suggestions as service
from ...vocab import SUGGESTION_STATUSES
from ..action_forms import AcceptForm, RejectForm
from ..blueprint import bp
from ..editing import write
from ..security import requires
from .pages import Page


@bp.get("/suggestions")
@requires("editor")
def suggestions() -> Page:
    status = request.args.get("status", "pending")
    if status not in SUGGESTION_STATUSES:
        status = "pending"
    total, rows = service.list_suggestions(db.session(), status=status, limit=100)
    forms = {}
    for row in rows:
        accept = AcceptForm(prefix=f"s{row.id}", formdata=None)
        accept.relation.data = row.relation or ""
        forms[row.id] = (accept, RejectForm(prefix=f"s{row.id}", formdata=None))
    return render_template(
        "admin/suggestions.html", rows=rows, total=total, status=status, forms=forms
    )


@bp.post("/suggestions/<int:suggestion_id>/accept")
@requires("editor")
def suggestion_accept(suggestion_id: int) -> Response:
    form = AcceptForm(prefix=f"s{suggestion_id}")
    back = url_for("maintainer.suggestions", _anchor=f"s-{suggestion_id}")
    if not form.validate_on_submit():
        flash(f"Suggestion {suggestion_id} not accepted: {_first_error(form)}")
        return redirect(back)
    outcome = write(lambda cur: service.accept(cur, suggestion_id, form.payload()))
    if not outcome.ok:
        assert outcome.error is not None
        flash(f"Suggestion {suggestion_id} not accepted: {outcome.error.message}")
        return redirect(back)
    row, record = outcome.value
    flash(f"Suggestion {suggestion_id} accepted: {row.resolution}.")
    if record is not None and getattr(record, "article_id", None):
        return redirect(url_for("maintainer.article", article_id=record.article_id))
    return redirect(back)


@bp.post("/suggestions/<int:suggestion_id>/reject")
@requires("editor")
def suggestion_reject(suggestion_id: int) -> Response:
    form = RejectForm(prefix=f"s{suggestion_id}")
    if not form.validate_on_submit():
        flash(f"Suggestion {suggestion_id} not rejected: say why.")
        return redirect(url_for("maintainer.suggestions", _anchor=f"s-{suggestion_id}"))
    reason = {"reason": form.reason.data}
    outcome = write(lambda cur: service.reject(cur.session, suggestion_id, cur.actor.id, reason))
    if outcome.error is not None:
        flash(f"Suggestion {suggestion_id} not rejected: {outcome.error.message}")
    else:
        flash(f"Suggestion {suggestion_id} rejected.")
    return redirect(url_for("maintainer.suggestions"))


def _first_error(form: AcceptForm) -> str:
    for name, errors in form.errors.items():
        if errors:
            return f"{name}: {errors[0]}"
    return "the form was incomplete"
