"""The curation API: read, create, update and delete every curated record type.

    GET    /api/v1/<type>             list (filters: see server/curation/queries.py)
    GET    /api/v1/<type>/<key>       one record; ETag: "<version>"
    POST   /api/v1/<type>             create (editor) -> 201, Location, ETag
    PATCH  /api/v1/<type>/<key>       update (editor, If-Match required)
    DELETE /api/v1/<type>/<key>       delete (editor; outlets, entities: admin; If-Match)
    POST   /api/v1/fetch              what a URL would fill (editor)
    POST   /api/v1/{relations,labels}/<id>/reviewed   source re-checked today (editor, If-Match)

<type> is outlets, domains, entities, relations, labels, citations, articles, stories or
report-links; <key> is the slug for outlets, entities and stories, the id otherwise. The
public outlet listing and record (GET /api/v1/outlets[/<slug>]) live in outlets.py.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .. import db, permissions
from ..auth import add_www_authenticate, current_actor, current_user, require_role
from ..curation import BY_PATH, Actor, Curator, record_type
from ..curation import schemas as s
from ..curation.queries import list_records
from ..presenters.curation import record_json, revision_json
from ..web.hosts import base_url
from .curation_common import (
    if_match,
    int_arg,
    json_body,
    json_response,
    record_response,
    take_comment,
)

bp = Blueprint("curation", __name__, url_prefix="/api/v1")
bp.after_request(add_www_authenticate)

PUBLIC_ELSEWHERE = {"outlets"}  # GET list and record served by the outlets blueprint


def _location(path: str, obj: object) -> str:
    rtype = BY_PATH[path]
    return f"{base_url()}/api/v1/{path}/{getattr(obj, rtype.key)}"


def _key(ids: dict[str, object]) -> str | int:
    return ids["slug"] if "slug" in ids else ids["id"]  # type: ignore[return-value]


def rule_for(path: str) -> str:
    """The URL of one record: /<path>/<slug> or /<path>/<int:id>."""
    return f"/{path}/<slug>" if BY_PATH[path].key == "slug" else f"/{path}/<int:id>"


def get_record(path: str, **ids: object) -> Response:
    key = _key(ids)
    obj = Curator(db.session(), Actor(None, "anonymous")).get(path, key)
    return record_response(obj)


def list_of(path: str) -> Response:
    limit = int_arg("limit", 100, 1, 500)
    offset = int_arg("offset", 0, 0, 10**9)
    session = db.session()
    total, rows = list_records(session, path, request.args, limit=limit, offset=offset)
    items = [record_json(r, session) for r in rows]
    return json_response({"total": total, "limit": limit, "offset": offset, "items": items})


@require_role("editor")
def create_record(path: str) -> Response:
    body = json_body()
    with Curator(db.session(), current_actor(), comment=take_comment(body)) as cur:
        obj = cur.create(path, body)
    resp = record_response(obj, 201)
    resp.headers["Location"] = _location(path, obj)
    return resp


@require_role("editor")
def update_record(path: str, **ids: object) -> Response:
    key = _key(ids)
    version = if_match(required=True)
    body = json_body()
    with Curator(db.session(), current_actor(), comment=take_comment(body)) as cur:
        obj = cur.update(path, key, body, if_match=version)
    return record_response(obj)


@require_role("editor")
def delete_record(path: str, **ids: object) -> Response:
    permissions.check_delete(current_user(), record_type(path).name)
    key = _key(ids)
    version = if_match(required=True)
    body = json_body(allow_empty=True)
    with Curator(db.session(), current_actor(), comment=take_comment(body)) as cur:
        revision = cur.delete(path, key, if_match=version)
    rtype = record_type(path)
    return json_response(
        {
            "deleted": {"record_type": rtype.name, "id": revision.record_id},
            "revision": revision_json(revision),
            "cascade": [r.id for r in cur.revisions[:-1]],
        }
    )


for _path in BY_PATH:
    _kw = {"path": _path}
    if _path not in PUBLIC_ELSEWHERE:
        bp.add_url_rule(f"/{_path}", f"list_{_path}", list_of, methods=["GET"], defaults=_kw)
        bp.add_url_rule(rule_for(_path), f"get_{_path}", get_record, methods=["GET"], defaults=_kw)
    bp.add_url_rule(f"/{_path}", f"create_{_path}", create_record, methods=["POST"], defaults=_kw)
    bp.add_url_rule(
        rule_for(_path), f"update_{_path}", update_record, methods=["PATCH"], defaults=_kw
    )
    bp.add_url_rule(
        rule_for(_path), f"delete_{_path}", delete_record, methods=["DELETE"], defaults=_kw
    )


@require_role("editor")
def mark_reviewed(path: str, id: int) -> Response:
    """The fact's source re-checked today (server/curation/review.py): If-Match required."""
    version = if_match(required=True)
    body = json_body(allow_empty=True)
    comment = take_comment(body)
    d: s.Reviewed = s.parse(s.Reviewed, body)
    with Curator(db.session(), current_actor(), comment=comment) as cur:
        obj = cur.mark_reviewed(path, id, if_match=version, review_due=d.review_due)
    return record_response(obj)


for _path in ("relations", "labels"):
    bp.add_url_rule(
        f"/{_path}/<int:id>/reviewed",
        f"reviewed_{_path}",
        mark_reviewed,
        methods=["POST"],
        defaults={"path": _path},
    )


@bp.post("/fetch")
@require_role("editor")
def fetch_preview() -> Response:
    """What adding this URL would fill in (title, date, author, outlet, rating), unsaved."""
    d: s.FetchRequest = s.parse(s.FetchRequest, json_body())
    cur = Curator(db.session(), current_actor())
    fill = cur.fetch(d.url)
    db.session().rollback()
    return json_response(fill.to_dict())
