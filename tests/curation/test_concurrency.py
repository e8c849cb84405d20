"""Optimistic concurrency under real contention: N threads PATCH the same outlet from the same
version through a real threaded HTTP server on PostgreSQL. Exactly one wins; the others get
412 with the current version; history holds exactly the winning change."""

from __future__ import annotations

import threading

import httpx
import pytest
from werkzeug.serving import make_server

from server import create_app
from tests.conftest import clean_database

from .conftest import Api, make_token, outlet_payload

N = 8

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(postgres_url):  # type: ignore[no-untyped-def]
    clean_database(postgres_url)
    app = create_app(
        {"TESTING": True, "DATABASE_URL": postgres_url, "RATELIMIT_STORAGE_URI": "memory://"}
    )
    yield app
    from server.db import engine

    with app.app_context():
        engine().dispose()
    clean_database(postgres_url)


@pytest.fixture
def live_server(pg_app):  # type: ignore[no-untyped-def]
    server = make_server("127.0.0.1", 0, pg_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_n_concurrent_updates_from_one_version_one_wins(pg_app, live_server):  # type: ignore[no-untyped-def]
    editor = Api(pg_app.test_client(), make_token(pg_app, "erin", "editor"))
    body = outlet_payload()
    body.pop("relations")
    assert editor.post("/outlets", body).status_code == 201
    barrier = threading.Barrier(N)
    results: list[tuple[int, dict, str]] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        with httpx.Client(base_url=live_server, timeout=30, trust_env=False) as http:
            barrier.wait()
            resp = http.patch(
                "/api/v1/outlets/harbour-ledger",
                json={"name": f"Name from worker {i}"},
                headers={"Authorization": f"Bearer {editor.token}", "If-Match": '"1"'},
            )
        with lock:
            results.append((resp.status_code, resp.json(), f"Name from worker {i}"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    statuses = sorted(status for status, _body, _name in results)
    assert statuses == [200] + [412] * (N - 1), results
    winner = next(name for status, _b, name in results if status == 200)
    for status, payload, _name in results:
        if status == 412:
            assert payload["error"]["current_version"] == 2
    record = editor.get("/outlets/harbour-ledger").get_json()
    assert record["name"] == winner and record["version"] == 2
    history = editor.get("/outlets/harbour-ledger/history").get_json()["revisions"]
    updates = [r for r in history if r["action"] == "update"]
    assert len(updates) == 1 and updates[0]["after"]["name"] == winner
