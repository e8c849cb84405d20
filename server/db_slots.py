"""Database slots: how many of a worker's request threads may use the database at once.

gunicorn gives each worker a fixed number of threads. If every one of them waits on a
database that has just gone away (in the second or two before the circuit breaker in
server/db_health.py opens), nothing is left to answer `/healthz` or the lookups the read
model answers from memory. So under gunicorn (`limit_threads`, from gunicorn.conf.py's
post_worker_init) a request takes one of `threads - 1` slots the first time it reaches for
the database (`claim`, called by the three doors in server/db.py) and gives it back when the
request ends. Under full load every slot can be taken by requests that hold it for a few
milliseconds each: while slots keep coming back (one was given back within the last `WAIT`
seconds) a request waits up to `WAIT` for one. When none has come back for that long the
database hangs, and a request that finds none free gets a 503 `database_unavailable` at
once, instead of queueing in front of requests that need no database. Without gunicorn (the
tests' servers, `flask run`) there is no limit.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import current_app, g, has_request_context

from .db_health import DatabaseUnavailable

EXTENSION_KEY = "masthead.db_slots"
HELD = "masthead_db_slot"
WAIT = 0.05  # seconds: how recent a given-back slot must be to wait, and the longest wait


class Slots:
    """`threads - 1` slots, and when one was last given back (time.monotonic())."""

    def __init__(self, n: int) -> None:
        self._free = threading.BoundedSemaphore(n)
        self.returned = time.monotonic()

    def take(self) -> bool:
        """A slot: at once, or within `WAIT` while slots keep coming back."""
        if self._free.acquire(blocking=False):
            return True
        if time.monotonic() - self.returned > WAIT:
            return False  # none given back for a while: the database hangs
        return self._free.acquire(timeout=WAIT)

    def give_back(self) -> None:
        self.returned = time.monotonic()
        self._free.release()


def limit_threads(app: Any, threads: int) -> None:
    """Let at most `threads - 1` request threads of this worker use the database at once
    (nothing for a worker of one thread)."""
    extensions = getattr(app, "extensions", None)
    if extensions is None or threads < 2:
        return
    extensions[EXTENSION_KEY] = Slots(threads - 1)


def claim() -> None:
    """Take this request's slot (once per request); DatabaseUnavailable when none is free
    (see `Slots.take`)."""
    if not has_request_context() or g.get(HELD):
        return
    slots: Slots | None = current_app.extensions.get(EXTENSION_KEY)
    if slots is None:
        return
    if not slots.take():
        raise DatabaseUnavailable(
            "every database connection of this server process is busy; try again shortly"
        )
    g.setdefault(HELD, slots)


def release(_exc: BaseException | None) -> None:
    """Give the request's slot back (a teardown_request hook of every app, server/db.py)."""
    slots: Slots | None = g.pop(HELD, None)
    if slots is not None:
        slots.give_back()
