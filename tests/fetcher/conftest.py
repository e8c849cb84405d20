"""A real HTTP server on 127.0.0.1 serving saved pages and hostile responses, and a guard that
fails any test whose code tries to open a connection anywhere but loopback."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from server.fetcher import FetchPolicy, clear_cache

PAGES = Path(__file__).parent / "pages"
HTML = "text/html; charset=utf-8"
BOMB_DECOMPRESSED = 256 * 1024 * 1024  # 256 MiB of zeros, ~250 KB on the wire
HUGE = 2_500_000


def _make_gzip_bomb() -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"<p>" + b"\0" * (1024 * 1024 - 3)
    parts = [comp.compress(block) for _ in range(BOMB_DECOMPRESSED // len(block))]
    parts.append(comp.flush())
    return b"".join(parts)


@dataclass
class TestServer:
    host: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)
    counters: dict[str, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


class Handler(BaseHTTPRequestHandler):
    server_version = "FixtureServer/1.0"
    state: TestServer
    bomb: bytes

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(
        self,
        body: bytes,
        content_type: str | None = HTML,
        status: int = 200,
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(b"", None, status, {"Location": location})

    def _page(self, name: str, content_type: str = HTML) -> None:
        self._send((PAGES / name).read_bytes(), content_type)

    def _drip(self, interval: float, limit_s: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        end = time.monotonic() + limit_s
        try:
            self.wfile.write(b"<html><head><title>slow</title>")
            while time.monotonic() < end and not self.state.stop.is_set():
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the client gave up, as it should

    def do_GET(self) -> None:
        self.state.requests.append((self.path, self.headers.get("Host", "")))
        for serve in (self._saved_page, self._redirects, self._hostile_body, self._odd_answer):
            if serve(self.path):
                return
        self._send(b"<html><title>Not found</title></html>", HTML, 404)

    def _saved_page(self, path: str) -> bool:
        routes = {
            "/article": "news_article_graph.html",
            "/og": "opengraph_only.html",
            "/fr": "french_meta_only.html",
            "/factcheck": "factcheck_claimreview.html",
            "/article/mideast-crisis-syria-russia-casualties-idUKR4N1KB02A": (
                "reuters_russia_denies.html"
            ),
        }
        if path in routes:
            self._page(routes[path])
        elif path == "/ru":
            self._page("russian_windows1251.html", "text/html; charset=windows-1251")
        elif path == "/xhtml":
            self._page("opengraph_only.html", "application/xhtml+xml")
        else:
            return False
        return True

    def _redirects(self, path: str) -> bool:
        targets = {
            "/to-metadata": ("http://169.254.169.254/latest/meta-data", 302),
            "/to-private": ("http://10.0.0.1/admin", 301),
            "/to-decimal-private": ("http://167772161/", 302),  # 10.0.0.1
            "/to-same-host": ("/og", 302),
            "/to-ftp": ("ftp://files.example/report.html", 302),
            "/to-file": ("file:///etc/passwd", 302),
        }
        if path in targets:
            self._redirect(*targets[path])
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                self._page("news_article_graph.html")
                return True
            # Alternate absolute and relative Location headers, and redirect codes.
            nxt = f"/redirect/{n - 1}"
            location = self.state.url(nxt) if n % 2 else nxt
            self._redirect(location, (301, 302, 303, 307, 308)[n % 5])
        else:
            return False
        return True

    def _huge_unannounced(self) -> None:
        # HTTP/1.0 without Content-Length: the body ends when the server closes.
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.end_headers()
        try:
            for _ in range(HUGE // 65536 + 1):
                self.wfile.write(b"a" * 65536)
        except OSError:
            pass

    def _hostile_body(self, path: str) -> bool:
        raw = (PAGES / "opengraph_only.html").read_bytes()
        if path == "/huge":
            self._send(b"<html>" + b"a" * HUGE)
        elif path == "/huge-unannounced":
            self._huge_unannounced()
        elif path == "/gzip-bomb":
            self._send(self.bomb, HTML, headers={"Content-Encoding": "gzip"})
        elif path == "/gzip":
            self._send(gzip.compress(raw), HTML, headers={"Content-Encoding": "gzip"})
        elif path == "/deflate-raw":
            comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            body = comp.compress(raw) + comp.flush()
            self._send(body, HTML, headers={"Content-Encoding": "deflate"})
        elif path == "/brotli":
            self._send(b"\x0b\x02\x80", HTML, headers={"Content-Encoding": "br"})
        elif path == "/slow":
            self._drip(0.05, 20)
        elif path == "/stall":
            end = time.monotonic() + 5
            while time.monotonic() < end and not self.state.stop.is_set():
                time.sleep(0.05)
        else:
            return False
        return True

    def _odd_answer(self, path: str) -> bool:
        state = self.state
        if path == "/pdf":
            self._send(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
        elif path == "/no-type":
            self._send(b"<html><title>x</title></html>", None)
        elif path == "/missing":
            self._send(b"<html><title>Not found</title></html>", HTML, 404)
        elif path == "/echo-host":
            host = self.headers.get("Host", "")
            self._send(f"<html><head><title>{host}</title></head></html>".encode())
        elif path == "/flaky":
            state.counters["flaky"] = state.counters.get("flaky", 0) + 1
            if state.counters["flaky"] == 1:
                self._send(b"<html>busy</html>", HTML, 503)
            else:
                self._page("opengraph_only.html")
        else:
            return False
        return True


@pytest.fixture(scope="session")
def gzip_bomb() -> bytes:
    return _make_gzip_bomb()


@pytest.fixture(scope="session")
def http_server(gzip_bomb: bytes) -> Iterator[TestServer]:
    state = TestServer("127.0.0.1", 0)
    handler = type("BoundHandler", (Handler,), {"state": state, "bomb": gzip_bomb})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    yield state
    state.stop.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def server(http_server: TestServer) -> TestServer:
    http_server.requests.clear()
    http_server.counters.clear()
    return http_server


@pytest.fixture
def local_policy() -> FetchPolicy:
    """The policy tests use to reach the local server: MASTHEAD_FETCH_ALLOW=127.0.0.1."""
    return FetchPolicy.from_env({"MASTHEAD_FETCH_ALLOW": "127.0.0.1"})


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@dataclass
class ConnectionLog:
    attempts: list[tuple[str, int]] = field(default_factory=list)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> ConnectionLog:
    """Records every outbound TCP connection and fails the test, without connecting, on any
    destination outside the loopback range: these tests never send traffic elsewhere."""
    log = ConnectionLog()
    real = socket.create_connection

    def guarded(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        host, port = address[0], int(address[1])
        log.attempts.append((host, port))
        if not _is_loopback(host):
            pytest.fail(f"test tried to connect to non-loopback {host}:{port}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return log


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[list[str]]]], list[str]]:
    """Answer getaddrinfo for some names from a script, one answer list per call (the last
    one repeats); returns the list of names looked up."""

    def install(answers: dict[str, list[list[str]]]) -> list[str]:
        calls: list[str] = []
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
            if host not in answers:
                return real(host, port, *args, **kwargs)
            calls.append(host)
            script = answers[host]
            out = []
            for a in script[min(len(calls) - 1, len(script) - 1)]:
                if ":" in a:
                    out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0)))
                else:
                    out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)))
            return out

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        return calls

    return install
