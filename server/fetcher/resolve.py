"""Resolving a host name with a time limit (getaddrinfo itself has none)."""

from __future__ import annotations

import socket
import threading

from .errors import FetchError


def system_resolve(host: str, port: int, timeout: float | None = None) -> list[str]:
    """The host's IPv4 and IPv6 addresses from getaddrinfo, within `timeout` seconds."""
    result: list[str] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            infos = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
            for family, _type, _proto, _canon, sockaddr in infos:
                if family in (socket.AF_INET, socket.AF_INET6):
                    result.append(str(sockaddr[0]))
        except BaseException as exc:
            error.append(exc)

    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchError("timeout", f"timed out resolving the host name {host}")
    if error:
        exc = error[0]
        if isinstance(exc, (socket.gaierror, UnicodeError, OSError)):
            raise FetchError("dns_failure", f"could not resolve the host name {host}: {exc}")
        raise exc
    return result
