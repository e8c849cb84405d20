"""The lookup API: single and batch URL lookups, the domain index, hash-prefix reports.

The hot paths do as little as possible per request:
* a repeated lookup (same query string and host) and a 304 on the index are answered by
  `ResponseCache`, a WSGI layer in front of Flask that replays the exact status, headers
  and body the whole application produced for the first such request in this data
  version (so no app-wide hook runs for it; see its docstring);
* otherwise a cached lookup is one dict lookup keyed by the raw query string and a
  response built from pre-computed headers; a 304 on the index compares one header with a
  pre-quoted ETag. All JSON is serialized once and kept as bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import threading
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qsl, unquote

from flask import Blueprint, Response, current_app, request

from .. import db
from ..errors import BadRequest
from ..read import lookup
from ..read.cache import cache
from .common import base_url, content_etag, dumps, json_response

bp = Blueprint("lookup", __name__, url_prefix="/api/v1")

MAX_URL_PARAM = 4096
JSON = "application/json"


def snapshot() -> lookup.Snapshot:
    c = cache()

    def build() -> lookup.Snapshot:
        with db.connect() as conn, lookup.gc_paused():
            snap = lookup.build_snapshot(conn, c.version)
        lookup.settle(snap)
        return snap

    snap: lookup.Snapshot = c.derive("snapshot", build)
    return snap


def _cache_control() -> str:
    return f"public, max-age={int(current_app.config['HTTP_MAX_AGE'])}"


# A finished 200 lookup: (body, ETag, headers). A plain tuple of strings and bytes, which
# the cyclic GC stops tracking after its first pass: tens of thousands of cached lookups
# then cost a full collection nothing (as objects they made each one take ~0.2 s).
Cached = tuple[bytes, str, tuple[tuple[str, str], ...]]


def _cached(body: bytes, etag: str) -> Cached:
    headers = (("Content-Type", JSON), ("ETag", f'"{etag}"'), ("Cache-Control", _cache_control()))
    return (body, etag, headers)


def _respond(cached: Cached, environ: dict[str, Any]) -> Response:
    if "HTTP_IF_NONE_MATCH" in environ:  # rare: let the general helper decide on a 304
        return json_response(cached[0], etag=cached[1], max_age=current_app.config["HTTP_MAX_AGE"])
    return Response(cached[0], 200, list(cached[2]))


def _host_key(environ: dict[str, Any]) -> tuple[Any, ...]:
    """Everything `base_url()` may depend on (record URLs embed it), with or without a
    proxy-header middleware in front."""
    get = environ.get
    return (
        get("wsgi.url_scheme"),
        get("HTTP_HOST"),
        get("SERVER_NAME"),
        get("SERVER_PORT"),
        get("SCRIPT_NAME"),
        get("HTTP_X_FORWARDED_HOST"),
        get("HTTP_X_FORWARDED_PROTO"),
        get("HTTP_X_FORWARDED_PORT"),
        get("HTTP_X_FORWARDED_PREFIX"),
        get("HTTP_FORWARDED"),
    )


# Set by a view when its response is the standard one for its ResponseCache key.
STORABLE = "masthead.response_cache.storable"


@bp.get("/lookup")
def lookup_one() -> Response:
    environ = request.environ
    c = cache()
    # Keyed by the raw query string: a hit needs no argument parsing at all.
    key = ("lookup", environ.get("QUERY_STRING", ""), _host_key(environ))
    hit = c.get(key)
    if hit is None:
        hit = c.get_or_compute(key, _build_lookup)
    environ[STORABLE] = True
    return _respond(hit, environ)


_base_urls: dict[tuple[Any, ...], str] = {}


def _base_url() -> str:
    """`base_url()`, worked out once per distinct request host."""
    key = _host_key(request.environ)
    base = _base_urls.get(key)
    if base is None:
        base = base_url()
        if len(_base_urls) < 1000:  # hosts are few; never let odd Host headers pile up
            _base_urls[key] = base
    return base


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


def _build_lookup() -> Cached:
    raw = _url_argument(request.environ)
    if raw is not None and len(raw) > MAX_URL_PARAM:
        raise BadRequest(
            f"the url is longer than {MAX_URL_PARAM} characters", field="url", code="too_long"
        )
    canonical = lookup.parse_url(raw)
    snap = snapshot()
    canonical, rule = lookup.identify(snap, canonical)
    outlet = snap.outlet_json(rule.outlet_id, _base_url()) if rule is not None else b"null"
    sha = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    article: dict[str, Any] | None = None
    links: dict[str, list[Any]] = {}
    if snap.may_have_article(sha):
        article, links = lookup.article_and_links(db.raw_connection, db.engine().dialect, canonical)
    body = lookup.lookup_json(snap, raw or "", canonical, rule, outlet, article, links, sha)
    return _cached(body, content_etag(body))


@bp.post("/lookup")
def lookup_batch() -> Response:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or "urls" not in payload:
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    body = lookup.batch_json(snapshot(), payload["urls"])
    request.environ[STORABLE] = True
    return Response(body, 200, mimetype=JSON)


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
        environ[STORABLE] = True
        return Response(None, 304, index.not_modified_headers)
    if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        return Response(index.gzipped, 200, index.gzip_headers)
    return Response(index.body, 200, index.plain_headers)


@bp.get("/reports/hash/<prefix>")
def reports_by_hash(prefix: str) -> Response:
    value = lookup.parse_hash_prefix(prefix)
    c = cache()

    def build() -> tuple[bytes, str]:
        with db.connect() as conn:
            articles = lookup.reports_by_hash_prefix(conn, value)
        body = dumps({"prefix": value, "data_version": c.version, "articles": articles})
        return body, content_etag(body)

    body, etag = c.get_or_compute(("hash", value), build)
    return json_response(body, etag=etag, max_age=int(current_app.config["HTTP_MAX_AGE"]))


def warm() -> None:
    """Build this worker's whole-dataset structures now (snapshot, domain index)."""
    domain_index()


