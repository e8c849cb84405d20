"""Garbage-collector handling around the read model's build: paused while it is built,
frozen once it is; and the C allocator's free memory given back once a model is replaced."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections.abc import Callable, Iterator
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


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def release_free_memory() -> bool:
    """Give the pages the C allocator holds free back to the operating system (glibc's
    `malloc_trim(0)`); False where that is not available.

    Called after a read model is swapped in: the model replaced and the answers cached from
    it are freed then, mostly blocks of a few KB (JSON bytes) that glibc keeps in its
    per-thread arenas. Without this a worker's private memory crept up with each data
    version (fragmentation, not leaks). It takes about a millisecond at 100,000 outlets and
    runs without the GIL (ctypes releases it).
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
