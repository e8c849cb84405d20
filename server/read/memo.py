"""A bounded memo for values derived from one read model."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class Memo:
    """A bounded dict: lock-free reads, FIFO eviction.

    An OrderedDict, as dropping the oldest key of a plain dict over and over scans the
    ever longer run of deleted slots at its front (eviction would cost O(size)).
    """

    __slots__ = ("_data", "_lock", "_max")

    def __init__(self, maxsize: int) -> None:
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._max = maxsize
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        return self._data.get(key)

    def put(self, key: Any, value: Any) -> None:
        data = self._data
        with self._lock:
            data[key] = value
            while len(data) > self._max:
                data.popitem(last=False)