# --------------------------------------------------------------------------- response cache

_NOT_FOR_CACHE = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE")


def response_key(environ: dict[str, Any]) -> tuple[Any, ...] | None:
    """The ResponseCache key of a request, or None when it must go through Flask."""
    if environ.get("REQUEST_METHOD") != "GET":
        return None
    path = environ.get("PATH_INFO")
    if path == "/api/v1/lookup":
        if "HTTP_IF_NONE_MATCH" in environ:
            return None
        tail: Any = environ.get("QUERY_STRING", "")
    elif path == "/api/v1/index":
        tail = environ.get("HTTP_IF_NONE_MATCH")  # only 304s are replayed
        if tail is None:
            return None
    else:
        return None
    for name in _NOT_FOR_CACHE:
        if name in environ:
            return None
    return ("response", path, tail, _host_key(environ))


MAX_BATCH_BODY = 64 * 1024  # batch request bodies replayed up to this size
MAX_BATCH_RESPONSES = 1024  # replayed batch responses kept per worker (oldest dropped)


def _batch_body(environ: dict[str, Any]) -> bytes | None:
    """The body of a batch lookup that may be replayed (JSON, small, no credentials)."""
    if environ.get("PATH_INFO") != "/api/v1/lookup":
        return None
    if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
        return None
    for name in _NOT_FOR_CACHE:
        if name in environ:
            return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return None
    if not 0 < length <= MAX_BATCH_BODY:
        return None
    body: bytes = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # Flask reads it again on a miss
    return body


class ResponseCache:
    """WSGI middleware: replays whole responses to repeated public lookups.

    Replayed: GET /api/v1/lookup (no If-None-Match), keyed by query string and host; a 304
    of GET /api/v1/index, keyed by If-None-Match; and POST /api/v1/lookup (a batch), keyed
    by its body (up to MAX_BATCH_BODY; the last MAX_BATCH_RESPONSES kept). Never for
    requests with cookies or credentials. The first such request goes through Flask as
    usual; when the view says its answer is the standard one (STORABLE) and it is a 200
    (lookups) or 304 (index) without Set-Cookie, the status, headers (CORS included: they
    depend only on method and path) and body are kept, and expire with the data version
    and LOOKUP_CACHE_TTL like the read cache. Later identical requests get those bytes
    without entering Flask.

    So app-wide before/after-request hooks do not run for those repeats: a hook that must
    see every lookup (a rate limit or metrics on lookups) needs LOOKUP_RESPONSE_CACHE off,
    or belongs in front of the app. Today no hook changes these responses.
    """

    def __init__(self, wsgi_app: Any, read_cache: Any) -> None:
        self.wsgi_app = wsgi_app
        self.cache = read_cache
        self._batches: OrderedDict[bytes, tuple[int, float, Any]] = OrderedDict()
        self._batch_lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        c = self.cache
        if environ.get("REQUEST_METHOD") == "POST":
            body = _batch_body(environ)
            if body is None:
                return self.wsgi_app(environ, start_response)
            try:
                c.version  # noqa: B018 - refreshes the version (and the generation with it)
            except Exception:  # the database is down: Flask answers with its JSON error
                return self.wsgi_app(environ, start_response)
            generation = c.generation
            found = self._batches.get(body)
            if found is not None and found[0] == generation and found[1] > time.monotonic():
                return self._replay(found[2], start_response)
            return self._through(environ, start_response, generation, body, self._put_batch)
        key = response_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        try:
            hit = c.get(key)  # may re-read the data version
        except Exception:  # the database is down: Flask answers with its JSON error
            return self.wsgi_app(environ, start_response)
        if hit is not None:
            return self._replay(hit, start_response)
        return self._through(environ, start_response, c.generation, key, c.put)

    @staticmethod
    def _replay(stored: tuple[str, tuple[tuple[str, str], ...], bytes], start_response: Any) -> Any:
        start_response(stored[0], list(stored[1]))
        return [stored[2]]

    def _put_batch(self, body: bytes, value: Any, generation: int) -> None:
        expires = time.monotonic() + self.cache.ttl
        with self._batch_lock:
            batches = self._batches
            batches[body] = (generation, expires, value)
            while len(batches) > MAX_BATCH_RESPONSES:
                batches.popitem(last=False)

    def _through(
        self, environ: dict[str, Any], start_response: Any, generation: int, key: Any, put: Any
    ) -> Any:
        """Run Flask, keeping the response when the view marked it STORABLE."""
        seen: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = (status, headers)
            return start_response(status, headers, exc_info)

        body_iter = self.wsgi_app(environ, capture)
        if not environ.get(STORABLE) or not seen or not seen[0].startswith(("200", "304")):
            return body_iter
        status, headers = seen
        if any(name.lower() == "set-cookie" for name, _ in headers):
            return body_iter
        try:
            body = b"".join(body_iter)
        finally:
            close = getattr(body_iter, "close", None)
            if close is not None:
                close()
        put(key, (status, tuple(headers), body), generation)
        return [body]


def install_response_cache(app: Any, read_cache: Any) -> None:
    if app.config.get("LOOKUP_RESPONSE_CACHE", True):
        app.wsgi_app = ResponseCache(app.wsgi_app, read_cache)  # type: ignore[method-assign]
