"""One place that turns every failure into `{"error": {"code", "message", "field"?,
"request_id"}}` under /api/ (and the health probes), and into an HTML page that shows the
request id everywhere else.

Whichever layer raises it (a service's MastheadError, Werkzeug's routing 404 and 405, a
413 from the body limit, an unexpected exception), the answer carries the request id in its
body and in `X-Request-Id`, and one log line names it: a 500's traceback is logged with it.
`stamp` does the last two for error answers built elsewhere (the rate limiter's 429). A
database that cannot be reached or does not answer in time is a 503 `database_unavailable`
with `Retry-After`, whether the breaker knew it (server/db_health.py) or a call found out.
Never a traceback to the client.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import orjson
import psycopg
from flask import Flask, Response, current_app, render_template, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from ..db_health import DatabaseUnavailable, unavailable
from ..errors import BadRequest, MastheadError, PreconditionFailed
from ..web.jsonbytes import dumps
from ..web.request_id import HEADER, request_id

LOGGED = "masthead.error_logged"
RETRY_AFTER = "masthead.retry_after"
# A database down, slow or out of connections, through SQLAlchemy or raised unwrapped by the
# read path's raw cursors and pool checkouts.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
# Werkzeug headers an error answer keeps (405's Allow, 401's WWW-Authenticate, 429/503's
# Retry-After); the body, and so its type and length, are ours.
_DROPPED_HEADERS = frozenset({"content-type", "content-length"})


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> bytes:
    body: dict[str, Any] = {"code": code, "message": message}
    if field:
        body["field"] = field
    body.update(extra)
    body["request_id"] = request_id()
    return dumps({"error": body})


def error_response(
    status: int, code: str, message: str, field: str | None = None, **extra: Any
) -> Response:
    return Response(error_body(code, message, field, **extra), status, mimetype="application/json")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz")


def html_error(status: int, message: str) -> Response:
    """An error page for people (the admin pages' own under /admin/), with the request id."""
    admin = request.blueprint == "maintainer"
    template = "admin/error.html" if admin else "error.html"
    page = render_template(template, status=status, message=message)
    return Response(page, status, mimetype="text/html")


def domain_error(exc: MastheadError) -> Response:
    if not wants_json():
        resp = html_error(exc.status, exc.message)
    else:
        resp = error_response(exc.status, exc.code, exc.message, exc.field, **exc.extra)
    if isinstance(exc, DatabaseUnavailable):
        # Kept by `stamp`, after the rate limiter's hook has put its window's reset there.
        request.environ[RETRY_AFTER] = str(exc.retry_after)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    if isinstance(exc, PreconditionFailed):
        current = exc.extra.get("current_version")
        if current is not None:  # the version to send back in If-Match, as a GET gives it
            resp.set_etag(str(current))
    return resp


def http_error(exc: HTTPException) -> Response | HTTPException:
    if exc.code is None:  # not an error (Flask answers those itself)
        return exc
    status = exc.code
    message = exc.description or exc.name
    if wants_json():
        code = (exc.name or "error").lower().replace(" ", "_")
        resp = error_response(status, code, message)
    else:
        resp = html_error(status, message)
    for name, value in exc.get_headers():
        if name.lower() not in _DROPPED_HEADERS:
            resp.headers[name] = value
    return resp


def database_error(exc: Exception) -> Response:
    """A database that is down, slow or out of connections: a 503 with Retry-After, never a
    500 (the cause is logged with the request id)."""
    current_app.logger.warning(
        "database unavailable on %s %s request_id=%s: %s",
        request.method,
        request.path,
        request_id(),
        str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
    )
    return domain_error(unavailable(exc))


def unreadable_body(exc: BaseException) -> bool:
    """Whether exc is gunicorn's complaint about a malformed request body (a bad chunk size
    or terminator: `gunicorn.http.errors`, raised from `wsgi.input` while the app reads it),
    which is the client's error, not the server's."""
    return type(exc).__module__.startswith("gunicorn.http")


def unexpected(exc: Exception) -> Response:
    if unreadable_body(exc):
        return domain_error(BadRequest(f"the request body could not be read: {exc}", field="body"))
    current_app.logger.exception(
        "unhandled error on %s %s request_id=%s", request.method, request.path, request_id()
    )
    request.environ[LOGGED] = True
    if not wants_json():
        return html_error(500, "Something went wrong on our side.")
    return error_response(500, "internal_error", "Something went wrong on our side.")


def stamp(response: Response) -> Response:
    """Every error answer: the request id in X-Request-Id (and in a JSON error body that
    lacks it), and one log line that names it."""
    status = response.status_code
    if status < 400:
        return response
    rid = request_id()
    response.headers[HEADER] = rid
    retry_after = request.environ.get(RETRY_AFTER)
    if retry_after is not None:
        response.headers["Retry-After"] = retry_after
    code = None
    if response.mimetype == "application/json" and not response.is_streamed:
        code = _stamp_error_body(response, rid)
    if not request.environ.get(LOGGED):
        level = logging.ERROR if status >= 500 else logging.INFO
        current_app.logger.log(
            level,
            "answered %d %s to %s %s request_id=%s",
            status,
            code or "-",
            request.method,
            request.path,
            rid,
        )
    return response


def _stamp_error_body(response: Response, rid: str) -> str | None:
    """Put the request id into a JSON error body, and return the body's error code (for
    the log line; None when the body has none)."""
    try:
        doc = orjson.loads(response.get_data())
    except orjson.JSONDecodeError:
        return None
    error = doc.get("error") if isinstance(doc, dict) else None
    if not isinstance(error, dict):
        return None
    if "request_id" not in error:
        error["request_id"] = rid
        response.set_data(dumps(doc))
    code = error.get("code")
    return code if isinstance(code, str) else None


def register(app: Flask) -> None:
    app.register_error_handler(MastheadError, domain_error)
    for kind in DATABASE_ERRORS:
        app.register_error_handler(kind, database_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
    app.after_request(stamp)
    app.jinja_env.globals["request_id"] = request_id
