"""The WSGI replay layer: what it keeps, what it never keeps, and when it forgets."""

from __future__ import annotations

import io
from typing import Any

import pytest

from server.read.cache import STALE_HEADER, ReadCache
from server.read.response_cache import STORABLE, ResponseCache


class App:
    """A WSGI app that counts its calls and answers what the test tells it to."""

    def __init__(self) -> None:
        self.calls = 0
        self.status = "200 OK"
        self.headers: list[tuple[str, str]] = [("Content-Type", "application/json")]
        self.storable = True

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        if self.storable:
            environ[STORABLE] = True
        body = environ["wsgi.input"].read() if environ["REQUEST_METHOD"] == "POST" else b""
        start_response(self.status, self.headers)
        return [b'{"n":%d,"body":"%s"}' % (self.calls, body)]


@pytest.fixture
def version() -> list[int]:
    return [1]


@pytest.fixture
def app() -> App:
    return App()


@pytest.fixture
def layer(app: App, version: list[int]) -> ResponseCache:
    def load() -> int:
        if version[0] < 0:
            raise RuntimeError("the database is down")
        return version[0]

    return ResponseCache(app, ReadCache(load, check_interval=0.0, ttl=60.0, maxsize=100))


def call(layer: ResponseCache, path: str, **environ: Any) -> tuple[str, bytes]:
    base = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.partition("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "m.example",
        "wsgi.input": io.BytesIO(b""),
    }
    seen: list[str] = []
    body = b"".join(
        layer({**base, **environ}, lambda status, headers, exc=None: seen.append(status))
    )
    return seen[0], body


def test_a_repeated_lookup_is_replayed_without_the_app(layer, app):
    first = call(layer, "/api/v1/lookup?url=a")
    assert call(layer, "/api/v1/lookup?url=a") == first and app.calls == 1
    call(layer, "/api/v1/lookup?url=b")
    call(layer, "/api/v1/lookup?url=a", HTTP_HOST="other.example")  # another host
    assert app.calls == 3


@pytest.mark.parametrize(
    "environ",
    [
        {"HTTP_COOKIE": "s=1"},
        {"HTTP_AUTHORIZATION": "Bearer x"},
        {"HTTP_IF_NONE_MATCH": '"x"'},
        {"REQUEST_METHOD": "DELETE"},
    ],
)
def test_never_for_credentials_conditionals_or_other_methods(layer, app, environ):
    call(layer, "/api/v1/lookup?url=a", **environ)
    call(layer, "/api/v1/lookup?url=a", **environ)
    assert app.calls == 2


def test_only_standard_answers_are_kept(layer, app):
    app.storable = False
    call(layer, "/api/v1/lookup?url=a")
    app.storable, app.status = True, "400 BAD REQUEST"
    call(layer, "/api/v1/lookup?url=a")
    app.status, app.headers = "200 OK", [("Set-Cookie", "s=1")]
    call(layer, "/api/v1/lookup?url=a")
    call(layer, "/api/v1/outlets/x")  # not a lookup
    call(layer, "/api/v1/outlets/x")
    assert app.calls == 5


def test_index_only_its_304s(layer, app):
    call(layer, "/api/v1/index")
    call(layer, "/api/v1/index")
    assert app.calls == 2
    app.status = "304 NOT MODIFIED"
    call(layer, "/api/v1/index", HTTP_IF_NONE_MATCH='"v1"')
    call(layer, "/api/v1/index", HTTP_IF_NONE_MATCH='"v1"')
    assert app.calls == 3


def test_batches_are_keyed_by_their_body(layer, app):
    def post(body: bytes) -> tuple[str, bytes]:
        return call(
            layer,
            "/api/v1/lookup",
            REQUEST_METHOD="POST",
            CONTENT_TYPE="application/json",
            CONTENT_LENGTH=str(len(body)),
            **{"wsgi.input": io.BytesIO(body)},
        )

    first = post(b'{"urls":["a"]}')
    assert b'"body":"{"urls":["a"]}"' in first[1]  # the app read the body again
    assert post(b'{"urls":["a"]}') == first and app.calls == 1
    post(b'{"urls":["b"]}')
    assert app.calls == 2


def test_a_new_data_version_forgets_everything(layer, app, version):
    call(layer, "/api/v1/lookup?url=a")
    version[0] = 2
    call(layer, "/api/v1/lookup?url=a")
    assert app.calls == 2


def _headers(layer: ResponseCache, path: str) -> dict[str, str]:
    seen: list[list[tuple[str, str]]] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.partition("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "HTTP_HOST": "m.example",
        "wsgi.input": io.BytesIO(b""),
    }
    b"".join(layer(environ, lambda status, headers, exc=None: seen.append(headers)))
    return dict(seen[0])


def test_with_the_database_down_stored_answers_are_replayed_marked_stale(layer, app, version):
    assert STALE_HEADER not in _headers(layer, "/api/v1/lookup?url=a")
    version[0] = -1  # the data version can no longer be read
    assert int(_headers(layer, "/api/v1/lookup?url=a")[STALE_HEADER]) >= 1
    assert app.calls == 1  # replayed, not recomputed
    version[0] = 1  # back: fresh again, without a restart
    assert STALE_HEADER not in _headers(layer, "/api/v1/lookup?url=a")
    assert app.calls == 1


def test_an_answer_marked_stale_is_never_stored(layer, app):
    app.headers = [*app.headers, (STALE_HEADER, "3")]
    call(layer, "/api/v1/lookup?url=a")
    call(layer, "/api/v1/lookup?url=a")
    assert app.calls == 2


def test_responses_are_bounded_in_bytes_as_well_as_in_count(app, version):
    def load() -> int:
        return version[0]

    read_cache = ReadCache(load, check_interval=0.0, ttl=60.0, maxsize=100)
    small = ResponseCache(app, read_cache, max_entries=1000, max_bytes=20_000)
    for i in range(100):
        call(small, f"/api/v1/lookup?url={i}-" + "x" * 1000)
    assert 0 < small.stored.nbytes <= 20_000 and len(small.stored) < 20
    calls = app.calls
    call(small, "/api/v1/lookup?url=99-" + "x" * 1000)  # the newest is still kept
    assert app.calls == calls
    call(small, "/api/v1/lookup?url=0-" + "x" * 1000)  # the oldest went first
    assert app.calls == calls + 1


def test_a_response_larger_than_the_byte_budget_is_not_kept(app, version):
    read_cache = ReadCache(lambda: version[0], check_interval=0.0, ttl=60.0, maxsize=100)
    tiny = ResponseCache(app, read_cache, max_entries=1000, max_bytes=500)
    call(tiny, "/api/v1/lookup?url=" + "y" * 600)
    call(tiny, "/api/v1/lookup?url=" + "y" * 600)
    assert app.calls == 2 and len(tiny.stored) == 0


def test_a_new_data_version_frees_what_the_old_one_kept(layer, app, version):
    call(layer, "/api/v1/lookup?url=a")
    assert len(layer.stored) == 1
    version[0] = 2
    call(layer, "/api/v1/lookup?url=b")
    assert len(layer.stored) == 1  # only b's: a's went with its version
