"""Against a real gunicorn (2 workers, a seeded SQLite file): anonymous input cannot grow the
workers' memory without bound, a URL at the documented limit reaches the app even fully
percent-encoded, and an error's request id is in the log (issue #13).

Before the fix, 80 batches of one distinct invalid 2,000,000-character URL took the two
workers from 214 MB to 582 MB (the batch memo kept each URL twice, bounded by count only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from server.read.lookup import ECHO_MAX, MAX_BATCH_BODY, MAX_URL_LENGTH
from tests.conftest import copy_sqlite_database

from .gunicorn_probe import MB, Gunicorn, gunicorn, invalid_url, probe

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 80
MOST_GROWTH = 20 * MB
# The largest invalid URL whose batch body stays under the limit (`{"urls": ["..."]}`).
JUST_UNDER = MAX_BATCH_BODY - 20


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sqlite_seeded) -> Iterator[Gunicorn]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("gunicorn")
    database = Path(copy_sqlite_database(sqlite_seeded.url, folder / "m.sqlite3")[10:])
    with gunicorn(REPO, database, workers=2, log=folder / "error.log") as g:
        assert g.batch(["https://rt.com/"])[0] == 200  # each worker builds its read model
        assert g.batch(["https://rt.com/"])[0] == 200
        # Warm up: the allocator's per-thread arenas reach the size one such request needs.
        probe(g, 40, JUST_UNDER)
        probe(g, 8, 2_000_000)
        yield g


def test_batches_of_two_megabyte_urls_are_413_and_leave_memory_flat(server):
    assert len(json.dumps({"urls": [invalid_url(0, 2_000_000)]})) > MAX_BATCH_BODY
    growth, statuses = probe(server, ROUNDS, 2_000_000)
    assert statuses == [413] * ROUNDS
    assert growth < MOST_GROWTH, f"grew {growth / MB:.1f} MB"


def test_batches_of_invalid_urls_just_under_the_body_limit_leave_memory_flat(server):
    body = json.dumps({"urls": [invalid_url(10**6, JUST_UNDER)]})
    assert len(body) <= MAX_BATCH_BODY
    growth, statuses = probe(server, ROUNDS, JUST_UNDER)
    assert statuses == [200] * ROUNDS
    assert growth < MOST_GROWTH, f"grew {growth / MB:.1f} MB"
    status, _, answer = server.batch([invalid_url(10**6 + 1, JUST_UNDER)])
    (result,) = json.loads(answer)["results"]
    assert status == 200 and result["error"]["code"] == "too_long"
    assert len(result["url"]) == ECHO_MAX  # the echo is cut, never the whole URL


@pytest.mark.parametrize("char", ["a", "\u00e9", "\u65e5"])
def test_a_url_at_the_limit_fully_percent_encoded_reaches_the_app(server, char):
    base = "https://rt.com/"
    width = len(quote(char, safe="abc"))  # as sent: 1, 6 or 9
    url = base + char * ((MAX_URL_LENGTH - len(base)) // width)
    url += "a" * (MAX_URL_LENGTH - len(base) - width * ((MAX_URL_LENGTH - len(base)) // width))
    status, _, _ = server.request("GET", "/api/v1/lookup?url=" + quote(url, safe=""))
    assert status == 200
    status, _, body = server.request("GET", "/api/v1/lookup?url=" + quote(url + "a", safe=""))
    assert status == 400 and json.loads(body)["error"]["code"] == "too_long"


def test_an_error_answers_request_id_is_in_the_servers_log(server):
    status, headers, body = server.request("GET", "/api/v1/nothing-here")
    rid = headers["X-Request-Id"]
    assert status == 404 and json.loads(body)["error"]["request_id"] == rid
    log = server.log.read_text()
    assert f"request_id={rid}" in log and "/api/v1/nothing-here" in log
