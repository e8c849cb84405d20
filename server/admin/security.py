"""Who is signed in to the admin pages, and the protections around it: session cookie
settings, CSRF on every form, sign-in rate limiting, role checks and response headers.

The JSON API under /api/ authenticates with bearer tokens, never with this session cookie,
so it is left out of the CSRF check (a cross-site page cannot make a browser send a token).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Request, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import select

from .. import auth, db
from ..errors import Forbidden
from ..models import User
from ..web import ratelimit_sqlite

csrf = CSRFProtect()


class CookieOnDemandSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for requests that bring
    no session cookie (every API call): those start with an empty session, exactly as
    Flask's own interface gives them, and the signer is built only if one is saved."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


SESSION_USER = "uid"
SESSION_AUTH = "auth"
LIMITER_KEY = "masthead.admin.limiter"

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    cfg = app.config
    cfg.setdefault("SESSION_COOKIE_NAME", "masthead_session")
    cfg.setdefault("SESSION_COOKIE_HTTPONLY", True)
    if not cfg.get("SESSION_COOKIE_SAMESITE"):
        cfg["SESSION_COOKIE_SAMESITE"] = "Lax"
    cfg.setdefault("PERMANENT_SESSION_LIFETIME", dt.timedelta(hours=12))
    # The CSRF token lives as long as the session: a long edit must not fail after an hour.
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # Checked by `_csrf_unless_api` below instead of on every request.
    cfg["WTF_CSRF_CHECK_DEFAULT"] = False
    # Failed sign-ins allowed per client address and per user name in a moving window.
    cfg.setdefault("ADMIN_SIGNIN_LIMIT", "10 per 15 minutes")
    app.session_interface = CookieOnDemandSessionInterface()
    csrf.init_app(app)
    # With WTF_CSRF_CHECK_DEFAULT off, Flask-WTF's own before-request hook does nothing;
    # drop it (every API request would pay for it) and check in `_csrf_unless_api`.
    app.before_request_funcs[None] = [
        f for f in app.before_request_funcs.get(None, []) if f.__name__ != "csrf_protect"
    ]
    app.before_request(_csrf_unless_api)
    ratelimit_sqlite.register()  # the default store's scheme, whatever was imported first
    storage = storage_from_string(cfg.get("RATELIMIT_STORAGE_URI") or "memory://")
    app.extensions[LIMITER_KEY] = MovingWindowRateLimiter(storage)


def _csrf_unless_api() -> None:
    if request.path.startswith("/api/") or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    csrf.protect()


# -- the signed-in user ----------------------------------------------------------------------


def _auth_tag(user: User) -> str:
    """Ties a session to the password it was opened with: a new password ends old sessions."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, (user.password_hash or "").encode(), hashlib.sha256).hexdigest()[:32]


def sign_in(user: User) -> None:
    session.clear()  # a fresh session on sign-in (no fixation of a pre-login session)
    session.permanent = True
    session[SESSION_USER] = user.id
    session[SESSION_AUTH] = _auth_tag(user)


def sign_out() -> None:
    session.clear()


def current_user() -> User | None:
    if "admin_user" in g:
        return cast(User | None, g.admin_user)
    user = None
    uid = session.get(SESSION_USER)
    if isinstance(uid, int):
        found = db.session().scalar(select(User).where(User.id == uid, User.active.is_(True)))
        if found is not None and hmac.compare_digest(
            str(session.get(SESSION_AUTH, "")), _auth_tag(found)
        ):
            user = found
    g.admin_user = user
    return user


def has_role(user: User | None, role: str) -> bool:
    """`auth.has_role` for a page's signed-in user, who may be nobody."""
    return user is not None and auth.has_role(user, role)


def requires(role: str = "editor") -> Callable[[F], F]:
    """A view for signed-in users with at least `role`; others go to the sign-in page."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("maintainer.index", next=request.full_path.rstrip("?")))
            if not has_role(user, role):
                raise Forbidden(f"this page needs the {role} role")
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def safe_next(target: str | None) -> str | None:
    """Only a path inside the admin pages: never an open redirect to another site."""
    if not target or not target.startswith("/admin/"):
        return None
    if any(c in target for c in ("\\", "\n", "\r")):
        return None
    return target


# -- sign-in rate limiting -------------------------------------------------------------------


def _limit_keys(name: str) -> list[str]:
    addr = request.remote_addr or "unknown"
    digest = hashlib.sha256(name.strip().lower().encode()).hexdigest()[:24]
    return [f"admin-signin/addr/{addr}", f"admin-signin/name/{digest}"]


def signin_blocked(name: str) -> bool:
    limiter: MovingWindowRateLimiter = current_app.extensions[LIMITER_KEY]
    item = parse_limit(current_app.config["ADMIN_SIGNIN_LIMIT"])
    return any(not limiter.test(item, key) for key in _limit_keys(name))


def record_failed_signin(name: str) -> None:
    limiter: MovingWindowRateLimiter = current_app.extensions[LIMITER_KEY]
    item = parse_limit(current_app.config["ADMIN_SIGNIN_LIMIT"])
    for key in _limit_keys(name):
        limiter.hit(item, key)
