"""Public read API for outlet records."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from .. import db
from ..read import catalog
from ..read.cache import cache
from .common import base_url, dumps, json_response

bp = Blueprint("outlets", __name__, url_prefix="/api/v1")


@bp.get("/outlets")
def list_outlets() -> Response:
    with db.connect() as conn:
        body = dumps(catalog.list_outlets(conn, request.args))
    return json_response(body, max_age=current_app.config["HTTP_MAX_AGE"])


@bp.get("/outlets/<slug>")
def get_outlet(slug: str) -> Response:
    base = base_url()

    def build() -> tuple[bytes, int]:
        with db.connect() as conn:
            record = catalog.get_outlet(conn, slug, base)
        return dumps(record), record["version"]

    body, version = cache().get_or_compute(("outlet-v", slug, base), build)
    # The ETag is the outlet's version, the one PATCH/DELETE take in If-Match. It does not
    # cover the labels, relations and owners shown with it, so it is not used for 304s.
    resp = Response(body, mimetype="application/json")
    resp.set_etag(str(version))
    resp.headers["Cache-Control"] = f"public, max-age={current_app.config['HTTP_MAX_AGE']}"
    return resp
