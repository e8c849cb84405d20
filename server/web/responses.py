"""JSON responses: one helper for every API answer, and the ETag of a body."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, current_app, has_app_context, request

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

    With `max_age`, a public, cacheable answer: `Cache-Control: public, max-age=...,
    stale-while-revalidate=...`, and a 304 to a matching If-None-Match (compared weakly, as
    RFC 9110 says for If-None-Match: a CDN that compressed the answer sends back W/"tag").
    Without, `Cache-Control: no-cache` (curation answers:
    their ETag is the record's version, which edits send back in If-Match).
    """
    tag = None if etag is None else str(etag)
    if max_age is not None and tag is not None and request.if_none_match.contains_weak(tag):
        resp = Response(status=304)
    else:
        body = payload if isinstance(payload, bytes) else dumps(payload)
        resp = Response(body, status=status, mimetype=JSON)
    if tag is not None:
        resp.set_etag(tag)
    resp.headers["Cache-Control"] = "no-cache" if max_age is None else public_cache(max_age)
    return resp


def public_cache(max_age: int | float) -> str:
    """The Cache-Control of a public read answer: a cache (browser, CDN) may keep it for
    `max_age` seconds, then serve it for HTTP_STALE_WHILE_REVALIDATE more while it asks
    again with If-None-Match (answered 304 while the data version has not changed)."""
    value = f"public, max-age={int(max_age)}"
    swr = int(current_app.config.get("HTTP_STALE_WHILE_REVALIDATE", 0)) if has_app_context() else 0
    return f"{value}, stale-while-revalidate={swr}" if swr > 0 else value


def content_etag(body: bytes) -> str:
    """96 bits of the body's SHA-256 (hardware-accelerated here: twice BLAKE2b's speed)."""
    return hashlib.sha256(body).hexdigest()[:24]
