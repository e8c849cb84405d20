"""The cycle every record page follows: GET the form (empty, or filled from the record); POST
one write through the curation unit of work; then redirect when saved, or show the form
again with the errors beside their fields, or the stale-edit conflict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request
from sqlalchemy import select
from werkzeug.wrappers import Response

from ... import db
from ...curation import Curator
from ...curation.types import kind_of
from ..action_forms import ActionForm
from ..editing import show_error, submit_update, write
from ..forms import RecordForm

Page = str | Response | tuple[str, int]


def form_page(form: Any, **context: Any) -> tuple[str, int]:
    """The form's page again: 409 with a conflict, 400 with errors."""
    status = 200
    if context.get("conflict") is not None:
        status = 409
    elif form.errors or form.form_errors:
        status = 400
    context.setdefault("conflict", None)
    return render_template(form.TEMPLATE, form=form, **context), status


def fresh(model: Any, record_id: int) -> Any:
    """The record as stored now (None when deleted), not as this request first read it."""
    session = db.session()
    session.expire_all()
    return session.scalar(select(model).where(model.id == record_id))


def new_page(
    form: RecordForm,
    create: Callable[[Curator], Any],
    done: Callable[[Any], tuple[str, str]],
    **context: Any,
) -> Page:
    """POST: create the record; `done(record)` is (flash message, where to go)."""
    if form.validate_on_submit():
        outcome = write(create, comment=form.comment.data)
        if outcome.ok:
            message, url = done(outcome.value)
            flash(message)
            return redirect(url)
        assert outcome.error is not None
        show_error(form, outcome.error)
    context.setdefault("obj", None)
    return form_page(form, **context)


def edit_page(
    form_cls: type[RecordForm],
    obj: Any,
    done: Callable[[Any], str],
    message: str,
    *,
    prepare: Callable[[Any], None] | None = None,
    **context: Any,
) -> Page:
    """GET: the form filled from the record. POST: an update at the form's version; then
    `message` (formatted with the saved `record`) and a redirect to `done(record)`."""
    model, record_id, template = type(obj), obj.id, form_cls.TEMPLATE
    rtype = kind_of(obj)
    key = getattr(obj, rtype.key)  # the slug, where a kind has one
    context.setdefault("obj", obj)
    if request.method == "GET":
        form = form_cls(data=form_cls.form_data(obj))
        if prepare:
            prepare(form)
        return render_template(template, form=form, conflict=None, **context)
    form = form_cls()
    if prepare:
        prepare(form)
    conflict = None
    if form.validate_on_submit():
        result = submit_update(
            form,
            record_type=rtype.name,
            key=key,
            record_id=record_id,
            payload=lambda: form.update_payload(obj),
            reload=lambda: fresh(model, record_id),
        )
        if result.saved is not None:
            flash(message.format(record=result.saved))
            return redirect(done(result.saved))
        conflict = result.conflict
        context["obj"] = fresh(model, record_id) or obj
    return form_page(form, conflict=conflict, **context)


def delete_record(record_type: str, key: str | int, done: str, back: str, what: str) -> Response:
    """Delete at the version the page showed; `back` is where a refusal is explained."""
    form = ActionForm()
    version = form.loaded_version()
    if not form.validate_on_submit() or version is None:
        abort(400)
    outcome = write(
        lambda cur: cur.delete(record_type, key, if_match=version), comment=form.comment.data
    )
    if outcome.ok:
        flash(f"{what} deleted. The history keeps it; revert the deletion to restore it.")
        return redirect(done)
    assert outcome.error is not None
    flash(f"Not deleted: {outcome.error.message}")
    return redirect(back)


def referrer_or(default: str) -> str:
    """The admin page the request came from, else `default`."""
    url = request.referrer
    return url if url and url.startswith(request.host_url + "admin/") else default
