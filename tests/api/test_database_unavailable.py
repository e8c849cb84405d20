"""With the database unreachable, readers get what the worker holds in memory, marked stale,
and everything else is the one JSON error shape as a 503 with Retry-After (issue #13); on
SQLite and PostgreSQL alike. The outage is simulated at the data-version check, the probe
that opens and closes the breaker (the real thing, through a TCP proxy: tests/faults)."""

from __future__ import annotations

import pytest
from sqlalchemy import exc as sa_exc

from server.db_health import health
from server.read import service
from server.read.cache import STALE_HEADER, cache

RT_HOME = "https://rt.com/"
RT_ARTICLE = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"
SUGGESTION = {
    "kind": "report",
    "page_url": RT_ARTICLE,
    "report_url": "https://www.bbc.com/news/world-middle-east-40794578",
    "relation": "disputes",
    "message": "Sent while the database was away.",
}


def _down(*_args: object) -> int:
    raise sa_exc.OperationalError("SELECT version", {}, ConnectionRefusedError("refused"))


class Outage:
    """Takes the database away, as the data-version check sees it, and gives it back."""

    def __init__(self, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        with app.app_context():
            self.read_cache = cache()
        self.monkeypatch = monkeypatch

    def __call__(self) -> None:
        self.monkeypatch.setattr(self.read_cache, "_load_version", _down)

    def end(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def outage(app, monkeypatch):  # type: ignore[no-untyped-def]
    yield Outage(app, monkeypatch)
    monkeypatch.undo()


def lookup(client, url: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.get("/api/v1/lookup", query_string={"url": url, **extra})


def assert_unavailable(resp) -> None:  # type: ignore[no-untyped-def]
    assert resp.status_code == 503, resp.data
    assert resp.headers["Retry-After"] == "1"
    error = resp.get_json()["error"]
    assert error["code"] == "database_unavailable"
    assert error["request_id"] == resp.headers["X-Request-Id"]


def test_cached_reads_are_served_marked_stale_the_rest_is_503(seeded, client, outage):
    assert STALE_HEADER not in lookup(client, RT_HOME).headers
    assert client.get("/api/v1/outlets/rt").status_code == 200
    outage()
    home = lookup(client, RT_HOME)
    assert home.status_code == 200 and home.get_json()["outlet"]["slug"] == "rt"
    assert int(home.headers[STALE_HEADER]) >= 1
    assert STALE_HEADER in home.headers["Access-Control-Expose-Headers"]  # the extension sees it
    other_key = lookup(client, RT_HOME, n="1")  # a new key, answered from the read model
    assert other_key.status_code == 200 and STALE_HEADER in other_key.headers
    record = client.get("/api/v1/outlets/rt")
    assert record.status_code == 200 and STALE_HEADER in record.headers
    assert_unavailable(lookup(client, RT_ARTICLE))  # its article is in the database
    assert_unavailable(client.get("/api/v1/outlets/bbc"))  # not cached
    assert_unavailable(client.post("/api/v1/suggestions", json=SUGGESTION))
    assert_unavailable(client.get("/readyz"))
    assert client.get("/healthz").status_code == 200


def test_the_next_good_check_ends_the_outage_without_a_restart(seeded, client, outage, app):
    lookup(client, RT_HOME)
    outage()
    assert_unavailable(lookup(client, RT_ARTICLE))
    with app.app_context():
        assert health().down
    outage.end()
    fresh = lookup(client, RT_ARTICLE)
    assert fresh.status_code == 200 and STALE_HEADER not in fresh.headers
    assert client.post("/api/v1/suggestions", json=SUGGESTION).status_code == 201


def test_without_a_read_model_a_lookup_is_503(app, client, outage):
    outage()
    assert_unavailable(lookup(client, RT_HOME))
    assert_unavailable(client.post("/api/v1/lookup", json={"urls": [RT_HOME]}))


@pytest.mark.parametrize(
    "error",
    [
        sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection")),
        sa_exc.TimeoutError("QueuePool limit reached, connection timed out"),
    ],
)
def test_a_database_error_inside_a_request_is_503_never_500(seeded, client, monkeypatch, error):
    def fail(*_args: object) -> object:
        raise error

    monkeypatch.setattr(service, "outlet_record", fail)
    assert_unavailable(client.get("/api/v1/outlets/rt"))
