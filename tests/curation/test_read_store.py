"""The read store (`READ_STORE_DIR`, issue #18): a worker serving from a store file plus the
overlay of what changed since answers exactly what a read model built from the whole tables
answers, after every kind of write; files are written once and reused."""

from __future__ import annotations

import gc
import json
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from server import db
from server.curation import Curator
from server.matching import Rule, identify
from server.models import Article
from server.read import lookup, service, store_service
from server.read.build import build_read_model
from server.read.index import domain_index_document
from server.read.key_set import bucket_bits
from server.read.model import ReadModel
from server.read.store import store_files
from server.read.store_model import StoreModel
from server.web.jsonbytes import dumps
from tests.databases import app_config
from tests.workers import background_workers

from .conftest import Api, make_token
from .test_read_model_updates import BASE, rt_description, write, write_steps


@pytest.fixture
def store_app(seeded: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The seeded app serving from a store directory (files written in the process)."""
    seeded.config.update(READ_STORE_DIR=str(tmp_path / "store"), READ_STORE_BUILD="inline")
    with seeded.test_request_context("/"):
        service.models().forget()
        yield seeded
        service.models().forget()


SAMPLE = 7  # every 7th outlet and rule, and every touched outlet, is compared


def _urls(whole: ReadModel, also: list[Rule]) -> list[tuple[str, str]]:
    """(host, path) pairs around every rule: its own, a subdomain, deeper and sibling paths."""
    pairs = []
    for rule in [*whole.rules[::SAMPLE], *also]:
        prefix = rule.path_prefix or ""
        for host in (rule.host, "news." + rule.host, "m." + rule.host):
            pairs += [(host, prefix or "/"), (host, prefix + "/a/b"), (host, prefix + "x/")]
    return [*pairs, ("unknown.example", "/"), ("youtube.com", "/@nobody-here")]


def assert_answers_as_whole(model: StoreModel) -> None:
    with db.connect() as conn:
        whole = build_read_model(conn, model.version)
    sample = set(list(whole.outlets)[::SAMPLE]) | (model.touched & whole.outlets.keys())
    for oid in sample:
        assert dumps(model.record(oid, BASE)) == dumps(whole.record(oid, BASE)), oid
        assert dumps(model.batch_outlet(oid)) == dumps(whole.batch_outlet(oid)), oid
    for oid in model.touched - whole.outlets.keys():  # deleted since the file
        assert model.record(oid, BASE) is None and model.batch_outlet(oid) is None
    assert model.record(-1, BASE) is None
    touched_rules = [r for r in whole.rules if r.outlet_id in model.touched]
    for host, path in _urls(whole, touched_rules):
        assert model.index.match(host, path) == whole.index.match(host, path), (host, path)
        url = f"https://{host}{path}"
        assert identify(model.index, url) == identify(whole.index, url), url
    assert list(model.linked_keys) == list(whole.linked_keys)
    assert list(model.article_keys or []) == list(whole.article_keys or [])


def test_a_store_model_answers_as_the_whole_model_after_each_kind_of_write(
    store_app: Flask,
) -> None:
    first = service.read_model()
    assert isinstance(first, StoreModel) and first.touched == frozenset()
    written = store_app.config["READ_STORE_DIR"]
    assert [v for v, _ in store_files(Path(written))] == [first.version]
    assert_answers_as_whole(first)
    for step in write_steps():
        model = write(step)
        assert isinstance(model, StoreModel)
        assert model.store is first.store  # the overlay grows; no file is written
        assert model.touched
        assert_answers_as_whole(model)
    assert len(store_files(Path(written))) == 1


def test_lookups_answer_the_same_bytes_from_the_store_and_from_memory(store_app: Flask) -> None:
    write(write_steps()[0])  # an overlay with a new outlet and its owners
    model = service.read_model()
    whole = build_read_model_now()
    urls = [f"https://{r.host}{r.path_prefix or ''}/2024/story" for r in whole.rules]
    urls += [
        "https://example.invalid/x",
        "https://www.rt.com/news/398374-russia-syria-losses-reuters/",
    ]
    for raw in urls:
        resolved = lookup.parse_url(raw)
        answers = [
            lookup.single_lookup(m, raw, resolved, BASE, service._load_article)
            for m in (model, whole)
        ]
        assert answers[0] == answers[1], raw
    items = urls[:100]
    assert lookup.batch_lookup(model, items) == lookup.batch_lookup(whole, items)


def test_threads_reading_one_file_at_once_get_what_one_thread_gets(store_app: Flask) -> None:
    """One connection per process serves every thread (server/read/store.py): 8 threads
    asking for every outlet and matching key at once see exactly the answers asked in turn."""
    model = service.read_model()
    assert isinstance(model, StoreModel)
    store = model.store
    asks = [("outlet", oid) for oid in range(1, 40)]
    asks += [("rules", (r.host, r.path_prefix or "")) for r in build_read_model_now().rules]
    asks += [("longest", ("unknown.example", "")), ("meta", ("version", ""))]

    def answer(kind: str, arg: object) -> object:
        if kind == "outlet":
            return store.outlet(arg)  # type: ignore[arg-type]
        host, prefix = arg  # type: ignore[misc]
        if kind == "rules":
            return store.rules(host, prefix)
        if kind == "longest":
            return store.longest(host)
        return store.meta(host)

    expected = [answer(*a) for a in asks]
    store._memo.clear()  # the threads go to the file, not to what the first pass kept
    results: dict[int, list[object]] = {}
    start = threading.Barrier(8)

    def reader(n: int) -> None:
        start.wait()
        got = []
        for _ in range(5):
            got = [answer(*a) for a in asks]
            store._memo.clear()
        results[n] = got

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == list(range(8))
    for got in results.values():
        assert got == expected


def test_a_file_no_model_serves_is_freed_even_after_gc_freeze(store_app: Flask) -> None:
    """The index kept on a store file reads it without a reference back to it: once no
    model serves a pruned file, the file is closed and unmapped, also when `gc.freeze`
    (server/read/gc.settle) has put it out of the collector's reach."""
    model = service.read_model()
    assert isinstance(model, StoreModel)
    assert service.domain_index().body  # the file's index, kept on the file
    first = weakref.ref(model.store)
    del model
    gc.freeze()
    try:
        where = Path(store_app.config["READ_STORE_DIR"])
        for step in write_steps()[:2]:  # two newer files: the first is pruned (KEEP = 2)
            write(step)
            with db.connect() as conn:
                store_service.write_locked(conn, where)
        service.models().forget()
        assert service.read_model().store is not first()
        assert service.domain_index().body
        gc.collect()
        assert first() is None
    finally:
        gc.unfreeze()


def test_the_index_is_the_files_until_the_next_file(store_app: Flask) -> None:
    model = service.read_model()
    index = service.domain_index()
    assert index.version == model.version
    assert index.body == dumps(domain_index_document(build_read_model_now()))
    write(write_steps()[0])
    later = service.domain_index()
    assert later.version == model.version + 1 and later.body == index.body
    assert later.etag == index.etag


def test_hash_buckets_are_named_by_the_served_indexs_bucket_length(store_app: Flask) -> None:
    """Article links since the file change the key set's bucket length (0 -> 2 bits here),
    but the index served is still the file's and publishes 0: the extension names every
    bucket by that, so the hash endpoint must answer at 0 bits (all the file's linked
    articles in one bucket), not at 2 (where "0" names a quarter and "8" is refused)."""
    served = json.loads(service.domain_index().body)["article_keys"]
    assert served["prefix_bits"] == 0

    def link(cur: Curator) -> None:
        for i in range(240):
            body = {
                "article_url": f"https://www.rt.com/news/{i}-story/",
                "relation": "disputes",
                "report_url": f"https://factcheck.example/{i}",
                "report_title": "Report",
                "fetch": False,
            }
            cur.create("report-links", body)

    model = write(link)
    assert isinstance(model, StoreModel) and bucket_bits(model.linked_keys) > 0
    assert json.loads(service.domain_index().body)["article_keys"] == served
    assert model.prefix_bits == 0
    client = store_app.test_client()
    answer = client.get("/api/v1/reports/hash/0")
    assert answer.status_code == 200
    with db.connect() as conn:
        linked = select(Article.url_sha256).where(Article.canonical_url.like("%/news/%-story%"))
        hashes = set(conn.execute(linked).scalars())
    assert len(hashes) == 240
    assert hashes <= {a["url_sha256"] for a in answer.get_json()["articles"]}


def build_read_model_now() -> ReadModel:
    with db.connect() as conn:
        return build_read_model(conn, service.read_model().version)


def test_an_unusable_file_is_skipped_and_written_again(store_app: Flask) -> None:
    where = Path(store_app.config["READ_STORE_DIR"])
    version = service.read_model().version
    service.models().forget()
    store_service._OPEN.clear()
    (path,) = [p for _, p in store_files(where)]
    path.write_bytes(b"not a database")
    written = store_service.STATS["files_written"]
    model = service.read_model()
    assert model.version == version and store_service.STATS["files_written"] == written + 1
    assert_answers_as_whole(model)


@pytest.fixture
def store_workers(seeded: Flask, database_url: str, tmp_path: Path) -> Iterator[list[Flask]]:
    """Two apps on one committed database and one store directory, checking the version in
    the background as gunicorn workers do; store files written by `flask read-store build`
    in a child process, the next one once a single outlet has changed."""
    config = {
        **app_config(database_url),
        "DATA_VERSION_POLL": True,
        "DATA_VERSION_CHECK_INTERVAL": 0.2,
        "READ_STORE_DIR": str(tmp_path / "store"),
        "READ_STORE_BUILD": "process",
        "READ_STORE_REBUILD_OUTLETS": 0,
    }
    with background_workers(config) as apps:
        yield apps


def test_workers_share_one_file_and_a_patch_reaches_both_within_two_seconds(
    store_workers: list[Flask],
) -> None:
    writer = store_workers[0]
    where = Path(writer.config["READ_STORE_DIR"])
    for worker in store_workers:
        assert rt_description(worker) != "Edited"
    first = store_files(where)
    assert len(first) == 1  # the second worker found the first one's file
    client = writer.test_client()
    api = Api(client, make_token(writer, "erin", "editor"))
    etag = client.get("/api/v1/outlets/rt").headers["ETag"]
    assert api.patch("/outlets/rt", {"description": "Edited"}, if_match=etag).status_code == 200
    deadline = time.monotonic() + 2.0
    for worker in store_workers:
        while rt_description(worker) != "Edited":
            assert time.monotonic() < deadline, "not visible within 2 s"
            time.sleep(0.02)
    # One outlet past the bound: a new file is written in the background by one worker.
    deadline = time.monotonic() + 60
    while [v for v, _ in store_files(where)] == [v for v, _ in first]:
        assert time.monotonic() < deadline, "no new store file within 60 s"
        time.sleep(0.2)
    newest_version = store_files(where)[-1][0]
    assert newest_version > first[0][0]
    assert all(rt_description(worker) == "Edited" for worker in store_workers)


def test_the_cli_writes_the_current_versions_file(seeded: Flask, tmp_path: Path) -> None:
    where = tmp_path / "cli-store"
    result = seeded.test_cli_runner().invoke(args=["read-store", "build", "--dir", str(where)])
    assert result.exit_code == 0, result.output
    ((version, path),) = store_files(where)
    assert result.output.strip() == str(path)
    with seeded.test_request_context("/"):
        assert version == service.read_model().version
    again = seeded.test_cli_runner().invoke(args=["read-store", "build"])
    assert again.exit_code != 0 and "MASTHEAD_READ_STORE_DIR" in again.output


def test_a_failed_child_build_says_why(seeded: Flask, tmp_path: Path) -> None:
    """The child's stderr (the end of its traceback) is in the error the worker logs and
    the first request answers, not only its exit status."""
    url = seeded.config["DATABASE_URL"]
    seeded.config.update(DATABASE_URL="sqlite:////nonexistent-dir/masthead.sqlite3")
    try:
        with pytest.raises(RuntimeError, match="unable to open database file"):
            store_service._write(seeded, tmp_path / "store")
    finally:
        seeded.config.update(DATABASE_URL=url)


def test_a_file_newer_than_the_database_is_never_served(store_app: Flask) -> None:
    """A file from another history of the database (before a restore, or another database
    pointed at the same directory) names a version the database has not reached: it is not
    served, and writing the current file removes it."""
    where = Path(store_app.config["READ_STORE_DIR"])
    version = service.read_model().version
    ((_, path),) = store_files(where)
    future = where / path.name.replace(f"{version:012d}", f"{version + 50:012d}")
    future.write_bytes(path.read_bytes())  # says version `version` inside: a stand-in
    service.models().forget()
    store_service._OPEN.clear()
    (where / path.name).unlink()
    model = service.read_model()
    assert model.version == version and model.store.path.name == path.name
    assert [v for v, _ in store_files(where)] == [version]


def test_a_starting_worker_removes_files_newer_than_the_database(store_app: Flask) -> None:
    """A file of the database's next version from another history (the database restored
    from a backup) is removed when a worker starts, before any write could make its
    version the database's own and have it served."""
    where = Path(store_app.config["READ_STORE_DIR"])
    version = service.read_model().version
    ((_, path),) = store_files(where)
    future = where / path.name.replace(f"{version:012d}", f"{version + 1:012d}")
    future.write_bytes(path.read_bytes())
    service.models().forget()  # a worker starting
    store_service._OPEN.clear()
    assert service.read_model().store.path.name == path.name
    assert not future.exists()
    assert [v for v, _ in store_files(where)] == [version]


def test_an_unusable_directory_is_a_503_and_not_ready(seeded: Flask, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    seeded.config.update(READ_STORE_DIR=str(blocker / "store"), READ_STORE_BUILD="inline")
    with seeded.test_request_context("/"):
        service.models().forget()
    client = seeded.test_client()
    resp = client.get("/api/v1/lookup", query_string={"url": "https://rt.com/x"})
    assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "read_store_unavailable"
    assert resp.headers["Retry-After"] == "5"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "not a directory" in ready.get_json()["error"]["message"]
    with seeded.test_request_context("/"):
        service.models().forget()


def test_the_cli_waits_for_a_workers_build(seeded: Flask, tmp_path: Path) -> None:
    """`flask read-store build` by hand takes the directory's lock, so it never loads the
    whole tables beside a worker's build."""
    where = tmp_path / "locked-store"
    with store_service._locked(where, wait=False) as mine:
        assert mine
        runner = seeded.test_cli_runner()
        done: list[int] = []
        thread = threading.Thread(
            target=lambda: done.append(
                runner.invoke(args=["read-store", "build", "--dir", str(where)]).exit_code
            )
        )
        thread.start()
        thread.join(1.0)
        assert not done and store_files(where) == []  # waiting for the lock
    thread.join(60)
    assert done == [0] and len(store_files(where)) == 1
