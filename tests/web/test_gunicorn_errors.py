"""Errors gunicorn answers before the app sees a request are JSON, with a request id."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from server.web.gunicorn_errors import error_bytes

REPO = Path(__file__).resolve().parents[2]


def test_error_bytes_is_a_json_response() -> None:
    raw = error_bytes(414, "URI Too Long", "line too long", "abc123")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 URI Too Long\r\n")
    assert b"Content-Type: application/json" in head
    assert b"X-Request-Id: abc123" in head
    assert f"Content-Length: {len(body)}".encode() in head
    assert body == (
        b'{"error": {"code": "url_too_long", "message": "line too long", "request_id": "abc123"}}'
    )


def test_the_log_line_names_the_bodys_error_code(caplog: pytest.LogCaptureFixture) -> None:
    from server.web import gunicorn_errors

    mine, theirs = socket.socketpair()
    with mine, theirs, caplog.at_level("WARNING", logger="gunicorn.error"):
        gunicorn_errors._write_json_error(mine, 414, "URI Too Long", "line too long")
        body = theirs.recv(65536).partition(b"\r\n\r\n")[2]
    rid = json.loads(body)["error"]["request_id"]
    assert caplog.messages == [f"answered 414 url_too_long (line too long) request_id={rid}"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = _free_port()
    env = {
        **os.environ,
        "MASTHEAD_BIND": f"127.0.0.1:{port}",
        "MASTHEAD_WORKERS": "1",
        "MASTHEAD_THREADS": "2",
        "MASTHEAD_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('g')}/m.sqlite3",
        "MASTHEAD_ACCESS_LOG": "/dev/null",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "server:create_app()"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert proc.stderr is not None
        proc.stderr.close()


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    """(status, headers, body) of one GET on its own connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read()
    finally:
        conn.close()


def test_overlong_request_line_is_json_414(gunicorn_port: int) -> None:
    status, headers, body = _get(gunicorn_port, "/api/v1/lookup?url=" + "a" * 9000)
    assert status == 414
    assert headers["Content-Type"] == "application/json"
    rid = headers["X-Request-Id"]
    assert rid
    assert b'"code": "url_too_long"' in body and rid.encode() in body


def test_overlong_header_is_json_431_or_400(gunicorn_port: int) -> None:
    status, headers, body = _get(gunicorn_port, "/healthz", {"X-Big": "b" * 9000})
    assert status in (400, 431)
    assert headers["Content-Type"] == "application/json"
    assert b'"request_id"' in body


def test_a_fully_percent_encoded_url_at_the_api_limit_reaches_the_app(gunicorn_port: int) -> None:
    encoded = "%41" * 2000  # 6,000 bytes on the request line, 2,000 characters decoded
    status, _, _ = _get(gunicorn_port, "/api/v1/lookup?url=https%3A%2F%2Fexample.com%2F" + encoded)
    assert status != 414


def _raw(port: int, request: bytes) -> tuple[int, dict[str, Any]]:
    """(status, JSON body) of one raw HTTP/1.1 request (the connection closed after it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def _chunked(body: bytes) -> bytes:
    return (
        b"POST /api/v1/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    )


@pytest.mark.parametrize(
    "body", [b"zz\r\n", b"2\r\n{}XX0\r\n\r\n"], ids=["bad-chunk-size", "bad-chunk-terminator"]
)
def test_a_malformed_chunked_body_is_a_400_not_a_500(gunicorn_port: int, body: bytes) -> None:
    status, doc = _raw(gunicorn_port, _chunked(body))
    assert status == 400
    assert doc["error"]["code"] == "bad_request" and doc["error"]["request_id"]


def test_a_chunked_body_past_the_batch_limit_is_a_413_not_half_read(gunicorn_port: int) -> None:
    urls = json.dumps({"urls": ["https://example.com/" + "x" * 1000] * 3000}).encode()
    body = b"".join(
        b"%x\r\n%s\r\n" % (len(part), part)
        for part in (urls[i : i + 65536] for i in range(0, len(urls), 65536))
    )
    status, doc = _raw(gunicorn_port, _chunked(body + b"0\r\n\r\n"))
    assert status == 413
    assert doc["error"]["code"] == "request_entity_too_large"
