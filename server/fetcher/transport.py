"""The httpx transport that connects only to addresses the safety check approved.

httpx/httpcore would normally resolve the host again when connecting, which lets a hostile DNS
server answer the check with a public address and the connection with a private one (DNS
rebinding). Here the connection layer gets a table of checked addresses instead: it connects
to those, never resolves anything, and refuses any (host, port) the check did not see. TLS
server name and the Host header still use the name from the URL, so certificates are verified
against the name. Every socket operation is also clamped to one overall deadline, so a server
that drips bytes forever cannot hold a fetch past its total timeout.
"""

from __future__ import annotations

import ssl
import threading
import time
import typing

import httpcore
import httpx

from .safety import Target

SOCKET_OPTION = typing.Any


class UnvettedDestination(httpcore.ConnectError):
    """Raised when something asks to connect to a (host, port) that was never checked."""


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _clamp(self, timeout: float | None, exc: type[Exception]) -> float:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise exc("total time limit reached")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(
            ssl_context, server_hostname, self._clamp(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """A network backend that connects (host, port) only to the addresses pinned for it."""

    def __init__(
        self, deadline: float | None = None, inner: httpcore.NetworkBackend | None = None
    ) -> None:
        self._inner = inner or httpcore.SyncBackend()
        self._deadline = deadline
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self.connected: list[tuple[str, int]] = []  # (address, port) actually connected to

    def pin(self, target: Target) -> None:
        with self._lock:
            self._pins[(target.host.lower(), target.port)] = target.addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        with self._lock:
            addresses = self._pins.get((host.lower(), port))
        if not addresses:
            raise UnvettedDestination(f"refusing to connect to unchecked destination {host}:{port}")
        last_error: Exception | None = None
        for address in addresses:
            if self._deadline is not None:
                remaining = self._deadline - time.monotonic()
                if remaining <= 0:
                    raise httpcore.ConnectTimeout("total time limit reached")
                timeout = remaining if timeout is None else min(timeout, remaining)
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            self.connected.append((address, port))
            if self._deadline is None:
                return stream
            return _DeadlineStream(stream, self._deadline)
        assert last_error is not None
        raise last_error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise UnvettedDestination("unix sockets are never used by the fetcher")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx.HTTPTransport whose connection pool uses a PinnedBackend.

    HTTPTransport has no network_backend argument, so the pool it builds is replaced by an
    equivalent one that has. No proxy is ever used: a proxy would resolve names itself.
    """

    def __init__(
        self,
        backend: PinnedBackend,
        *,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits | None = None,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=4, max_keepalive_connections=2)
        super().__init__(verify=verify, trust_env=False, limits=limits)
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=backend,
        )
        self.backend = backend
