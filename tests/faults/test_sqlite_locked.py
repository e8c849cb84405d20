"""A real gunicorn (2 gthread workers) on a SQLite file another process holds the write lock
of (a long import, a backup tool): writes wait MASTHEAD_SQLITE_BUSY_TIMEOUT, then answer a
JSON 503 with Retry-After, never hang; reads go on (WAL); once the lock is gone, writes are
accepted again without a restart (issue #13)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest

from server.read.cache import STALE_HEADER
from tests.conftest import copy_sqlite_database
from tests.databases import Database
from tests.web.gunicorn_probe import Gunicorn, gunicorn

REPO = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT = 1.0
SETTINGS = {
    "MASTHEAD_SQLITE_BUSY_TIMEOUT": str(BUSY_TIMEOUT),
    "MASTHEAD_READ_MODEL_FREEZE": "0",
    "MASTHEAD_RATELIMIT_STORAGE_URI": "memory://",
}
CACHED = "/api/v1/lookup?url=" + quote("https://rt.com/", safe="")
SUGGESTION = json.dumps(
    {
        "kind": "report",
        "page_url": "https://www.rt.com/news/398374-russia-syria-losses-reuters/",
        "report_url": "https://www.bbc.com/news/world-middle-east-40794578",
        "relation": "disputes",
        "message": "Sent while the file was locked.",
    }
).encode()
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, sqlite_seeded: Database) -> Path:
    folder = tmp_path_factory.mktemp("locked")
    return Path(copy_sqlite_database(sqlite_seeded.url, folder / "m.sqlite3")[len("sqlite:///") :])


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[Gunicorn]:
    with gunicorn(REPO, database, workers=2, settings=SETTINGS) as g:
        yield g


def test_a_locked_sqlite_file_makes_writes_503_after_the_busy_timeout_and_reads_go_on(
    server, database
):
    assert server.request("GET", CACHED)[0] == 200
    with closing(sqlite3.connect(database, isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held
        holder.execute("UPDATE data_version SET updated_at = updated_at")
        start = time.monotonic()
        status, headers, body = server.request("POST", "/api/v1/suggestions", SUGGESTION, JSON)
        took = time.monotonic() - start
        assert status == 503 and headers["Retry-After"] == "1", body
        assert json.loads(body)["error"]["code"] == "database_unavailable"
        assert BUSY_TIMEOUT - 0.2 < took < BUSY_TIMEOUT + 1.5
        for _ in range(10):  # readers are not blocked by a writer (WAL), nor marked stale
            status, headers, _ = server.request("GET", CACHED)
            assert status == 200 and STALE_HEADER not in headers
        holder.execute("ROLLBACK")
    status, _, body = server.request("POST", "/api/v1/suggestions", SUGGESTION, JSON)
    assert status == 201, body
