"""Replay of repeated public lookups in front of Flask (a WSGI layer).

Views mark the answers that are the standard one for their key (`STORABLE`); this layer
keeps those and replays them to identical requests without entering Flask.
"""

from __future__ import annotations

import io
import threading
import time
from typing import Any

from flask import Flask

from ..web.hosts import host_key
from .cache import STALE_HEADER, ReadCache
from .memo import Memo

# Set by a view when its response is the standard one for its ResponseCache key.
STORABLE = "masthead.response_cache.storable"

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
    return ("response", path, tail, host_key(environ))


MAX_REPLAY_BODY = 64 * 1024  # batch request bodies replayed up to this size
# What one stored entry costs besides its key's and response's bytes and the memo's own
# slot: the tuples and strings of its key, status and header list.
ENTRY_OVERHEAD = 400
DEFAULT_ENTRIES = 50_000
DEFAULT_BYTES = 64 * 1024 * 1024


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
    if not 0 < length <= MAX_REPLAY_BODY:
        return None
    body: bytes = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # Flask reads it again on a miss
    return body


Stored = tuple[str, tuple[tuple[str, str], ...], bytes]


def text_size(value: Any) -> int:
    """The characters and bytes of the text in a key or a stored response (nested tuples of
    str, bytes and None)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, tuple):
        return sum(text_size(v) for v in value)
    return 0


class ResponseCache:
    """WSGI middleware: replays whole responses to repeated public lookups.

    Replayed: GET /api/v1/lookup (no If-None-Match), keyed by query string and host; a 304
    of GET /api/v1/index, keyed by If-None-Match; and POST /api/v1/lookup (a batch), keyed
    by its body (up to MAX_REPLAY_BODY). Never for requests with cookies or credentials.
    The first such request goes through Flask as usual; when the view says its answer is
    the standard one (STORABLE: never an answer to a URL that could not be looked up) and it
    is a 200 (lookups) or 304 (index) without Set-Cookie, the status, headers (CORS
    included: they depend only on method and path) and body are kept, and expire with the
    data version and LOOKUP_CACHE_TTL like the read cache. Later identical requests get
    those bytes without entering Flask. At most `max_entries` responses and `max_bytes`
    bytes are kept per worker (oldest dropped first); a response larger than the byte
    budget is not kept at all.

    So app-wide before/after-request hooks do not run for those repeats: a hook that must
    see every lookup (a rate limit or metrics on lookups) needs LOOKUP_RESPONSE_CACHE off,
    or belongs in front of the app. Today no hook changes these responses.
    """

    def __init__(
        self,
        wsgi_app: Any,
        read_cache: ReadCache,
        *,
        max_entries: int = DEFAULT_ENTRIES,
        max_bytes: int = DEFAULT_BYTES,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.cache = read_cache
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._generation = read_cache.generation
        self.stored = Memo(max_entries, max_bytes)
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        key: Any
        if environ.get("REQUEST_METHOD") == "POST":
            key = _batch_body(environ)
        else:
            key = response_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        generation = self._current_generation()  # may re-read the data version (bounded)
        found = self.stored.get(key)
        if found is not None and found[0] == generation and found[1] > time.monotonic():
            return self._replay(found[2], start_response, self.cache.stale_header())
        return self._through(environ, start_response, generation, key)

    def _current_generation(self) -> int:
        """The read cache's generation, the data version refreshed; entries of an older one
        are dropped all at once."""
        c = self.cache
        c.version  # noqa: B018 - refreshes the version (and the generation with it)
        generation = c.generation
        if generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self.stored = Memo(self.max_entries, self.max_bytes)
                    self._generation = generation
        return generation

    @staticmethod
    def _replay(stored: Stored, start_response: Any, stale: str | None) -> Any:
        """The stored response, marked `Masthead-Data-Stale` while the data version cannot
        be checked (the database unreachable)."""
        headers = list(stored[1])
        if stale is not None:
            headers.append((STALE_HEADER, stale))
        start_response(stored[0], headers)
        return [stored[2]]

    def _put(self, key: Any, stored: Stored, generation: int) -> None:
        if generation != self.cache.generation:
            return  # computed from data the version check has since dropped
        expires = time.monotonic() + self.cache.ttl
        size = text_size(key) + text_size(stored) + ENTRY_OVERHEAD
        self.stored.put(key, (generation, expires, stored), size)

    def _through(
        self, environ: dict[str, Any], start_response: Any, generation: int, key: Any
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
        if any(name.lower() in ("set-cookie", "masthead-data-stale") for name, _ in headers):
            return body_iter  # a stale answer is marked at replay time, never stored so
        try:
            body = b"".join(body_iter)
        finally:
            close = getattr(body_iter, "close", None)
            if close is not None:
                close()
        self._put(key, (status, tuple(headers), body), generation)
        return [body]


def install_response_cache(app: Flask, read_cache: ReadCache) -> None:
    if app.config.get("LOOKUP_RESPONSE_CACHE", True):
        app.wsgi_app = ResponseCache(  # type: ignore[method-assign]
            app.wsgi_app,
            read_cache,
            max_entries=int(app.config["LOOKUP_CACHE_SIZE"]),
            max_bytes=int(app.config["RESPONSE_CACHE_BYTES"]),
        )
