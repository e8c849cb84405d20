"""Building a worker's read model in the background, so it has one to serve (stale if need
be) before its first lookup: the work the data-version thread hands off after a check
(server/read/freshness.py)."""

from __future__ import annotations

import logging
import time

from flask import Flask

from .. import deadlines
from ..db_health import is_outage
from .cache import ReadCache
from .service import warm

log = logging.getLogger(__name__)
# The bound on a background build's database waits when requests have no deadline.
DEFAULT_DEADLINE = 60.0


def install(app: Flask, read_cache: ReadCache) -> None:
    """Have `read_cache`'s background thread build the read model when it lacks one."""
    read_cache.on_checked = lambda: build(app, read_cache)


def build(app: Flask, read_cache: ReadCache) -> None:
    """Build the read model (and domain index) of the current data version if missing; a
    failure is logged, and the next check tries again (a lookup builds it itself)."""
    if not read_cache.needs_building():
        return
    started = time.monotonic()
    seconds = float(app.config["REQUEST_DEADLINE"]) or DEFAULT_DEADLINE
    try:
        with app.app_context(), deadlines.within(seconds):
            warm()
    except Exception as exc:
        if is_outage(exc):
            read_cache.health.failed(exc)
        log.warning("building the read model in the background failed: %s", exc)
        return
    log.info(
        "read model of data version %d built in the background in %.0f ms",
        read_cache.version,
        (time.monotonic() - started) * 1000,
    )
