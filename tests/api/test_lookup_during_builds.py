"""Readers never wait on a build (issue #18): with the data version checked in the
background, a lookup made while the next read model is being made answers at once from the
one before, marked stale with its own data version; a model finished after a newer write
is still served, and the newer one follows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from server import create_app
from server.db import make_engine
from server.read import service
from server.read.cache import STALE_HEADER, cache
from tests.databases import app_config

RT_ARTICLE = "https://www.rt.com/news/398374-russia-syria-losses-reuters/"


def lookup(app: Flask) -> tuple[dict[str, Any], dict[str, str]]:
    resp = app.test_client().get("/api/v1/lookup", query_string={"url": RT_ARTICLE})
    assert resp.status_code == 200
    return resp.get_json(), dict(resp.headers)


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def rename_rt(database_url: str, name: str) -> None:
    """An edit made elsewhere, as a raw SQL writer would (no change log: a full build)."""
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE outlets SET name = :n WHERE slug = 'rt'"), {"n": name})
        conn.execute(text("UPDATE data_version SET version = version + 1"))
    engine.dispose()


class SlowBuilds:
    """`service.make_model` whose model, once read, is held until released (bounded), as a
    long build would be: recording the versions it made."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.made: list[int] = []
        self.real = service.make_model

    def __call__(self, previous: Any, version: int) -> Any:
        model = self.real(previous, version)  # read now: a newer write comes after it
        self.started.set()
        assert self.release.wait(10), "the test never released the build"
        self.made.append(model.version)
        return model


@pytest.fixture
def polling_app(seeded: Flask, database_url: str) -> Iterator[Flask]:
    """A second app on the committed seeded database, checking in the background as a
    gunicorn worker does."""
    config = {**app_config(database_url), "DATA_VERSION_POLL": True}
    other = create_app({**config, "DATA_VERSION_CHECK_INTERVAL": 0.1})
    yield other
    with other.app_context():
        cache().stop()
        from server.db import engine

        engine().dispose()


def test_a_lookup_during_a_slow_build_answers_at_once_from_the_old_model(
    polling_app: Flask, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, headers = lookup(polling_app)
    old_version = body["data_version"]
    assert body["outlet"]["name"] == "RT" and STALE_HEADER not in headers
    slow = SlowBuilds()
    monkeypatch.setattr(service, "make_model", slow)
    rename_rt(database_url, "RT (edited)")
    assert slow.started.wait(3), "no build started after the write"
    try:
        for _ in range(5):
            start = time.monotonic()
            body, headers = lookup(polling_app)
            assert time.monotonic() - start < 0.5
            assert body["outlet"]["name"] == "RT" and body["data_version"] == old_version
            assert int(headers[STALE_HEADER]) >= 1
    finally:
        slow.release.set()
    wait_for(lambda: lookup(polling_app)[0]["outlet"]["name"] == "RT (edited)", 3, "not swapped in")
    body, headers = lookup(polling_app)
    assert body["data_version"] == old_version + 1 and STALE_HEADER not in headers


def test_a_model_finished_after_a_newer_write_is_served_and_the_next_follows(
    polling_app: Flask, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = lookup(polling_app)[0]["data_version"]
    with polling_app.app_context():
        builder = service.models()
    swaps = builder.swaps
    slow = SlowBuilds()
    monkeypatch.setattr(service, "make_model", slow)
    rename_rt(database_url, "RT one")
    assert slow.started.wait(3)
    rename_rt(database_url, "RT two")  # while the first build runs
    with polling_app.app_context():
        wait_for(lambda: cache().version == first + 2, 3, "the second write was not seen")
    slow.release.set()
    wait_for(lambda: lookup(polling_app)[0]["data_version"] == first + 2, 5, "never caught up")
    assert lookup(polling_app)[0]["outlet"]["name"] == "RT two"
    assert slow.made == [first + 1, first + 2]  # the first was not thrown away
    assert builder.swaps == swaps + 2
