"""Garbage-collector handling around the read model's build: paused while it is built,
frozen once it is."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building big, acyclic structures.

    Allocating a few hundred thousand tuples would otherwise trigger collections that
    rescan everything built so far (a third of the build time at 100k outlets).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """After a read model is built: collect once, then freeze what is alive.

    Frozen objects are never rescanned, so full collections stay cheap whatever the size
    of the dataset (otherwise each one walks the whole read model: a ~0.2 s pause at 100k
    outlets, which shows in p99; with the app's own objects, ~0.15 s at 1k).
    The read model is acyclic, so dropping it at the next data version frees it by
    reference counting; `unfreeze` first lets this collection see what earlier freezes kept.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
