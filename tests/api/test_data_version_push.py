"""Redis announces new data versions (issue #18): with MASTHEAD_REDIS_URL set, a write in one
worker reaches another within a second although that one checks the database only every
30 s. Uses the Redis on 127.0.0.1:6379, a channel of its own per test."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from flask import Flask
from sqlalchemy import text

from server import db
from server.db import make_engine
from server.read import push
from server.read.cache import cache
from tests.databases import app_config
from tests.workers import background_workers

REDIS_URL = os.environ.get("MASTHEAD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis unreachable in CI: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    return REDIS_URL


@pytest.fixture
def workers(seeded: Flask, database_url: str, redis_url: str) -> Iterator[list[Flask]]:
    """Two workers on one database and one channel, checking the database every 30 s."""
    config = {
        **app_config(database_url),
        "DATA_VERSION_POLL": True,
        "DATA_VERSION_CHECK_INTERVAL": 30.0,
        "REDIS_URL": redis_url,
        "DATA_VERSION_CHANNEL": f"masthead-test:{uuid.uuid4().hex}",
    }
    with background_workers(config) as apps:
        yield apps


def rt_name(worker: Flask) -> str:
    resp = worker.test_client().get("/api/v1/lookup", query_string={"url": "https://rt.com/"})
    return str(resp.get_json()["outlet"]["name"])


def subscribed(worker: Flask) -> None:
    with worker.app_context():
        read_cache = cache()
        read_cache.start()
        assert read_cache.subscriber is not None
        assert read_cache.subscriber.connected.wait(5), "never subscribed"


def test_a_write_reaches_another_worker_within_a_second_through_redis(
    workers: list[Flask],
) -> None:
    writer, reader = workers
    for worker in workers:
        assert rt_name(worker) == "RT"
        subscribed(worker)
    time.sleep(0.2)  # the poller's first round is over: only the next message can help
    from server.curation import Actor, Curator

    with writer.test_request_context("/"), Curator(db.session(), Actor(None, "t")) as cur:
        cur.update("outlet", "rt", {"name": "RT (pushed)"}, if_match=None)
    deadline = time.monotonic() + 1.0
    while rt_name(reader) != "RT (pushed)":
        assert time.monotonic() < deadline, "the other worker did not learn of it in 1 s"
        time.sleep(0.02)


def test_a_version_published_by_another_host_is_checked_at_once(
    workers: list[Flask], database_url: str, redis_url: str
) -> None:
    """A writer elsewhere (another host, the CLI) that publishes the version it wrote."""
    _, reader = workers
    assert rt_name(reader) == "RT"
    subscribed(reader)
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE outlets SET name = 'RT (elsewhere)' WHERE slug = 'rt'"))
        conn.execute(text("UPDATE data_version SET version = version + 1"))
        version = conn.execute(text("SELECT version FROM data_version")).scalar_one()
    engine.dispose()
    push.publish(push.client(redis_url), reader.config["DATA_VERSION_CHANNEL"], version)
    deadline = time.monotonic() + 1.0
    while rt_name(reader) != "RT (elsewhere)":
        assert time.monotonic() < deadline, "not checked at once"
        time.sleep(0.02)
