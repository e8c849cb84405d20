"""Making a worker's read model before its first lookup: the data-version thread
(server/read/freshness.py) hands the builder (server/read/builder.py) the work after a check
that finds the served model behind, so the builder's own thread makes it."""

from __future__ import annotations

from .cache import ReadCache


def install(read_cache: ReadCache) -> None:
    """Have `read_cache`'s background check ask its builder for the next read model."""
    builder = read_cache.builder
    if builder is not None:
        read_cache.on_checked = builder.request
