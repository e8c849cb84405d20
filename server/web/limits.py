"""Rate limits (flask-limiter), one Limiter per app so several apps in one process (tests,
workers) never share storage by accident. Counters live in RATELIMIT_STORAGE_URI: by default
a SQLite file every worker of the host shares (ratelimit_sqlite.py), redis://... when several
hosts must share them, memory:// for one process."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from . import ratelimit_sqlite

EXTENSION_KEY = "masthead.limiter"


# The blueprints whose views apply limits (and so send X-RateLimit-* and Retry-After).
LIMITED_BLUEPRINTS = ("suggestions",)


def init_app(app: Flask) -> None:
    ratelimit_sqlite.register()  # the default store's scheme
    limiter = Limiter(
        get_remote_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "masthead"),
    )
    limiter.init_app(app)
    _scope_hooks(app, limiter)
    app.extensions[EXTENSION_KEY] = limiter


def _scope_hooks(app: Flask, limiter: Limiter) -> None:
    """Keep the limiter's per-request hooks off every request but the limited ones.

    Limits are applied inside the few views that have them (`limiter().limit(...)` as a
    context manager), so the app-wide check before each request has nothing to do; the
    hook that writes the rate-limit headers after a request only matters for the limited
    blueprints; the limiter keeps its per-request state on the request context, which is
    dropped with it, so the teardown that resets that state is not needed. Together they
    cost the lookup hot path about 20 us per request.
    """

    def not_limiter(f: object) -> bool:
        bound = getattr(f, "__self__", None)
        partial_of = getattr(f, "args", (None,))[:1]
        return bound is not limiter and limiter not in partial_of

    hooks: Any
    for hooks in (app.before_request_funcs, app.teardown_request_funcs):
        hooks[None] = [f for f in hooks.get(None, []) if not_limiter(f)]
    after = app.after_request_funcs.get(None, [])
    headers = [f for f in after if not not_limiter(f)]
    app.after_request_funcs[None] = [f for f in after if not_limiter(f)]
    for name in LIMITED_BLUEPRINTS:
        app.after_request_funcs.setdefault(name, []).extend(headers)
    app.register_error_handler(RateLimitExceeded, _too_many)


def limiter() -> Limiter:
    found: Limiter = current_app.extensions[EXTENSION_KEY]
    return found


def _too_many(exc: RateLimitExceeded) -> Response:
    resp = jsonify(
        error={
            "code": "rate_limited",
            "message": f"too many requests: the limit is {exc.description}; try again later",
        }
    )
    resp.status_code = 429
    return resp
