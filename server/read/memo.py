"""A bounded memo for values derived from one read model."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

# What an entry costs besides the bytes its caller counts: the memo's own slot, the key and
# value objects' headers (measured: ~200 bytes per entry of str keys and bytes values).
ENTRY_OVERHEAD = 200


class Memo:
    """A dict bounded in entries and in bytes: lock-free reads, FIFO eviction.

    `put(key, value, size)` is told what the entry holds (its key's and value's bytes);
    the oldest entries go when either bound is passed. An entry larger than the whole
    byte budget is not kept at all.

    An OrderedDict, as dropping the oldest key of a plain dict over and over scans the
    ever longer run of deleted slots at its front (eviction would cost O(size)).
    """

    __slots__ = ("_bytes", "_data", "_lock", "_max", "_max_bytes")

    def __init__(self, maxsize: int, max_bytes: int) -> None:
        self._data: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._max = maxsize
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        found = self._data.get(key)
        return None if found is None else found[0]

    @property
    def nbytes(self) -> int:
        """What the entries held cost, as their callers counted them."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._data)

    def put(self, key: Any, value: Any, size: int) -> None:
        cost = size + ENTRY_OVERHEAD
        if cost > self._max_bytes:
            return
        data = self._data
        with self._lock:
            old = data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            data[key] = (value, cost)
            self._bytes += cost
            while len(data) > self._max or self._bytes > self._max_bytes:
                _, (_, dropped) = data.popitem(last=False)
                self._bytes -= dropped
