"""CORS for the public API: the browser extension (an extension origin) and other sites may
read every GET /api/v1/* and post reader suggestions. No cookies or tokens are involved
(`Access-Control-Allow-Origin: *`, never credentials), so curation writes stay same-origin."""

from __future__ import annotations

from flask import Flask, Response, request

PREFIX = "/api/v1/"
# Public POSTs a page or extension may make: reader suggestions and batch lookups (read-only).
PUBLIC_POSTS = frozenset({"/api/v1/suggestions", "/api/v1/lookup"})
MAX_AGE = "86400"


def _allowed(method: str, path: str) -> bool:
    if not path.startswith(PREFIX):
        return False
    return method in ("GET", "HEAD") or (method == "POST" and path in PUBLIC_POSTS)


def add_cors_headers(response: Response) -> Response:
    path = request.path
    if request.method == "OPTIONS":
        wanted = request.headers.get("Access-Control-Request-Method", "").upper()
        if wanted and _allowed(wanted, path):
            methods = "GET, HEAD, POST, OPTIONS" if path in PUBLIC_POSTS else "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = methods
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = MAX_AGE
        return response
    if _allowed(request.method, path):
        response.headers["Access-Control-Allow-Origin"] = "*"
        # Masthead-Data-Stale: the extension may tell a reader the answer is not current.
        response.headers["Access-Control-Expose-Headers"] = (
            "ETag, Retry-After, X-Request-Id, Masthead-Data-Stale"
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
