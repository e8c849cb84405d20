"""Public read API for outlet records."""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..read import service
from ..web.hosts import base_url
from ..web.responses import JSON, json_response, public_cache

bp = Blueprint("outlets", __name__, url_prefix="/api/v1")


@bp.get("/outlets")
def list_outlets() -> Response:
    return json_response(service.list_outlets(request.args), max_age=service.max_age())


@bp.get("/outlets/<slug>")
def get_outlet(slug: str) -> Response:
    body, version = service.outlet_record_json(slug, base_url())
    # The ETag is the outlet's version, the one PATCH/DELETE take in If-Match. It does not
    # cover the labels, relations and owners shown with it, so it is not used for 304s.
    resp = Response(body, mimetype=JSON)
    resp.set_etag(str(version))
    resp.headers["Cache-Control"] = public_cache(service.max_age())
    return resp
