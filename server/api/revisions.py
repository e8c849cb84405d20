"""Revision history (public, like the records it describes) and revert (editor).

GET  /api/v1/<type>/<key>/history     a record's revisions, newest first (also after deletion)
GET  /api/v1/revisions                recent changes (filters: record_type, actor)
GET  /api/v1/revisions/<id>           one revision
POST /api/v1/revisions/<id>/revert    undo it, as a new revision (If-Match optional)
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .. import db, permissions
from ..auth import add_www_authenticate, current_actor, current_user, require_role
from ..curation import BY_PATH, Curator, recent_revisions, record_type, revisions_of
from ..errors import NotFound
from ..models import Revision
from ..presenters.curation import record_json, revision_json
from .curation import rule_for
from .curation_common import if_match, int_arg, json_body, json_response, take_comment

bp = Blueprint("revisions", __name__, url_prefix="/api/v1")
bp.after_request(add_www_authenticate)


def record_history(path: str, **ids: object) -> Response:
    rtype = record_type(path)
    key = str(ids["slug"] if "slug" in ids else ids["id"])
    record_id, revisions = revisions_of(db.session(), path, key)
    return json_response(
        {
            "record_type": rtype.name,
            "record_id": record_id,
            "revisions": [revision_json(r) for r in revisions],
        }
    )


for _path in BY_PATH:
    bp.add_url_rule(
        rule_for(_path) + "/history",
        f"history_{_path}",
        record_history,
        methods=["GET"],
        defaults={"path": _path},
    )


@bp.get("/revisions")
def list_revisions() -> Response:
    limit = int_arg("limit", 50, 1, 500)
    offset = int_arg("offset", 0, 0, 10**9)
    rows = recent_revisions(
        db.session(),
        record_type_name=request.args.get("record_type") or None,
        actor=request.args.get("actor") or None,
        limit=limit,
        offset=offset,
    )
    return json_response(
        {"limit": limit, "offset": offset, "revisions": [revision_json(r) for r in rows]}
    )


@bp.get("/revisions/<int:revision_id>")
def get_revision(revision_id: int) -> Response:
    rev = db.session().get(Revision, revision_id)
    if rev is None:
        raise NotFound(f"no revision {revision_id}", field="id")
    return json_response(revision_json(rev))


@bp.post("/revisions/<int:revision_id>/revert")
@require_role("editor")
def revert(revision_id: int) -> Response:
    target = db.session().get(Revision, revision_id)
    if target is not None:  # unknown ids get the Curator's 404
        permissions.check_revert(current_user(), target)
    version = if_match(required=False)
    body = json_body(allow_empty=True)
    comment = take_comment(body) or f"revert of revision {revision_id}"
    with Curator(db.session(), current_actor(), comment=comment) as cur:
        rev = cur.revert(revision_id, if_match=version)
    session = db.session()
    obj = session.get(record_type(rev.record_type).model, rev.record_id)
    payload = {
        "revision": revision_json(rev),
        "also": [r.id for r in cur.revisions if r is not rev],
        "record": record_json(obj, session) if obj is not None else None,
    }
    return json_response(payload, etag=getattr(obj, "version", None))
