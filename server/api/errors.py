"""One place that turns every failure into `{"error": {"code", "message", "field"?}}`.

Never an HTML page or a traceback: unknown exceptions are logged and answered with a 500.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ..errors import MastheadError


def error_response(status: int, code: str, message: str, field: str | None = None) -> Response:
    body: dict[str, object] = {"code": code, "message": message}
    if field:
        body["field"] = field
    resp = jsonify(error=body)
    resp.status_code = status
    return resp


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz")


def register(app: Flask) -> None:
    @app.errorhandler(MastheadError)
    def _domain_error(exc: MastheadError) -> Response | tuple[str, int]:
        if not _wants_json():
            return render_template("error.html", status=exc.status, message=exc.message), exc.status
        resp = jsonify(exc.to_dict())
        resp.status_code = exc.status
        return resp

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response | HTTPException:
        if not _wants_json():
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        return error_response(exc.code or 500, code, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")
