"""Reader suggestions: anyone may submit (rate-limited per address, small bodies); editors
review them.

    POST /api/v1/suggestions                 anonymous -> 201 {"id", "status": "pending"}
    GET  /api/v1/suggestions?status=pending  editor
    GET  /api/v1/suggestions/<id>            editor
    POST /api/v1/suggestions/<id>/accept     editor: creates the report link / applies the patch
    POST /api/v1/suggestions/<id>/reject     editor: {"reason": ...}
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from .. import db
from ..auth import add_www_authenticate, current_actor, require_role
from ..curation import Curator
from ..curation import suggestions as service
from ..presenters.curation import record_json, suggestion_json
from ..web.limits import limiter
from .curation_common import int_arg, json_body, json_response, take_comment, unit_of_work

bp = Blueprint("suggestions", __name__, url_prefix="/api/v1")
bp.after_request(add_www_authenticate)


def _rate() -> str:
    return str(current_app.config["SUGGESTION_RATE_LIMIT"])


@bp.post("/suggestions")
def submit() -> Response:
    with limiter().limit(_rate, scope="suggestions"):
        request.max_content_length = service.MAX_BODY  # a larger body is a 413 before it is read
        body = json_body()
        with unit_of_work() as session:
            row = service.submit(session, body)
        return json_response({"id": row.id, "status": row.status}, 201)


@bp.get("/suggestions")
@require_role("editor")
def list_suggestions() -> Response:
    status = request.args.get("status", "pending")
    limit = int_arg("limit", 50, 1, 500)
    offset = int_arg("offset", 0, 0, 10**9)
    session = db.session()
    total, rows = service.list_suggestions(
        session, status=None if status == "all" else status, limit=limit, offset=offset
    )
    return json_response(
        {
            "total": total,
            "limit": limit,
            "offset": offset,
            "suggestions": [suggestion_json(r, session) for r in rows],
        }
    )


@bp.get("/suggestions/<int:suggestion_id>")
@require_role("editor")
def get_suggestion(suggestion_id: int) -> Response:
    session = db.session()
    return json_response(suggestion_json(service.get_suggestion(session, suggestion_id), session))


@bp.post("/suggestions/<int:suggestion_id>/accept")
@require_role("editor")
def accept(suggestion_id: int) -> Response:
    body = json_body(allow_empty=True)
    comment = take_comment(body) or f"from reader suggestion {suggestion_id}"
    with Curator(db.session(), current_actor(), comment=comment) as cur:
        row, record = service.accept(cur, suggestion_id, body)
    session = db.session()
    return json_response(
        {
            "suggestion": suggestion_json(row, session),
            "record": record_json(record, session) if record is not None else None,
        }
    )


@bp.post("/suggestions/<int:suggestion_id>/reject")
@require_role("editor")
def reject(suggestion_id: int) -> Response:
    body = json_body(allow_empty=True)
    with unit_of_work() as session:
        row = service.reject(session, suggestion_id, current_actor().id, body)
    return json_response({"suggestion": suggestion_json(row, db.session())})
