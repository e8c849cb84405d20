"""Sign-in at /admin/ for a visitor without a session, and sign-out (POST only)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ... import db
from ...accounts import check_password
from ..blueprint import bp
from ..security import (
    current_user,
    record_failed_signin,
    safe_next,
    sign_in,
    sign_out,
    signin_blocked,
)


class SignInForm(FlaskForm):
    name = StringField(
        "User name",
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=500)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


@bp.route("/", methods=["GET", "POST"])
def index() -> Response | str | tuple[str, int]:
    if request.method == "GET" and current_user() is not None:
        return redirect(safe_next(request.args.get("next")) or url_for("maintainer.outlets"))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if not form.validate_on_submit():
        return render_template(
            "admin/signin.html", form=form
        ), 200 if request.method == "GET" else 400
    name = (form.name.data or "").strip()
    if signin_blocked(name):
        form.form_errors.append("Too many failed sign-ins. Wait a few minutes and try again.")
        return render_template("admin/signin.html", form=form), 429
    user = check_password(db.session(), name, form.password.data or "")
    if user is None:
        record_failed_signin(name)
        # One message for a wrong name and a wrong password: do not reveal which users exist.
        form.form_errors.append("Wrong user name or password.")
        return render_template("admin/signin.html", form=form), 401
    sign_in(user)
    flash(f"Signed in as {user.name}.")
    return redirect(safe_next(form.next.data) or url_for("maintainer.outlets"))


@bp.post("/sign-out")
def signout() -> Response:
    sign_out()
    flash("Signed out.")
    return redirect(url_for("maintainer.index"))
