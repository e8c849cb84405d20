"""The lookup API: single and batch URL lookups, the domain index, hash-prefix reports.

The hot paths do as little as possible per request: a repeated lookup (same query string
and host) and a 304 on the index are replayed by the response cache in front of Flask
(server/read/response_cache.py); otherwise a cached lookup is one dict lookup keyed by the
raw query string and a response from pre-computed headers, and a 304 on the index compares
one header with a pre-quoted ETag. All JSON is serialized once and kept as bytes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote

from flask import Blueprint, Response, request

from ..errors import BadRequest
from ..read import service
from ..read.lookup import MAX_BATCH_BODY, has_error_results
from ..read.response_cache import STORABLE
from ..web import jsonbody
from ..web.hosts import cached_base_url, host_key
from ..web.responses import JSON, content_etag, json_response, public_cache

bp = Blueprint("lookup", __name__, url_prefix="/api/v1")

# A finished 200 lookup: (body, ETag, headers). A plain tuple of strings and bytes, which
# the cyclic GC stops tracking after its first pass: tens of thousands of cached lookups
# then cost a full collection nothing (as objects they made each one take ~0.2 s).
Cached = tuple[bytes, str, tuple[tuple[str, str], ...]]


def _url_argument(environ: dict[str, Any]) -> str | None:
    """`request.args.get("url")`, without building the MultiDict (same parsing)."""
    # Bytes that are not UTF-8 become %XX, as percent-escapes that are not UTF-8 do below.
    query = environ.get("QUERY_STRING", "").encode("latin1").decode("utf-8", "werkzeug.url_quote")
    if query.startswith("url=") and "&" not in query:  # what the extension sends
        # parse_qsl's own handling of one pair: "+" is a space, then percent-decoding.
        return unquote(query[4:].replace("+", " "), errors="werkzeug.url_quote")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"):
        if name == "url":
            return value
    return None


def _answer(body: bytes) -> Cached:
    etag = content_etag(body)
    cache_control = public_cache(service.max_age())
    return (
        body,
        etag,
        (("Content-Type", JSON), ("ETag", f'"{etag}"'), ("Cache-Control", cache_control)),
    )


@bp.get("/lookup")
def lookup_one() -> Response:
    environ = request.environ
    # Keyed by the raw query string: a hit needs no argument parsing at all.
    key = ("lookup", environ.get("QUERY_STRING", ""), host_key(environ))
    answer = service.cached(
        key, lambda: _answer(service.single_lookup(_url_argument(environ), cached_base_url()))
    )
    environ[STORABLE] = True
    if "HTTP_IF_NONE_MATCH" in environ:  # rare: let the general helper decide on a 304
        return json_response(answer[0], etag=answer[1], max_age=service.max_age())
    return Response(answer[0], 200, list(answer[2]))


@bp.post("/lookup")
def lookup_batch() -> Response:
    # Text is checked per URL: one that no database or encoder takes gets its own error.
    raw = jsonbody.request_body(MAX_BATCH_BODY)
    payload = jsonbody.request_json(raw, check_text=False) if raw else None
    if not isinstance(payload, dict) or "urls" not in payload:
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    body = service.batch_lookup(payload["urls"])
    if not has_error_results(body):  # a URL that could not be looked up is never kept
        request.environ[STORABLE] = True
    return Response(body, 200, mimetype=JSON)


def _gzip_tagged(headers: list[tuple[str, str]], etag: str) -> list[tuple[str, str]]:
    """`headers` with the gzipped body's own strong ETag: a strong validator names one
    representation, and the gzipped body is another (RFC 9110 8.8.3)."""
    return [(k, f'"{etag}{GZIP_TAG}"' if k == "ETag" else v) for k, v in headers]


GZIP_TAG = "-gz"


@bp.get("/index")
def index_view() -> Response:
    """The domain index: one strong ETag per data version and encoding, 304 to a matching
    If-None-Match (either encoding's tag: the data is the same; the 304 names the tag the
    client sent), `Vary: Accept-Encoding`."""
    index = service.domain_index()
    environ = request.environ
    inm = environ.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        if inm == index.quoted or request.if_none_match.contains_weak(index.etag):
            environ[STORABLE] = True  # a replayed 304 depends on If-None-Match alone
            return Response(None, 304, index.not_modified_headers)
        if request.if_none_match.contains_weak(index.etag + GZIP_TAG):
            environ[STORABLE] = True
            return Response(None, 304, _gzip_tagged(index.not_modified_headers, index.etag))
    gzipped = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
    if gzipped:
        return Response(index.gzipped, 200, _gzip_tagged(index.gzip_headers, index.etag))
    return Response(index.body, 200, index.plain_headers)


@bp.get("/reports/hash/<prefix>")
def reports_by_hash(prefix: str) -> Response:
    body, etag = service.reports_by_hash(prefix)
    resp = json_response(body, etag=etag, max_age=service.max_age())
    # Buckets are padded to hide how many articles each holds (read/key_set.py): a cache or
    # CDN must not compress them, which would give the size away again. Identity only, so
    # no Vary either.
    resp.headers["Cache-Control"] += ", no-transform"
    return resp
