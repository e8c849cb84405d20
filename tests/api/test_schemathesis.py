"""A bounded schemathesis run against a live server on a seeded database, SQLite and
PostgreSQL: every operation of /api/v1/openapi.json, with data generated from the document,
sent with an admin token and anonymously, must answer without a server error, with a
documented status, content type, headers and a body its schema accepts.

Deterministic (derandomized Hypothesis, no example database) and bounded: MAX_EXAMPLES per
operation with the admin token on SQLite (MASTHEAD_SCHEMATHESIS_EXAMPLES overrides it), a
quarter of that anonymously and on PostgreSQL; schemathesis's coverage phase (boundary
values of every documented limit) runs with the admin token on SQLite, and the integer bounds
PostgreSQL adds have their own test (tests/api/test_openapi.py). Select or skip it with
`-m schemathesis` / `-m "not schemathesis"` (and `-m "not postgres"`). Page fetches never
leave the machine: the fetcher is replaced by one that answers from memory, and name
resolution is refused.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, reject, settings
from schemathesis import checks as st_checks
from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from server import create_app, db
from server.accounts import hash_token
from server.fetcher import FetchError, PageMetadata
from server.models import ApiToken
from server.openapi import document
from tests.conftest import copy_sqlite_database
from tests.curation.conftest import make_token
from tests.databases import Database

MAX_EXAMPLES = int(os.environ.get("MASTHEAD_SCHEMATHESIS_EXAMPLES", "20"))
FEWER = max(1, MAX_EXAMPLES // 4)  # anonymously, and on PostgreSQL
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]
BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_dict(document())
pytestmark = pytest.mark.schemathesis


@dataclass
class Live:
    url: str
    admin_token: str
    admin_ids: dict[str, int]  # path parameter -> the id a run must not revoke or demote


def _offline_fetch(url: str) -> PageMetadata:
    return PageMetadata(
        url=url, final_url=url, canonical_url=url, title="A page", published="2017-08-02"
    )


def _no_resolving(host: str, *_args: object, **_kw: object) -> list[str]:
    raise FetchError("dns_failure", f"the test server resolves no names ({host})")


def _seeded_copy(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """A committed copy of the test run's seeded database of `backend`."""
    seeded: Database = request.getfixturevalue(f"{backend}_seeded")
    if backend == "sqlite":
        return copy_sqlite_database(seeded.url, folder / "masthead.sqlite3")
    seeded.engine.dispose()  # a template database must have no connections
    make: Callable[..., str] = request.getfixturevalue("fresh_postgres_db")
    return make(template=make_url(seeded.url).database)


@contextmanager
def _serve(url: str) -> Iterator[Live]:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "schemathesis-schemathesis-schemathesis",
            "DATA_VERSION_CHECK_INTERVAL": 0.0,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SUGGESTION_RATE_LIMIT": "100000 per hour",
        }
    )
    token = make_token(app, "ada", "admin")
    with app.app_context():
        session = db.session()
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
        assert row is not None
        keep = {"token_id": row.id, "user_id": row.user_id}
        session.rollback()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("server.curation.unit_of_work.app_fetcher", lambda: _offline_fetch)
        mp.setattr("server.fetcher.safety.system_resolve", _no_resolving)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Live(f"http://127.0.0.1:{server.port}", token, keep)
        finally:
            server.shutdown()
            thread.join(10)
            server.server_close()
            with app.app_context():
                db.engine().dispose()


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """The live server on a copy of the seeded SQLite database."""
    with _serve(_seeded_copy("sqlite", request, tmp_path_factory.mktemp("live"))) as server:
        yield server


@pytest.fixture(scope="module")
def live_postgres(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """The live server on a copy of the seeded PostgreSQL database."""
    with _serve(_seeded_copy("postgres", request, tmp_path_factory.mktemp("live"))) as server:
        yield server


def _check(case: schemathesis.Case, live: Live, token: str | None) -> None:
    for name, value in (case.path_parameters or {}).items():
        if live.admin_ids.get(name) == value and case.method in ("DELETE", "PATCH"):
            reject()  # the run's own admin token and user stay usable
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    case.call_and_validate(base_url=live.url, headers=headers, checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_api_answers_as_documented(case: schemathesis.Case, live: Live) -> None:
    """With the admin token, sent to every operation (public reads then skip the replay
    layer, which only answers requests without credentials)."""
    _check(case, live, live.admin_token)


@schema.parametrize()
@settings(BOUNDED, max_examples=FEWER, phases=[Phase.generate])
def test_api_answers_anonymously_as_documented(case: schemathesis.Case, live: Live) -> None:
    """Without a token: public reads through the replay layer, the rest 401."""
    _check(case, live, None)


@schema.include(method=["POST", "PATCH", "DELETE"]).parametrize()
@settings(BOUNDED, max_examples=3, phases=[Phase.generate])  # no coverage cases: all are 401
def test_writes_without_a_token_are_refused_as_documented(
    case: schemathesis.Case, live: Live
) -> None:
    case.call_and_validate(base_url=live.url, checks=CHECKS)


@pytest.mark.postgres
@schema.parametrize()
@settings(BOUNDED, max_examples=FEWER, phases=[Phase.generate])  # coverage cases: on SQLite
def test_api_answers_as_documented_on_postgres(
    case: schemathesis.Case, live_postgres: Live
) -> None:
    _check(case, live_postgres, live_postgres.admin_token)


@pytest.mark.postgres
@schema.parametrize()
@settings(BOUNDED, max_examples=FEWER, phases=[Phase.generate])
def test_api_answers_anonymously_as_documented_on_postgres(
    case: schemathesis.Case, live_postgres: Live
) -> None:
    _check(case, live_postgres, None)
