"""Outlet records are made on first use into a bounded cache shared by a worker's models
(server/read/record_cache.py): what a worker keeps for records is bounded, and a model
updated from the change log never serves a record made before the update touched it."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest

from server.read.build import build_read_model
from server.read.model import ReadModel
from server.read.record_cache import RecordCache
from server.web.jsonbytes import dumps

from .dataset import rows

BASE = "https://masthead.example"


def test_the_cache_keeps_the_most_recently_used_bodies_only():
    cache = RecordCache(2)
    made: list[int] = []

    def build(n: int) -> Callable[[], dict[str, int]]:
        def make() -> dict[str, int]:
            made.append(n)
            return {"n": n}

        return make

    assert cache.get((1, 0), build(1)) == {"n": 1}
    assert cache.get((2, 0), build(2)) == {"n": 2}
    assert cache.get((1, 0), build(1)) == {"n": 1}  # a hit: 1 is now the most recent
    cache.get((3, 0), build(3))  # evicts 2, the least recently used
    assert len(cache) == 2 and cache.built == 3
    cache.get((1, 0), build(1))
    cache.get((2, 0), build(2))
    assert made == [1, 2, 3, 2]


def test_a_cache_holds_at_least_one_record():
    with pytest.raises(ValueError):
        RecordCache(0)


def test_concurrent_misses_get_equal_bodies():
    cache = RecordCache(10)
    got: list[object] = []
    barrier = threading.Barrier(8)

    def read() -> None:
        barrier.wait()
        got.append(cache.get((1, 0), lambda: {"n": 1}))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [{"n": 1}] * 8 and len(cache) == 1


@pytest.fixture
def first(load_rows) -> ReadModel:  # type: ignore[no-untyped-def]
    with load_rows(rows()).connect() as conn:
        return build_read_model(conn, 7, record_cache_size=1)


def test_records_beyond_the_bound_are_made_again_on_demand(first):
    one, two = dumps(first.record(1, BASE)), dumps(first.record(2, BASE))
    assert len(first._record_cache) == 1  # only the last one kept
    assert dumps(first.record(1, BASE)) == one and dumps(first.record(2, BASE)) == two
    assert first._record_cache.built == 4
    assert first.record(99, BASE) is None and len(first._record_cache) == 1


def test_an_update_serves_the_touched_outlet_anew_and_shares_the_rest(load_rows):  # type: ignore[no-untyped-def]
    with load_rows(rows()).connect() as conn:
        first = build_read_model(conn, 7)
    before = json.loads(dumps(first.record(1, BASE)))
    untouched = first.record(2, BASE)
    tables = first.tables()
    renamed = {**tables.outlets, 1: (tables.outlets[1][0], "News Renamed", *tables.outlets[1][2:])}
    second = ReadModel.updated(
        first, 8, tables._replace(outlets=renamed), {1}, rules=False, owners=False
    )
    assert second._record_cache is first._record_cache
    assert json.loads(dumps(second.record(1, BASE)))["name"] == "News Renamed"
    # The model before (a lookup still in flight on it) keeps its own record, and putting
    # it in the shared cache again does not change what the new model serves.
    assert json.loads(dumps(first.record(1, BASE))) == before
    assert json.loads(dumps(second.record(1, BASE)))["name"] == "News Renamed"
    built = first._record_cache.built
    assert dumps(second.record(2, BASE)) == dumps(untouched)
    assert first._record_cache.built == built  # outlet 2's record shared, not made again
