"""Users (admin only): who may sign in and curate, with which role."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ... import db
from ...curation import access
from ...errors import MastheadError
from ..action_forms import UserForm, UserUpdateForm
from ..blueprint import bp
from ..security import requires
from .pages import Page


@bp.route("/users", methods=["GET", "POST"])
@requires("admin")
def users() -> Page:
    session = db.session()
    form = UserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = access.create_user(
                session,
                {"name": form.name.data, "role": form.role.data, "password": form.password.data},
            )
            session.commit()
        except MastheadError as exc:
            session.rollback()
            target = form._fields.get(exc.field or "")
            if target is not None:
                target.errors = [exc.message]
            else:
                form.form_errors.append(exc.message)
            status = 400
        else:
            flash(f"User {user.name} ({user.role}) created.")
            return redirect(url_for("maintainer.users"))
    elif form.is_submitted():
        status = 400
    rows = access.list_users(session)
    edit_forms = {}
    for u in rows:
        f = UserUpdateForm(prefix=f"u{u.id}", formdata=None)
        f.role.data, f.active.data = u.role, u.active
        edit_forms[u.id] = f
    return render_template("admin/users.html", form=form, rows=rows, edit_forms=edit_forms), status


@bp.post("/users/<int:user_id>")
@requires("admin")
def user_update(user_id: int) -> Response:
    form = UserUpdateForm(prefix=f"u{user_id}")
    if not form.validate_on_submit():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        flash(f"User not changed: {errors}")
        return redirect(url_for("maintainer.users"))
    patch = {"role": form.role.data, "active": bool(form.active.data)}
    if form.password.data:
        patch["password"] = form.password.data
    session = db.session()
    try:
        user = access.update_user(session, user_id, patch)
        session.commit()
    except MastheadError as exc:
        session.rollback()
        flash(f"User not changed: {exc.message}")
    else:
        flash(f"User {user.name} saved.")
    return redirect(url_for("maintainer.users"))
