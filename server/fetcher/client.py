"""Fetching a page for its metadata: redirects checked hop by hop, size and time caps, a cache.

All outbound HTTP of the fetcher goes through `fetch_page`, which turns every transport
failure into a FetchError.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import httpx
from cachetools import TTLCache

from .extract import extract_metadata
from .safety import FetchError, FetchPolicy, check_url
from .transport import PinnedBackend, PinnedTransport

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
CACHE_TTL_SECONDS = 600
CACHE_SIZE = 1024


@dataclass
class FetchedPage:
    url: str  # as requested
    final_url: str
    status: int
    content_type: str
    body: bytes
    redirects: list[str] = field(default_factory=list)


@dataclass
class PageMetadata:
    url: str
    final_url: str
    canonical_url: str
    title: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None  # see extract.DATE_SOURCES
    modified: str | None = None
    modified_source: str | None = None
    language: str | None = None
    description: str | None = None
    claim_review: dict[str, Any] | None = None
    fetched_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --- body decoding with a hard cap --------------------------------------------------------------


class _CappedDecoder:
    """Content-Encoding decoder that never produces more than `limit` + 1 bytes, however
    small the compressed input: a gzip bomb is cut off without being inflated."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.total = 0
        self.parts: list[bytes] = []
        self._deflate_raw = False
        self._z: Any = self._new()

    def _new(self) -> Any:
        if self.encoding == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._deflate_raw else zlib.MAX_WBITS)
        return None

    def _emit(self, data: bytes) -> None:
        self.total += len(data)
        if self.total > self.limit:
            raise _TooLarge()
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._emit(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._z.decompress(data, self.limit - self.total + 1)
            except zlib.error:
                if self.encoding == "deflate" and not self._deflate_raw and self.total == 0:
                    # Some servers send raw deflate without the zlib header.
                    self._deflate_raw = True
                    self._z = self._new()
                    continue
                raise
            self._emit(out)
            if self._z.unconsumed_tail:
                data = self._z.unconsumed_tail
            elif self._z.eof and self._z.unused_data and self.encoding == "gzip":
                data = self._z.unused_data  # another gzip member
                self._z = self._new()
            else:
                data = b""

    def finish(self) -> bytes:
        if self._z is not None:
            # A truncated stream still gives us the part we have.
            with contextlib.suppress(zlib.error):
                self._emit(self._z.flush())
        return b"".join(self.parts)


class _TooLarge(Exception):
    pass


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _read_body(response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    encodings = [
        e.strip().lower()
        for e in response.headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    encodings = ["gzip" if e == "x-gzip" else e for e in encodings]
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "deflate")):
        raise FetchError(
            "http_error",
            f"the server sent an unsupported Content-Encoding: "
            f"{response.headers.get('content-encoding')}",
        )
    too_large = FetchError(
        "too_large", f"the page is larger than the {_mb(policy.max_bytes)} limit"
    )
    length = response.headers.get("content-length")
    if length and length.strip().isdigit() and int(length) > policy.max_bytes:
        raise too_large
    decoder = _CappedDecoder(encodings[0] if encodings else "identity", policy.max_bytes)
    received = 0
    try:
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > policy.max_bytes:
                raise too_large
            decoder.feed(chunk)
            if time.monotonic() > deadline:
                raise _timeout(policy)
        return decoder.finish()
    except _TooLarge:
        raise too_large from None
    except zlib.error as exc:
        raise FetchError("http_error", f"the page could not be decompressed ({exc})") from None


def _timeout(policy: FetchPolicy) -> FetchError:
    return FetchError(
        "timeout", f"the page did not arrive within the {policy.total_timeout:g} s time limit"
    )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _shown(url: httpx.URL) -> str:
    """The URL without any user:password part, for results and messages."""
    return str(url.copy_with(userinfo=b"")) if url.userinfo else str(url)


def _looks_like_html(response: httpx.Response) -> bool:
    media = _media_type(response.headers.get("content-type", ""))
    return media in HTML_TYPES


# --- the fetch ------------------------------------------------------------------------------------


def fetch_page(url: str, policy: FetchPolicy | None = None) -> FetchedPage:
    """GET `url` under `policy`: every hop checked before connecting, redirects followed by
    hand, body streamed and capped. Raises FetchError."""
    policy = policy or FetchPolicy.from_env()
    deadline = time.monotonic() + policy.total_timeout
    backend = PinnedBackend(deadline=deadline)
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.total_timeout,
        write=policy.total_timeout,
        pool=policy.total_timeout,
    )
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    redirects: list[str] = []
    current = url.strip()
    with httpx.Client(
        transport=PinnedTransport(backend),
        trust_env=False,
        follow_redirects=False,
        timeout=timeout,
        headers=headers,
    ) as client:
        for _hop in range(policy.max_redirects + 1):
            target = check_url(current, policy, deadline=deadline)
            backend.pin(target)
            try:
                response = client.send(client.build_request("GET", target.url), stream=True)
            except httpx.TimeoutException:
                raise _timeout(policy) from None
            except httpx.HTTPError as exc:
                raise FetchError(
                    "connect_error", f"could not connect to {target.host}:{target.port} ({exc})"
                ) from None
            try:
                status = response.status_code
                location = response.headers.get("location")
                if status in REDIRECT_STATUSES and location:
                    redirects.append(_shown(target.url))
                    current = urljoin(str(target.url), location.strip())
                    continue
                if not 200 <= status < 300:
                    phrase = response.reason_phrase or ""
                    raise FetchError(
                        "http_error",
                        f"the server answered HTTP {status} {phrase}".rstrip()
                        + f" for {_shown(target.url)}",
                    )
                content_type = response.headers.get("content-type", "")
                if not _looks_like_html(response):
                    shown = _media_type(content_type) or "no Content-Type"
                    raise FetchError(
                        "not_html", f"the URL is not a web page (it is {shown}, not HTML)"
                    )
                try:
                    body = _read_body(response, policy, deadline)
                except httpx.TimeoutException:
                    raise _timeout(policy) from None
                except httpx.HTTPError as exc:
                    raise FetchError(
                        "connect_error", f"the connection to {target.host} failed ({exc})"
                    ) from None
                return FetchedPage(
                    url=url,
                    final_url=_shown(target.url),
                    status=status,
                    content_type=content_type,
                    body=body,
                    redirects=redirects,
                )
            finally:
                response.close()
    raise FetchError(
        "too_many_redirects",
        f"gave up after {policy.max_redirects} redirects (last one pointed to {current})",
    )


# --- metadata with a cache ---------------------------------------------------------------------

_cache: TTLCache[tuple[str, FetchPolicy], PageMetadata] = TTLCache(
    maxsize=CACHE_SIZE, ttl=CACHE_TTL_SECONDS
)
_cache_lock = threading.Lock()


def cache_key(url: str) -> str:
    """The cache key for a requested URL: canonicalized when server.urls is available."""
    stripped = url.strip()
    try:
        from server.urls import canonicalize  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return stripped
    try:
        key = canonicalize(stripped)
    except Exception:
        return stripped
    return key if isinstance(key, str) and key else stripped


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def fetch_metadata(url: str, policy: FetchPolicy | None = None) -> PageMetadata:
    """Fetch `url` and return its metadata. Raises FetchError; errors are not cached."""
    policy = policy or FetchPolicy.from_env()
    key = (cache_key(url), policy)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return dataclasses.replace(copy.deepcopy(cached), url=url)
    page = fetch_page(url, policy)
    fields = extract_metadata(page.body, page.final_url, page.content_type)
    meta = PageMetadata(
        url=url,
        final_url=page.final_url,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        **fields,
    )
    with _cache_lock:
        _cache[key] = meta
    return copy.deepcopy(meta)
