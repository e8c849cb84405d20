"""The review queue: relations and labels due to be checked again, most overdue first, each
linking to its record; marking one reviewed is one write through the curation service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ... import db
from ...curation.review import REVIEW_INTERVAL, due_date, due_for_review
from ..action_forms import ActionForm
from ..blueprint import bp
from ..editing import write
from ..security import requires
from .pages import Page

PAGE_SIZE = 200


@bp.get("/review")
@requires("editor")
def review_queue() -> Page:
    today = dt.date.today()
    total, rows = due_for_review(db.session(), today, limit=PAGE_SIZE)
    return render_template(
        "admin/review.html",
        rows=rows,
        total=total,
        today=today,
        interval=REVIEW_INTERVAL.days,
    )


@bp.app_template_global("review_due_of")
def review_due_of(fact: Any) -> dt.date | None:
    """When a relation or label is due for review (None: never checked, due now)."""
    return due_date(fact.review_due, fact.citation.accessed if fact.citation else None)


@bp.app_template_global("review_due_text")
def review_due_text(fact: Any) -> str:
    """How the record pages say when a fact is due: a date, "overdue since …" or "now"."""
    due = review_due_of(fact)
    if due is None:
        return "now (never checked)"
    return f"overdue since {due.isoformat()}" if due <= dt.date.today() else due.isoformat()


def _mark(record_type: str, record_id: int) -> Response:
    form = ActionForm()
    version = form.loaded_version()
    if not form.validate_on_submit() or version is None:
        abort(400)
    what = f"{record_type.capitalize()} {record_id}"
    outcome = write(
        lambda cur: cur.mark_reviewed(record_type, record_id, if_match=version),
        comment=form.comment.data,
    )
    if outcome.ok:
        flash(f"{what} marked reviewed: its source checked today, due again in 90 days.")
    elif outcome.stale:
        flash(f"{what} not marked: it changed since this page was loaded; look at it again.")
    else:
        assert outcome.error is not None
        flash(f"{what} not marked: {outcome.error.message}")
    # Back to the queue when marked there, else to the fact's own page.
    if request.form.get("back") == "queue":
        return redirect(url_for("maintainer.review_queue"))
    if record_type == "label":
        return redirect(url_for("maintainer.label_edit", label_id=record_id))
    return redirect(url_for("maintainer.relation_edit", relation_id=record_id))


@bp.post("/relations/<int:relation_id>/reviewed")
@requires("editor")
def relation_reviewed(relation_id: int) -> Response:
    return _mark("relation", relation_id)


@bp.post("/labels/<int:label_id>/reviewed")
@requires("editor")
def label_reviewed(label_id: int) -> Response:
    return _mark("label", label_id)
