"""Freed memory is given back once a read model is swapped in (server/read/gc.py,
server/read/builder.py)."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field
from typing import Any

import pytest

from server.read.builder import ModelBuilder
from server.read.gc import release_free_memory


@dataclass
class Model:
    version: int


@dataclass
class FakeCache:
    """What ModelBuilder reads of the read cache: the data version, inline mode."""

    version: int = 1
    polling: bool = False
    served_versions: list[int] = field(default_factory=list)

    @property
    def known_version(self) -> int:
        return self.version

    def served(self, version: int, *, drop: bool) -> None:
        self.served_versions.append(version)


def test_each_swap_is_followed_by_the_after_swap_hook_once():
    cache = FakeCache()
    calls: list[int | None] = []
    holder: dict[str, Any] = {}

    def after_swap() -> None:
        builder = holder["builder"]
        calls.append(None if builder.model is None else builder.model.version)

    builder: ModelBuilder[Model, Model] = ModelBuilder(
        cache,  # type: ignore[arg-type]
        lambda _previous, version: Model(version),
        lambda model: model,
        after_swap=after_swap,
    )
    holder["builder"] = builder
    assert builder.current().version == 1
    assert builder.current().version == 1  # nothing new: no swap, no call
    cache.version = 3
    assert builder.current().version == 3
    assert calls == [1, 3] and cache.served_versions == [1, 3]


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_free_memory_is_released_with_glibc():
    junk = [bytes(4096) for _ in range(10_000)]
    del junk
    assert release_free_memory() is True
