"""Store files on disk for `READ_STORE_DIR`: which one a worker serves, who writes the next.

`make_store_model(previous, version)` is the store mode's `service.make_model`: the newest
store file no newer than `version` with the change log since it as an overlay
(server/read/store_model.py). When there is no usable file (none yet, or the log cannot say
what changed since it), one is written now; when the overlay grows past
`READ_STORE_REBUILD_OUTLETS` outlets, or changes are older than `READ_STORE_REBUILD_SECONDS`,
a new file is written in the background while this one keeps serving.

One writer per directory: whoever holds the `.lock` file's exclusive lock (`fcntl.flock`)
writes; a worker that needs a file at once waits for the lock and then looks again. The
writing is done by `flask read-store build` in a child process (`READ_STORE_BUILD =
"process"`), so the whole tables it loads (~5 GB at a million outlets) never sit in a
worker; `"inline"` writes in the calling process (tests, small datasets). Files older than
the newest `KEEP` are removed once a new one is in place; a worker still serving one keeps
reading it through its open descriptor.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Connection

from .. import db
from ..db_health import DatabaseUnavailable
from .build import Loader, build_read_model, current_version
from .changes import read_changes
from .index import DomainIndex, FileDomainIndex
from .record_cache import RecordCache
from .store import StoreFile, store_files, write_store
from .store_model import StoreModel, make_overlay, touched_outlets

log = logging.getLogger(__name__)

KEEP = 2  # store files kept in the directory
LOCK_NAME = ".lock"
BUILD_TIMEOUT = 1800.0  # seconds a child build may take
BUILD_NICE = 10  # the child's CPU priority below the workers': readers keep the CPUs
CHILD_ERROR_LINES = 3  # of a failed child build's stderr, in the error raised
_OPEN: dict[Path, StoreFile] = {}  # files this process has open, by path
_OPEN_LOCK = threading.Lock()
STATS = {"files_written": 0, "rebuilds_requested": 0}


class ReadStoreUnavailable(DatabaseUnavailable, code="read_store_unavailable"):
    """No store file can be opened or written now (the directory is unusable, or writing
    the file failed): try again shortly. The log says why."""

    retry_after = 5


def problem(where: Path) -> str | None:
    """Why the store directory cannot be used (for /readyz), or None."""
    probe = where
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a directory"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable"
    return None


@contextmanager
def _locked(path: Path, *, wait: bool) -> Iterator[bool]:
    """Hold the directory's write lock (True), or yield False at once when another process
    holds it and `wait` is off."""
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def open_store(path: Path) -> StoreFile:
    """The store file at `path`, opened once per process."""
    with _OPEN_LOCK:
        found = _OPEN.get(path)
        if found is None:
            found = _OPEN[path] = StoreFile(path)
        for other in [p for p in _OPEN if p != path and not p.exists()]:
            del _OPEN[other]  # removed from the directory; models still serving keep it
        return found


def newest(where: Path, version: int) -> StoreFile | None:
    """The newest complete store file in `where` no newer than `version`."""
    for file_version, path in reversed(store_files(where)):
        if file_version <= version:
            try:
                return open_store(path)
            except (OSError, KeyError, ValueError, sqlite3.Error) as exc:
                log.warning("read store %s unreadable, skipped: %s", path, exc)
    return None


def prune(where: Path, written: int | None = None) -> None:
    """Remove all but the newest `KEEP` store files, every file newer than `written` (the
    version just written: newer ones come from another history of the database, such as
    before a restore), and temporary files left by a crash."""
    if written is not None:
        for version, path in store_files(where):
            if version > written:
                path.unlink(missing_ok=True)
    for _version, path in store_files(where)[:-KEEP]:
        path.unlink(missing_ok=True)
    for tmp in where.glob(".v*.tmp"):
        if time.time() - tmp.stat().st_mtime > BUILD_TIMEOUT:
            tmp.unlink(missing_ok=True)


def write_locked(conn: Connection, where: Path) -> Path:
    """`write_current` under the directory's lock (waiting for it): what `flask read-store
    build` does when run by hand, so it never writes beside a worker's build."""
    with _locked(where, wait=True):
        return write_current(conn, where)


def write_current(conn: Connection, where: Path) -> Path:
    """Write the store file of the database's current version (in this process)."""
    version = current_version(conn)
    model = build_read_model(conn, version, record_cache_size=1)
    path = write_store(model, where)
    del model
    STATS["files_written"] += 1
    prune(where, version)
    return path


def _write(app: Flask, where: Path) -> None:
    """Write a new store file, in a child process unless configured inline."""
    if app.config["READ_STORE_BUILD"] == "inline":
        with app.app_context(), db.connect() as conn:
            write_current(conn, where)
        return
    env = dict(os.environ)
    env["MASTHEAD_DATABASE_URL"] = str(app.config["DATABASE_URL"])
    env["MASTHEAD_READ_DATABASE_URL"] = str(app.config.get("READ_DATABASE_URL") or "")
    command = [sys.executable, "-m", "flask", "--app", "server", "read-store", "build"]
    try:
        subprocess.run(
            [*command, "--dir", str(where), "--nice", str(BUILD_NICE), "--parent-holds-lock"],
            env=env,
            check=True,
            timeout=BUILD_TIMEOUT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except subprocess.CalledProcessError as exc:
        # The child's own words (the end of its traceback), not only its exit status.
        said = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(
            f"flask read-store build exited with status {exc.returncode}: "
            + (" | ".join(said[-CHILD_ERROR_LINES:]) or "(nothing on stderr)")
        ) from None
    STATS["files_written"] += 1


def ensure_store(app: Flask, where: Path, version: int) -> StoreFile:
    """A store file no older than `version`: written now unless another process has just
    written one (waits for the writer's lock)."""
    with _locked(where, wait=True):
        found = newest(where, version)  # never a file newer than the database
        if found is None or found.version < version:
            _write(app, where)
            found = newest(where, sys.maxsize)
    if found is None:
        raise RuntimeError(f"no read store was written in {where}")
    return found


def request_rebuild(app: Flask, where: Path) -> None:
    """Write a new store file in a background thread, unless another process is writing."""

    def run() -> None:
        try:
            with _locked(where, wait=False) as mine:
                if mine:
                    _write(app, where)
        except Exception as exc:  # the old file keeps serving; the next write asks again
            log.warning("writing the read store in the background failed: %s", exc)

    STATS["rebuilds_requested"] += 1
    threading.Thread(target=run, name="masthead-read-store", daemon=True).start()


def _records(app: Flask) -> RecordCache[tuple[bytes, str]]:
    found: RecordCache[tuple[bytes, str]] | None = app.extensions.get("masthead_store_records")
    if found is None:
        found = RecordCache(int(app.config["READ_RECORD_CACHE_SIZE"]))
        app.extensions["masthead_store_records"] = found
    return found


def _keys(
    conn: Connection, previous: Any, store: StoreFile, version: int, articles: bool
) -> tuple[Any, Any] | None:
    """The article-key sets: None for the file's own when no article changed since it; the
    previous model's when it read them since and none changed after; else read again."""
    if not articles:
        return None
    if (
        isinstance(previous, StoreModel)
        and previous.store is store
        and previous.article_keys is not store.article_keys
    ):
        since = read_changes(conn, previous.version, version)
        if since is not None and not since.articles:
            return previous.article_keys, previous.linked_keys
    load = Loader(conn)
    return load.article_keys(), load.linked_keys()


def _forget_other_histories(where: Path, version: int) -> None:
    """Remove the files newer than the database (another history of it: before a restore,
    or another database that used the directory) when this process starts serving, so that
    none is taken for the database's own once it reaches that version. Skipped while
    another process writes (its file is this history's)."""
    try:
        with _locked(where, wait=False) as mine:
            if mine:
                prune(where, version)
    except OSError as exc:  # an unusable directory: said when a file is needed
        log.warning("read store %s not tidied: %s", where, exc)


def make_store_model(previous: Any, version: int) -> StoreModel:
    """The store model of the database's current version (at least `version`)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.config
    where = Path(config["READ_STORE_DIR"])
    with db.connect() as conn:
        version = max(version, current_version(conn))
        if previous is None:
            _forget_other_histories(where, version)
        store = newest(where, version)
        changes = read_changes(conn, store.version, version) if store is not None else None
        if store is None or changes is None:
            try:
                store = ensure_store(app, where, version)
            except (OSError, RuntimeError, subprocess.SubprocessError, sqlite3.Error) as exc:
                log.error("no usable read store in %s: %s", where, exc)
                raise ReadStoreUnavailable("the read store cannot be written now") from exc
            version = max(version, store.version)
            changes = read_changes(conn, store.version, version)
            if changes is None:
                raise RuntimeError("the change log does not cover the new read store")
        touched = touched_outlets(conn, changes)
        overlay = make_overlay(conn, version, touched)
        keys = _keys(conn, previous, store, version, changes.articles)
    model = StoreModel(version, store, overlay, touched, _records(app), keys)
    age = time.time() - store.built_at
    old = bool(changes.rows) and age > float(config["READ_STORE_REBUILD_SECONDS"])
    if len(touched) > int(config["READ_STORE_REBUILD_OUTLETS"]) or old:
        request_rebuild(app, where)
    return model


def _reader(store: StoreFile) -> Callable[[str], bytes]:
    """`store.meta` without a reference to `store`: the index is kept on the file, and a
    cycle (file -> index -> file) would outlive its last model once `gc.freeze` has moved
    it out of the collector's reach, keeping a deleted file open and mapped."""
    ref = weakref.ref(store)

    def read(key: str) -> bytes:
        found = ref()
        if found is None:  # every model of the file is gone, so is whoever asks
            raise ReadStoreUnavailable("the read store file was closed; try again shortly")
        return found.meta(key)

    return read


def store_index(model: StoreModel, cache_control: str) -> DomainIndex:
    """The domain index a store model serves: its file's document (made when the file was
    written; its `data_version` is the file's), standing for the model's version."""
    store = model.store
    made: DomainIndex | None = store.http_index
    if made is None or made.not_modified_headers[1][1] != cache_control:
        made = FileDomainIndex(store.version, store.index_etag, _reader(store), cache_control)
        store.http_index = made
    return made.served_for(model.version)
