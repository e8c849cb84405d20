"""The read store: one data version's pre-rendered read model in a SQLite file, written once
and shared by every worker of a host through the page cache.

Why: a read model held in each worker's heap multiplies by the workers and grows with the
catalogue (~470 MB private per worker at 100,000 outlets, ~4.7 GB at a million). The store
holds what lookups need, already serialized — every outlet's record body and batch badge,
the domain rules with the matching index's own keys, the extension's domain index (plain
and gzipped) and the article-key sets — so a worker keeps only an LRU of hot records and a
small overlay of what changed since the file was written (server/read/store_model.py).

The file is opened read-only and `immutable` (it never changes after it is renamed into
place), memory-mapped whole: its pages are file-backed, clean and shared by the processes
that map it, not counted in any worker's private memory.

Layout (one file per data version, `v<version>.sqlite3` in `READ_STORE_DIR`):

    meta(key, value)        version, built_at, rule_count, index_body, index_gzip,
                            index_etag (its `content_etag`), article_keys, linked_keys
                            (sorted uint64, native byte order), prefix_bits (of the
                            linked keys' buckets, read/key_set.py)
    rule(rule_id, host, path_prefix, outlet_id, role, fold_variants, path_folds)
    host(host, longest)             every host with rules under its matching key
                                    (`matching.index_key`), its longest path prefix (0: none)
    key(host, prefix, rule_id)      every rule by its matching key (prefix "" for a whole
                                    host), all of them, not only the one matching picks: a
                                    worker that leaves out an outlet's rules (its overlay
                                    has them) must find the next one
    outlet(outlet_id, slug, head, batch)   the record body's JSON without its closing
                                    brace (`ReadModel._record_head`) and the batch badge
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import threading
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..matching import PathFold, Rule, index_key, path_folds_of
from ..presenters.outlet import batch_badge
from ..web.jsonbytes import dumps
from ..web.responses import content_etag
from .index import domain_index_document
from .model import ReadModel

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE rule (rule_id INTEGER PRIMARY KEY, host TEXT NOT NULL, path_prefix TEXT NOT NULL,
  outlet_id INTEGER NOT NULL, role TEXT NOT NULL, fold_variants INTEGER NOT NULL,
  path_folds TEXT);
CREATE TABLE host (host TEXT PRIMARY KEY, longest INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE key (host TEXT NOT NULL, prefix TEXT NOT NULL, rule_id INTEGER NOT NULL,
  PRIMARY KEY (host, prefix, rule_id)) WITHOUT ROWID;
CREATE TABLE outlet (outlet_id INTEGER PRIMARY KEY, slug TEXT NOT NULL, head BLOB NOT NULL,
  batch BLOB NOT NULL);
"""

SUFFIX = ".sqlite3"
CHUNK = 5_000  # rows per executemany
# Matching entries a worker keeps parsed per store file (hosts and host+prefix keys); the
# dict is emptied when it reaches this size (hot hosts come back at once).
HOST_MEMO = 10_000


def store_name(version: int) -> str:
    return f"v{version:012d}{SUFFIX}"


def store_files(directory: Path) -> list[tuple[int, Path]]:
    """The complete store files in `directory`, (version, path), oldest first."""
    found = []
    if directory.is_dir():
        for path in directory.glob(f"v*{SUFFIX}"):
            try:
                found.append((int(path.name[1 : -len(SUFFIX)]), path))
            except ValueError:
                continue
    return sorted(found)


def _folds_json(folds: tuple[PathFold, ...]) -> str | None:
    if not folds:
        return None
    return json.dumps([{"prefix": f.prefix, "replacement": f.replacement} for f in folds])


def _rule_rows(model: ReadModel) -> Iterator[tuple[Any, ...]]:
    for r in model.rules:
        folds = _folds_json(r.path_folds)
        yield (r.rule_id, r.host, r.path_prefix, r.outlet_id, r.role, int(r.fold_variants), folds)


def _key_rows(model: ReadModel) -> list[tuple[str, str, int]]:
    """(host, prefix, rule id) of every rule under its matching key, computed once."""
    return [(*index_key(rule), rule.rule_id) for rule in model.rules]


def _host_rows(keys: list[tuple[str, str, int]]) -> Iterator[tuple[Any, ...]]:
    longest: dict[str, int] = {}
    for host, prefix, _rule_id in keys:
        longest[host] = max(longest.get(host, 0), len(prefix))
    return iter(longest.items())


def _outlet_rows(model: ReadModel) -> Iterator[tuple[Any, ...]]:
    for oid in model.outlets:
        head, slug = model._record_head(oid)
        badge = model.badges.get(oid)
        batch = dumps(batch_badge(badge)) if badge is not None else b"null"
        yield (oid, slug, head, batch)


def _insert(conn: sqlite3.Connection, sql: str, rows: Iterator[tuple[Any, ...]]) -> None:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            conn.executemany(sql, chunk)
            chunk.clear()
    if chunk:
        conn.executemany(sql, chunk)


