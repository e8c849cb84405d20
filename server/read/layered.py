"""A read-only map made of a shared base dict and a small delta over it, so a read-model
update replaces a few entries of a 100k-entry map without copying it.

`replaced(old, drop, new)` is `old` with the keys of `drop` removed and `new`'s entries put
in. When `old` is already layered, the result shares `old`'s base and copies only its delta
(small); once the delta grows past `COMPACT_SHARE` of the base (and `COMPACT_MIN` entries),
the result is flattened into a new plain dict (compaction, amortized over the updates that
grew the delta). Nothing is ever mutated: each model keeps the maps it was made with, and
a model dropped releases its delta (the base lives as long as some model shares it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar, cast

K = TypeVar("K")
V = TypeVar("V")

COMPACT_SHARE = 0.02
COMPACT_MIN = 256

_GONE: Any = object()  # in a delta: the key is removed from the base
_MISSING: Any = object()


class Layered(Mapping[K, V], Generic[K, V]):
    """`base` with `delta`'s entries over it (`_GONE` removes a key). Never mutated."""

    __slots__ = ("_base", "_delta", "_len")

    def __init__(self, base: dict[K, V], delta: dict[K, Any]) -> None:
        self._base = base
        self._delta = delta
        size = len(base)
        for key, value in delta.items():
            in_base = key in base
            if value is _GONE:
                size -= in_base
            elif not in_base:
                size += 1
        self._len = size

    def __getitem__(self, key: K) -> V:
        found = self._delta.get(key, _MISSING)
        if found is _MISSING:
            return self._base[key]
        if found is _GONE:
            raise KeyError(key)
        return cast(V, found)

    def get(self, key: K, default: Any = None) -> Any:
        found = self._delta.get(key, _MISSING)
        if found is _MISSING:
            return self._base.get(key, default)
        return default if found is _GONE else found

    def __contains__(self, key: object) -> bool:
        found = self._delta.get(key, _MISSING)  # type: ignore[arg-type]
        return key in self._base if found is _MISSING else found is not _GONE

    def __iter__(self) -> Iterator[K]:
        delta = self._delta
        for key in self._base:
            if key not in delta:
                yield key
        for key, value in delta.items():
            if value is not _GONE:
                yield key

    def __len__(self) -> int:
        return self._len

    def __repr__(self) -> str:
        return f"Layered({len(self._base)} base, {len(self._delta)} delta)"

    @property
    def delta_size(self) -> int:
        return len(self._delta)


def replaced(old: Mapping[K, V], drop: Iterable[K], new: Mapping[K, V]) -> Mapping[K, V]:
    """`old` without the keys of `drop`, with `new`'s entries (see module)."""
    if isinstance(old, Layered):
        base, delta = old._base, dict(old._delta)
    elif isinstance(old, dict):
        base, delta = old, {}
    else:
        base, delta = dict(old), {}
    for key in drop:
        delta[key] = _GONE
    delta.update(new)
    if len(delta) > max(COMPACT_MIN, COMPACT_SHARE * len(base)):
        out = {k: v for k, v in base.items() if k not in delta}
        out.update((k, v) for k, v in delta.items() if v is not _GONE)
        return out
    return Layered(base, delta)
