"""History: recent changes everywhere, every revision of one record with a before/after diff,
and revert (itself a new revision; the history is never rewritten)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ... import db, permissions
from ...curation import revisions_of
from ...curation.types import RECORD_TYPES
from ...errors import NotFound
from ...models import Revision
from .. import queries
from ..action_forms import ActionForm
from ..blueprint import bp
from ..diff import current_versions, revision_rows
from ..editing import write
from ..security import current_user, requires
from .pages import Page


@bp.get("/history")
@requires("editor")
def history() -> Page:
    before = request.args.get("before", type=int)
    revisions = queries.recent_revisions(db.session(), limit=50, before_id=before)
    return render_template(
        "admin/history.html",
        title="Recent changes",
        subject=None,
        revisions=[revision_rows(r) for r in revisions],
        versions=current_versions(db.session(), revisions),
        older=revisions[-1].id if len(revisions) == 50 else None,
    )


@bp.get("/history/<record_type>/<key>")
@requires("editor")
def record_history(record_type: str, key: str) -> Page:
    if record_type not in RECORD_TYPES:
        raise NotFound(f"no record type '{record_type}'")
    session = db.session()
    if key.isdigit():
        record_id, revisions = int(key), queries.record_history(session, record_type, int(key))
    else:
        record_id, revisions = revisions_of(session, record_type, key)
    model = RECORD_TYPES[record_type].model
    record = session.get(model, record_id)
    return render_template(
        "admin/history.html",
        title=f"History of {record_type.replace('_', ' ')} {key}",
        subject=record,
        record_type=record_type,
        revisions=[revision_rows(r) for r in revisions],
        versions=current_versions(session, revisions),
    )


@bp.post("/revisions/<int:revision_id>/revert")
@requires("editor")
def revert(revision_id: int) -> Response:
    form = ActionForm()
    rev = db.session().get(Revision, revision_id)
    if rev is None:
        raise NotFound(f"no revision {revision_id}")
    back = url_for("maintainer.record_history", record_type=rev.record_type, key=rev.record_id)
    user = current_user()
    assert user is not None  # @requires("editor")
    permissions.check_revert(user, rev)
    if not form.validate_on_submit():
        flash("Not reverted: the form was incomplete; reload the page and try again.")
        return redirect(back)
    version = form.loaded_version()
    outcome = write(
        lambda cur: cur.revert(revision_id, if_match=version),
        comment=form.comment.data or f"revert revision {revision_id}",
    )
    if outcome.ok:
        flash(f"Revision {revision_id} reverted (as revision {outcome.value.id}).")
    elif outcome.stale:
        flash(
            "Not reverted: the record changed since this page was loaded. "
            "The history below is up to date; check it and revert again if still needed."
        )
    else:
        assert outcome.error is not None
        flash(f"Not reverted: {outcome.error.message}")
    return redirect(back)
