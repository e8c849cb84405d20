"""API tokens and the users they belong to (admin only). A new token's secret is in the 201
answer and nowhere else, ever.

    POST   /api/v1/tokens        {"user", "role"?, "name"?} -> 201 {"token", ...}
    GET    /api/v1/tokens        ?user=&include_revoked=1
    DELETE /api/v1/tokens/<id>   revoke -> 204
    POST   /api/v1/users         {"name", "role", "password"?}
    GET    /api/v1/users
    PATCH  /api/v1/users/<id>    {"role"?, "active"?, "password"?}
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .. import db
from ..auth import add_www_authenticate, require_role
from ..curation import access
from .curation_common import json_body, json_response, unit_of_work

bp = Blueprint("tokens", __name__, url_prefix="/api/v1")
bp.after_request(add_www_authenticate)


@bp.post("/tokens")
@require_role("admin")
def create_token() -> Response:
    body = json_body()
    with unit_of_work() as session:
        token, row = access.create_token(session, body)
        payload = {**access.token_json(row), "token": token}
    resp = json_response(payload, 201)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("/tokens")
@require_role("admin")
def list_tokens() -> Response:
    rows = access.list_tokens(
        db.session(),
        user=request.args.get("user") or None,
        include_revoked=request.args.get("include_revoked") in ("1", "true", "yes"),
    )
    return json_response({"tokens": [access.token_json(t) for t in rows]})


@bp.delete("/tokens/<int:token_id>")
@require_role("admin")
def revoke_token(token_id: int) -> Response:
    with unit_of_work() as session:
        access.revoke_token(session, token_id)
    return Response(status=204)


@bp.post("/users")
@require_role("admin")
def create_user() -> Response:
    body = json_body()
    with unit_of_work() as session:
        user = access.create_user(session, body)
        payload = access.user_json(user)
    return json_response(payload, 201)


@bp.get("/users")
@require_role("admin")
def list_users() -> Response:
    return json_response({"users": [access.user_json(u) for u in access.list_users(db.session())]})


@bp.patch("/users/<int:user_id>")
@require_role("admin")
def update_user(user_id: int) -> Response:
    body = json_body()
    with unit_of_work() as session:
        user = access.update_user(session, user_id, body)
        payload = access.user_json(user)
    return json_response(payload)
