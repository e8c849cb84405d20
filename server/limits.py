"""Rate limits (flask-limiter), one Limiter per app so several apps in one process (tests,
workers) never share storage by accident. Counters live in RATELIMIT_STORAGE_URI: memory://
for one process, redis://... when several workers or hosts must share them."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

EXTENSION_KEY = "masthead.limiter"


def init_app(app: Flask) -> None:
    limiter = Limiter(
        get_remote_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "masthead"),
    )
    limiter.init_app(app)
    # Limits are applied inside the few views that have them (`limiter().limit(...)` as a
    # context manager), so the per-request middleware hook has nothing to do: drop it to keep
    # the lookup hot path free of it.
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [
        f for f in hooks if getattr(f, "__self__", None) is not limiter
    ]
    app.extensions[EXTENSION_KEY] = limiter
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
