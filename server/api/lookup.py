"""The lookup API: single and batch URL lookups, the domain index, hash-prefix reports."""

from __future__ import annotations

import gzip

from flask import Blueprint, Response, current_app, request

from .. import db, lookup
from ..errors import BadRequest
from ..readcache import cache
from .common import base_url, content_etag, dumps, json_response

bp = Blueprint("lookup", __name__, url_prefix="/api/v1")

MAX_URL_PARAM = 4096


def snapshot() -> lookup.Snapshot:
    c = cache()

    def build() -> lookup.Snapshot:
        with db.engine().connect() as conn:
            return lookup.build_snapshot(conn, c.version)

    snap: lookup.Snapshot = c.derive("snapshot", build)
    return snap


def _max_age() -> int:
    return int(current_app.config["HTTP_MAX_AGE"])


@bp.get("/lookup")
def lookup_one() -> Response:
    raw = request.args.get("url")
    if raw is not None and len(raw) > MAX_URL_PARAM:
        raise BadRequest(
            f"the url is longer than {MAX_URL_PARAM} characters", field="url", code="too_long"
        )
    c = cache()
    base = base_url()

    def build() -> tuple[bytes, str]:
        canonical = lookup.parse_url(raw)
        snap = snapshot()
        canonical, rule = lookup.identify(snap, canonical)
        outlet = None
        if rule is not None:
            outlet = c.get_or_compute(
                ("outlet-record", rule.outlet_id, base),
                lambda: _outlet_record(rule.outlet_id, base),
            )
        with db.engine().connect() as conn:
            article, links = lookup.article_and_links(conn, canonical)
        body = dumps(
            lookup.lookup_result(raw or "", canonical, rule, snap.version, outlet, article, links)
        )
        return body, content_etag(body)

    body, etag = c.get_or_compute(("lookup", raw, base), build)
    return json_response(body, etag=etag, max_age=_max_age())


def _outlet_record(outlet_id: int, base: str) -> dict | None:
    with db.engine().connect() as conn:
        return lookup.outlet_record_by_id(conn, outlet_id, base)


@bp.post("/lookup")
def lookup_batch() -> Response:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "urls" not in payload:
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    snap = snapshot()
    results = lookup.batch_results(snap, payload["urls"])
    return json_response(dumps({"data_version": snap.version, "results": results}))


@bp.get("/index")
def domain_index() -> Response:
    c = cache()

    def build() -> tuple[bytes, bytes, str]:
        body = dumps(lookup.domain_index_document(snapshot()))
        return body, gzip.compress(body, 9, mtime=0), f"v{c.version}-{content_etag(body)}"

    body, gzipped, etag = c.get_or_compute(("index",), build)
    if etag in request.if_none_match:
        return json_response(b"", etag=etag, max_age=_max_age())
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        resp = json_response(gzipped, etag=etag, max_age=_max_age())
        resp.headers["Content-Encoding"] = "gzip"
    else:
        resp = json_response(body, etag=etag, max_age=_max_age())
    resp.headers["Vary"] = "Accept-Encoding"
    return resp


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
    return json_response(body, etag=etag, max_age=_max_age())
