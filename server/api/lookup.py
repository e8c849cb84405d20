"""The lookup API: single and batch URL lookups, the domain index, hash-prefix reports.

The hot paths do as little as possible per request: a cached lookup is one dict lookup
keyed by the raw query string (and the request's host, which record URLs depend on) and a
response built from pre-computed headers; a 304 on the index compares one header with a
pre-quoted ETag. All JSON is serialized once and kept as bytes.
"""

from __future__ import annotations

import gzip
from typing import Any

from flask import Blueprint, Response, current_app, request

from .. import db, lookup
from ..errors import BadRequest
from ..readcache import cache
from .common import base_url, content_etag, dumps, json_response

bp = Blueprint("lookup", __name__, url_prefix="/api/v1")

MAX_URL_PARAM = 4096
JSON = "application/json"


def snapshot() -> lookup.Snapshot:
    c = cache()

    def build() -> lookup.Snapshot:
        with db.engine().connect() as conn, lookup.gc_paused():
            snap = lookup.build_snapshot(conn, c.version)
        lookup.settle(snap)
        return snap

    snap: lookup.Snapshot = c.derive("snapshot", build)
    return snap


def _cache_control() -> str:
    return f"public, max-age={int(current_app.config['HTTP_MAX_AGE'])}"


class _Cached:
    """A finished 200 response: body, ETag and the headers to send with it."""

    __slots__ = ("body", "etag", "headers")

    def __init__(self, body: bytes, etag: str) -> None:
        self.body = body
        self.etag = etag
        self.headers = [
            ("Content-Type", JSON),
            ("ETag", f'"{etag}"'),
            ("Cache-Control", _cache_control()),
        ]

    def respond(self, environ: dict[str, Any]) -> Response:
        if "HTTP_IF_NONE_MATCH" in environ:  # rare: let the general helper decide on a 304
            return json_response(
                self.body, etag=self.etag, max_age=current_app.config["HTTP_MAX_AGE"]
            )
        return Response(self.body, 200, self.headers)


def _host_key(environ: dict[str, Any]) -> tuple[Any, ...]:
    """What `base_url()` depends on when PUBLIC_URL is not set (record URLs embed it)."""
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST"),
        environ.get("SERVER_NAME"),
        environ.get("SERVER_PORT"),
    )


@bp.get("/lookup")
def lookup_one() -> Response:
    environ = request.environ
    c = cache()
    # Keyed by the raw query string: a hit needs no argument parsing at all.
    key = ("lookup", environ.get("QUERY_STRING", ""), _host_key(environ))
    hit = c.get(key)
    if hit is None:
        hit = c.get_or_compute(key, _build_lookup)
    return hit.respond(environ)


def _build_lookup() -> _Cached:
    raw = request.args.get("url")
    if raw is not None and len(raw) > MAX_URL_PARAM:
        raise BadRequest(
            f"the url is longer than {MAX_URL_PARAM} characters", field="url", code="too_long"
        )
    canonical = lookup.parse_url(raw)
    snap = snapshot()
    canonical, rule = lookup.identify(snap, canonical)
    outlet = snap.outlet_json(rule.outlet_id, base_url()) if rule is not None else b"null"
    with db.engine().connect() as conn:
        article, links = lookup.article_and_links(conn, canonical)
    body = lookup.lookup_json(snap, raw or "", canonical, rule, outlet, article, links)
    return _Cached(body, content_etag(body))


@bp.post("/lookup")
def lookup_batch() -> Response:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "urls" not in payload:
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    return Response(lookup.batch_json(snapshot(), payload["urls"]), 200, mimetype=JSON)


class _Index:
    """The domain index of one data version, serialized and gzipped once."""

    __slots__ = (
        "body",
        "etag",
        "gzip_headers",
        "gzipped",
        "not_modified_headers",
        "plain_headers",
        "quoted",
    )

    def __init__(self, snap: lookup.Snapshot) -> None:
        with lookup.gc_paused():
            body = dumps(lookup.domain_index_document(snap))
        self.body = body
        # Level 6: within 1% of level 9's size, three times faster (0.5 s for 200k rules).
        self.gzipped = gzip.compress(body, 6, mtime=0)
        self.etag = f"v{snap.version}-{content_etag(body)}"
        self.quoted = f'"{self.etag}"'
        common = [
            ("ETag", self.quoted),
            ("Cache-Control", _cache_control()),
            ("Vary", "Accept-Encoding"),
        ]
        self.not_modified_headers = common
        self.plain_headers = [("Content-Type", JSON), *common]
        self.gzip_headers = [("Content-Type", JSON), ("Content-Encoding", "gzip"), *common]


def domain_index() -> _Index:
    return cache().derive("index", lambda: _Index(snapshot()))  # type: ignore[no-any-return]


@bp.get("/index")
def index_view() -> Response:
    index = domain_index()
    environ = request.environ
    inm = environ.get("HTTP_IF_NONE_MATCH")
    if inm is not None and (inm == index.quoted or index.etag in request.if_none_match):
        return Response(None, 304, index.not_modified_headers)
    if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        return Response(index.gzipped, 200, index.gzip_headers)
    return Response(index.body, 200, index.plain_headers)


@bp.get("/reports/hash/<prefix>")
def reports_by_hash(prefix: str) -> Response:
    value = lookup.parse_hash_prefix(prefix)
    c = cache()

    def build() -> tuple[bytes, str]:
        with db.engine().connect() as conn:
            articles = lookup.reports_by_hash_prefix(conn, value)
        body = dumps({"prefix": value, "data_version": c.version, "articles": articles})
        return body, content_etag(body)

    body, etag = c.get_or_compute(("hash", value), build)
    return json_response(body, etag=etag, max_age=int(current_app.config["HTTP_MAX_AGE"]))


def warm() -> None:
    """Build this worker's whole-dataset structures now (snapshot, domain index)."""
    domain_index()
