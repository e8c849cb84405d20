"""A worker's bounded cache of outlet record bodies, shared by its successive read models.

A record (`RecordBuilder.body`, kept serialized: ~1.5 KB of JSON) is made on its
outlet's first lookup and kept in one least-recently-used cache per worker, at most
`READ_RECORD_CACHE_SIZE` of them, instead of every outlet's being made with each full build
(~210 MB per worker at 100,000 outlets, and growing with the catalogue). What a worker
keeps for records is then bounded whatever the dataset's size: the hot ones.

Entries are keyed by `(outlet id, stamp)`. A read model made from the change log gives the
outlets it touched a new stamp (the data version that touched them) and keeps sharing the
cache: their old bodies are simply never asked for again and age out, and a lookup still
in flight on the model before cannot put an old body under the new key. A full build starts
a new cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from cachetools import LRUCache

# Records kept per worker unless configured: ~1.5 KB each, so ~30 MB.
DEFAULT_SIZE = 20_000

Key = tuple[int, int]
V = TypeVar("V")


class RecordCache(Generic[V]):
    """`get(key, build)`: the record cached under `key`, made with `build()` on a miss
    (the read model keeps each record's JSON, `ReadModel._record_head`).

    Thread-safe: the LRU's bookkeeping runs under a lock; `build` runs outside it (two
    threads missing one key at once may both build it; the bodies are equal)."""

    __slots__ = ("_lock", "_lru", "built")

    def __init__(self, maxsize: int = DEFAULT_SIZE) -> None:
        if maxsize < 1:
            raise ValueError("a record cache holds at least one record")
        self._lru: LRUCache[Key, V] = LRUCache(maxsize)
        self._lock = threading.Lock()
        self.built = 0  # bodies made (misses), for tests and the benchmark

    @property
    def maxsize(self) -> int:
        return int(self._lru.maxsize)

    def __len__(self) -> int:
        return len(self._lru)

    def get(self, key: Key, build: Callable[[], V]) -> V:
        lru = self._lru
        with self._lock:
            found = lru.get(key)
        if found is not None:
            return found
        body = build()
        with self._lock:
            lru[key] = body
            self.built += 1
        return body
