"""A bounded schemathesis run against a live server on a seeded SQLite file: every operation
of /api/v1/openapi.json, with data generated from the document, must answer without a server
error, with a documented status, content type, headers and a body its schema accepts.

Deterministic (derandomized Hypothesis, no example database) and bounded: MAX_EXAMPLES per
operation (MASTHEAD_SCHEMATHESIS_EXAMPLES overrides it). Select or skip it with
`-m schemathesis` / `-m "not schemathesis"`. Page fetches never leave the machine: the
fetcher is replaced by one that answers from memory, and name resolution is refused.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, reject, settings
from schemathesis import checks as st_checks
from werkzeug.serving import make_server

from server import create_app, migrate
from server.fetcher import FetchError, PageMetadata
from server.openapi import document
from tests.conftest import MIGRATIONS
from tests.curation.conftest import make_token

MAX_EXAMPLES = int(os.environ.get("MASTHEAD_SCHEMATHESIS_EXAMPLES", "25"))
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


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'masthead.sqlite3'}"
    migrate.upgrade(url, MIGRATIONS)
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "schemathesis-schemathesis-schemathesis",
            "DATA_VERSION_CHECK_INTERVAL": 0.0,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SUGGESTION_RATE_LIMIT": "100000 per hour",
        }
    )
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    token = make_token(app, "ada", "admin")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("server.curation.unit_of_work.app_fetcher", lambda: _offline_fetch)
        mp.setattr("server.fetcher.safety.system_resolve", _no_resolving)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield Live(f"http://127.0.0.1:{server.port}", token, {"token_id": 1, "user_id": 1})
        finally:
            server.shutdown()
            thread.join(10)
            server.server_close()
            with app.app_context():
                from server.db import engine

                engine().dispose()


def _headers(case: schemathesis.Case, live: Live) -> dict[str, str]:
    if not case.operation.definition.raw.get("security"):
        return {}
    return {"Authorization": f"Bearer {live.admin_token}"}


@schema.parametrize()
@BOUNDED
def test_api_answers_as_documented(case: schemathesis.Case, live: Live) -> None:
    for name, value in (case.path_parameters or {}).items():
        if live.admin_ids.get(name) == value and case.method in ("DELETE", "PATCH"):
            reject()  # the run's own admin token and user stay usable
    case.call_and_validate(base_url=live.url, headers=_headers(case, live), checks=CHECKS)


@schema.include(method=["POST", "PATCH", "DELETE"]).parametrize()
@settings(BOUNDED, max_examples=3, phases=[Phase.generate])  # no coverage cases: all are 401
def test_writes_without_a_token_are_refused_as_documented(
    case: schemathesis.Case, live: Live
) -> None:
    case.call_and_validate(base_url=live.url, checks=CHECKS)
