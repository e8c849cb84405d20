"""Request parsing and presentation shared by the curation API views: JSON bodies, the
change comment, If-Match, record responses with their version as ETag."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Response, request
from sqlalchemy.orm import Session

from .. import db
from ..auth import current_user, has_role
from ..errors import BadRequest, Forbidden, PreconditionRequired, ValidationFailed
from ..models.base import Base
from ..presenters.curation import record_json
from ..web import jsonbody
from ..web.text import printable

COMMENT_HEADER = "X-Masthead-Comment"


def json_body(*, allow_empty: bool = False) -> dict[str, Any]:
    """The request's JSON object (the optional `comment` stays in it: see `comment()`).

    413 past the size limit, 415 unless it is sent as JSON, 400 when it is not JSON the
    server reads (`server/web/jsonbody.py`), 422 when it is not an object."""
    raw = jsonbody.request_body()
    if not raw and allow_empty:
        return {}
    data = jsonbody.request_json(raw or b"null")
    if data is None and allow_empty:
        return {}
    if not isinstance(data, dict):
        raise ValidationFailed("the body must be a JSON object")
    return data


def take_comment(body: dict[str, Any]) -> str | None:
    """The change comment: a `comment` field of the body (removed from it) or the
    X-Masthead-Comment header."""
    value = body.pop("comment", None)
    if value is not None and not isinstance(value, str):
        raise ValidationFailed("comment must be a string", field="comment")
    return value or request.headers.get(COMMENT_HEADER) or None


def _parse_if_match(raw: str) -> int | None:
    raw = raw.strip()
    if raw == "*":
        return None
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if len(values) != 1:
        raise BadRequest("If-Match must name exactly one version", field="If-Match")
    value = values[0].removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit()):  # int() refuses some str.isdigit() digits
        raise BadRequest(
            f'If-Match must be the record\'s version as its ETag gives it (e.g. "3"), '
            f"not {printable(values[0], 40)}",
            field="If-Match",
        )
    return int(value)


def if_match(*, required: bool) -> int | None:
    """The version the client edits. Missing: 428 when required. `*` opts out of the check
    explicitly, and only an admin may (403 otherwise): an editor always says which version
    their change is made to."""
    raw = request.headers.get("If-Match")
    if raw is None:
        if required:
            raise PreconditionRequired(
                "send If-Match with the version you are editing (the ETag of the record)",
                field="If-Match",
            )
        return None
    version = _parse_if_match(raw)
    if version is None and not has_role(current_user(), "admin"):
        raise Forbidden(
            "If-Match: * (change the record whatever its version) is for admins; send the "
            "version you are editing (the ETag of the record)",
            field="If-Match",
        )
    return version


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """The request's session, committed when the block succeeds and rolled back otherwise."""
    session = db.session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def json_response(payload: Any, status: int = 200, *, etag: int | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    resp = Response(body, status=status, mimetype="application/json")
    if etag is not None:
        resp.set_etag(str(etag))
    resp.headers["Cache-Control"] = "no-cache"
    return resp


def record_response(obj: Base, status: int = 200, **extra: Any) -> Response:
    payload = record_json(obj, db.session())
    payload.update(extra)
    return json_response(payload, status, etag=obj.version)  # type: ignore[attr-defined]


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)  # type: ignore[arg-type]
    except ValueError:
        raise BadRequest(f"{name} must be an integer", field=name) from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}", field=name)
    return value
