"""The fault proxy itself: forwards, delays, blackholes, refuses and recovers on one port."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Iterator

import pytest

from tests.faults.tcp_proxy import TCPProxy


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        try:
            while data := self.request.recv(1024):
                self.request.sendall(data)
        except ConnectionResetError:  # the proxy refusing: reset on purpose
            pass


@pytest.fixture
def proxy() -> Iterator[TCPProxy]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with TCPProxy("127.0.0.1", server.server_address[1]) as p:
        yield p
    server.shutdown()
    server.server_close()


def _echo(port: int, payload: bytes = b"ping", timeout: float = 2.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        return s.recv(1024)


def test_forwards_both_ways(proxy: TCPProxy) -> None:
    assert _echo(proxy.port) == b"ping"


def test_delay_holds_each_chunk(proxy: TCPProxy) -> None:
    proxy.delay(0.3)
    start = time.monotonic()
    assert _echo(proxy.port) == b"ping"
    assert time.monotonic() - start >= 0.6  # held once each way


def test_blackhole_passes_nothing_until_restored(proxy: TCPProxy) -> None:
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=2) as s:
        s.sendall(b"a")
        assert s.recv(16) == b"a"
        proxy.blackhole()
        s.sendall(b"b")
        s.settimeout(0.5)
        with pytest.raises(TimeoutError):
            s.recv(16)
        proxy.restore()
        s.settimeout(2)
        assert s.recv(16) == b"b"


def test_refuse_then_restore_on_the_same_port(proxy: TCPProxy) -> None:
    port = proxy.port
    proxy.refuse()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    proxy.restore()
    assert proxy.port == port
    assert _echo(port) == b"ping"
