"""JSON responses: one helper for every API answer, and the ETag of a body."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, request

from .jsonbytes import dumps

JSON = "application/json"


def json_response(
    payload: Any,
    status: int = 200,
    *,
    etag: str | int | None = None,
    max_age: int | None = None,
) -> Response:
    """A JSON response from a document or its bytes.

    With `max_age`, a public, cacheable answer: `Cache-Control: public, max-age=...`, and a
    304 to a matching If-None-Match. Without, `Cache-Control: no-cache` (curation answers:
    their ETag is the record's version, which edits send back in If-Match).
    """
    tag = None if etag is None else str(etag)
    if max_age is not None and tag is not None and tag in request.if_none_match:
        resp = Response(status=304)
    else:
        body = payload if isinstance(payload, bytes) else dumps(payload)
        resp = Response(body, status=status, mimetype=JSON)
    if tag is not None:
        resp.set_etag(tag)
    resp.headers["Cache-Control"] = "no-cache" if max_age is None else public_cache(max_age)
    return resp


def public_cache(max_age: int | float) -> str:
    return f"public, max-age={int(max_age)}"


def content_etag(body: bytes) -> str:
    """96 bits of the body's SHA-256 (hardware-accelerated here: twice BLAKE2b's speed)."""
    return hashlib.sha256(body).hexdigest()[:24]
