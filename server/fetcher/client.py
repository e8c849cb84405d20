"""Fetching a page: redirects checked hop by hop, size and time caps.

All outbound HTTP of the fetcher goes through `fetch_page`, which turns every transport
failure into a FetchError.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from .body import read_body, timeout_error
from .errors import FetchError
from .policy import FetchPolicy
from .safety import Target, check_url
from .transport import PinnedBackend, PinnedTransport

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


@dataclass
class FetchedPage:
    url: str  # as requested
    final_url: str
    status: int
    content_type: str
    body: bytes
    redirects: list[str] = field(default_factory=list)


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _shown(url: httpx.URL) -> str:
    """The URL without any user:password part, for results and messages."""
    return str(url.copy_with(userinfo=b"")) if url.userinfo else str(url)


def _client(policy: FetchPolicy, backend: PinnedBackend, accept: str) -> httpx.Client:
    """An httpx client that connects only through `backend` and never follows redirects."""
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.total_timeout,
        write=policy.total_timeout,
        pool=policy.total_timeout,
    )
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
    }
    return httpx.Client(
        transport=PinnedTransport(backend),
        trust_env=False,
        follow_redirects=False,
        timeout=timeout,
        headers=headers,
    )


def _send(client: httpx.Client, target: Target, policy: FetchPolicy) -> httpx.Response:
    try:
        return client.send(client.build_request("GET", target.url), stream=True)
    except httpx.TimeoutException:
        raise timeout_error(policy) from None
    except httpx.HTTPError as exc:
        raise FetchError(
            "connect_error", f"could not connect to {target.host}:{target.port} ({exc})"
        ) from None


def _check_response(response: httpx.Response, target: Target, media_types: frozenset[str]) -> None:
    """Raise unless the response is a 2xx answer of one of `media_types` (HTML pages)."""
    status = response.status_code
    if not 200 <= status < 300:
        phrase = response.reason_phrase or ""
        raise FetchError(
            "http_error",
            f"the server answered HTTP {status} {phrase}".rstrip() + f" for {_shown(target.url)}",
        )
    media = _media_type(response.headers.get("content-type", ""))
    if media not in media_types:
        shown = media or "no Content-Type"
        wanted = "HTML" if media_types == HTML_TYPES else " or ".join(sorted(media_types))
        raise FetchError("not_html", f"the URL is not a web page (it is {shown}, not {wanted})")


def _body(response: httpx.Response, target: Target, policy: FetchPolicy, deadline: float) -> bytes:
    try:
        return read_body(response, policy, deadline)
    except httpx.TimeoutException:
        raise timeout_error(policy) from None
    except httpx.HTTPError as exc:
        raise FetchError(
            "connect_error", f"the connection to {target.host} failed ({exc})"
        ) from None


def _redirect(response: httpx.Response) -> str | None:
    """Where a redirect response points, or None when it is not one."""
    location = response.headers.get("location")
    if response.status_code in REDIRECT_STATUSES and location:
        return location.strip()
    return None


def fetch_page(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    media_types: frozenset[str] = HTML_TYPES,
    accept: str = HTML_ACCEPT,
) -> FetchedPage:
    """GET `url` under `policy`: every hop checked before connecting, redirects followed by
    hand, body streamed and capped. Only an answer of `media_types` is taken (HTML pages
    unless a caller such as the Wikidata importer asks for JSON). Raises FetchError."""
    policy = policy or FetchPolicy.from_env()
    deadline = time.monotonic() + policy.total_timeout
    backend = PinnedBackend(deadline=deadline)
    redirects: list[str] = []
    current = url.strip()
    with _client(policy, backend, accept) as client:
        for _hop in range(policy.max_redirects + 1):
            target = check_url(current, policy, deadline=deadline)
            backend.pin(target)
            response = _send(client, target, policy)
            try:
                if (location := _redirect(response)) is not None:
                    redirects.append(_shown(target.url))
                    current = urljoin(str(target.url), location)
                    continue
                _check_response(response, target, media_types)
                body = _body(response, target, policy, deadline)
                return FetchedPage(
                    url=url,
                    final_url=_shown(target.url),
                    status=response.status_code,
                    content_type=response.headers.get("content-type", ""),
                    body=body,
                    redirects=redirects,
                )
            finally:
                response.close()
    raise FetchError(
        "too_many_redirects",
        f"gave up after {policy.max_redirects} redirects (last one pointed to {current})",
    )
