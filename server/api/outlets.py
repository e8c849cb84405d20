"""Public read API for outlet records."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from .. import catalog, db
from ..readcache import cache
from .common import base_url, content_etag, dumps, json_response

bp = Blueprint("outlets", __name__, url_prefix="/api/v1")


@bp.get("/outlets")
def list_outlets() -> Response:
    with db.engine().connect() as conn:
        body = dumps(catalog.list_outlets(conn, request.args))
    return json_response(body, max_age=current_app.config["HTTP_MAX_AGE"])


@bp.get("/outlets/<slug>")
def get_outlet(slug: str) -> Response:
    base = base_url()

    def build() -> tuple[bytes, str]:
        with db.engine().connect() as conn:
            body = dumps(catalog.get_outlet(conn, slug, base))
        return body, content_etag(body)

    body, etag = cache().get_or_compute(("outlet", slug, base), build)
    return json_response(body, etag=etag, max_age=current_app.config["HTTP_MAX_AGE"])