def write_store(model: ReadModel, directory: Path) -> Path:
    """Write `model` as the store file of its version into `directory` (made if missing):
    written under a temporary name and renamed into place, so a reader never sees a partial
    file. Returns its path. Errors: OSError, sqlite3.Error (the temporary file is removed)."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / store_name(model.version)
    tmp = directory / f".{final.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("BEGIN")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            _insert(conn, "INSERT INTO rule VALUES (?,?,?,?,?,?,?)", _rule_rows(model))
            keys = _key_rows(model)
            _insert(conn, "INSERT INTO host VALUES (?,?)", _host_rows(keys))
            _insert(conn, "INSERT INTO key VALUES (?,?,?)", iter(keys))
            _insert(conn, "INSERT INTO outlet VALUES (?,?,?,?)", _outlet_rows(model))
            body = dumps(domain_index_document(model))
            meta = {
                "version": str(model.version).encode(),
                "built_at": str(time.time()).encode(),
                "rule_count": str(len(model.index)).encode(),
                "index_body": body,
                "index_gzip": gzip.compress(body, 6, mtime=0),
                "index_etag": content_etag(body).encode(),
                "prefix_bits": str(model.prefix_bits).encode(),
                "article_keys": _keys_bytes(model.article_keys),
                "linked_keys": _keys_bytes(model.linked_keys),
            }
            conn.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


def _keys_bytes(keys: array[int] | None) -> bytes | None:
    return None if keys is None else keys.tobytes()


def _keys(value: bytes | None) -> array[int] | None:
    if value is None:
        return None
    keys = array("Q")
    keys.frombytes(value)
    return keys


def _rule(row: tuple[Any, ...]) -> Rule:
    rule_id, host, prefix, outlet_id, role, fold, folds = row
    return Rule(host, prefix, outlet_id, role, bool(fold), rule_id, path_folds_of(folds))


_RULE_COLUMNS = (
    "r.rule_id, r.host, r.path_prefix, r.outlet_id, r.role, r.fold_variants, r.path_folds"
)
_LONGEST_SQL = "SELECT longest FROM host WHERE host = ?"
_KEY_SQL = (
    f"SELECT {_RULE_COLUMNS} FROM key k JOIN rule r ON r.rule_id = k.rule_id"
    " WHERE k.host = ? AND k.prefix = ? ORDER BY k.rule_id"
)
NO_RULES: tuple[Rule, ...] = ()


class StoreFile:
    """One store file opened for reading: one connection per process, the whole file
    memory-mapped once (a connection per thread mapped it once per thread: 8 times the page
    faults and page tables, and RSS counting the file 8 times). Its queries take
    microseconds; a lock lets one thread at a time step through them. Raises sqlite3.Error
    (or KeyError) when it is not a complete store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Connections open the file through this descriptor: it stays readable after the
        # directory drops it for a newer one.
        self._fd = os.open(path, os.O_RDONLY)
        self._size = os.fstat(self._fd).st_size
        self._lock = threading.Lock()  # one statement at a time on the one connection
        self._connection: sqlite3.Connection | None = None
        self._memo: dict[Any, Any] = {}
        self.http_index: Any = None  # its DomainIndex, once asked (store_service.store_index)
        rows = self._all(
            "SELECT key, value FROM meta WHERE key IN ('version', 'built_at', 'rule_count',"
            " 'article_keys', 'linked_keys', 'index_etag', 'prefix_bits')",
            (),
        )
        meta = dict(rows)
        self.version = int(meta["version"])
        self.built_at = float(meta["built_at"])
        self.rule_count = int(meta["rule_count"])
        self.index_etag = meta["index_etag"].decode()
        self.prefix_bits = int(meta["prefix_bits"])
        self.article_keys = _keys(meta["article_keys"])
        self.linked_keys = _keys(meta["linked_keys"])

    def __del__(self) -> None:
        conn = getattr(self, "_connection", None)
        if conn is not None:
            conn.close()
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def meta(self, key: str) -> bytes:
        """One value of the file's `meta` table, read now (the index documents are not
        kept: `index.FileDomainIndex`). KeyError when missing."""
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        if row is None:
            raise KeyError(key)
        return row[0]  # type: ignore[no-any-return]

    def _conn(self) -> sqlite3.Connection:
        """The connection (the caller holds `_lock`)."""
        conn = self._connection
        if conn is None:
            uri = f"file:/proc/self/fd/{self._fd}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute(f"PRAGMA mmap_size={self._size + 65536}")
            conn.execute("PRAGMA cache_size=-256")  # KiB: the pages come from the map
            self._connection = conn
        return conn

    def _one(self, sql: str, args: tuple[Any, ...]) -> Any:
        with self._lock:
            return self._conn().execute(sql, args).fetchone()

    def _all(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        with self._lock:
            return self._conn().execute(sql, args).fetchall()

    def _remember(self, key: Any, value: Any) -> Any:
        memo = self._memo
        if len(memo) >= HOST_MEMO:
            memo.clear()
        memo[key] = value
        return value

    def longest(self, host: str) -> int | None:
        """The longest path prefix of `host`'s rules (0: only whole-host rules; None: no
        rule has this host)."""
        key = ("longest", host)
        memo = self._memo
        if key in memo:
            return memo[key]  # type: ignore[no-any-return]
        row = self._one(_LONGEST_SQL, (host,))
        return self._remember(key, None if row is None else row[0])  # type: ignore[no-any-return]

    def rules(self, host: str, prefix: str) -> tuple[Rule, ...]:
        """Every rule under the matching key (`host`, `prefix`), by id ("" for the host's
        whole-host rules)."""
        if self.longest(host) is None:
            return NO_RULES
        key = (host, prefix)
        memo = self._memo
        found = memo.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        rows = self._all(_KEY_SQL, key)
        return self._remember(key, tuple(_rule(row) for row in rows) if rows else NO_RULES)  # type: ignore[no-any-return]

    def outlet(self, outlet_id: int) -> tuple[str, bytes, bytes] | None:
        """(slug, record head, batch badge JSON) of an outlet, or None."""
        row = self._one("SELECT slug, head, batch FROM outlet WHERE outlet_id = ?", (outlet_id,))
        return None if row is None else (row[0], row[1], row[2])
