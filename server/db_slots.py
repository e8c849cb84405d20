"""Database slots: how many of a worker's request threads may use the database at once.

gunicorn gives each worker a fixed number of threads. If every one of them waits on a
database that has just gone away (in the second or two before the circuit breaker in
server/db_health.py opens), nothing is left to answer `/healthz` or the lookups the read
model answers from memory. So under gunicorn (`limit_threads`, from gunicorn.conf.py's
post_worker_init) a request takes one of `threads - 1` slots the first time it reaches for
the database (`claim`, called by the three doors in server/db.py) and gives it back when the
request ends; when none is free it gets a 503 `database_unavailable` at once, instead of
queueing in front of requests that need no database. Requests need the database for a few
milliseconds, so slots are only ever all taken when it hangs. Without gunicorn (the tests'
servers, `flask run`) there is no limit.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app, g, has_request_context

from .db_health import DatabaseUnavailable

EXTENSION_KEY = "masthead.db_slots"
HELD = "masthead_db_slot"


def limit_threads(app: Any, threads: int) -> None:
    """Let at most `threads - 1` request threads of this worker use the database at once
    (nothing for a worker of one thread)."""
    extensions = getattr(app, "extensions", None)
    if extensions is None or threads < 2:
        return
    extensions[EXTENSION_KEY] = threading.BoundedSemaphore(threads - 1)


def claim() -> None:
    """Take this request's slot (once per request); DatabaseUnavailable when none is free."""
    if not has_request_context() or g.get(HELD):
        return
    slots: threading.BoundedSemaphore | None = current_app.extensions.get(EXTENSION_KEY)
    if slots is None:
        return
    if not slots.acquire(blocking=False):
        raise DatabaseUnavailable(
            "every database connection of this server process is busy; try again shortly"
        )
    g.setdefault(HELD, slots)


def release(_exc: BaseException | None) -> None:
    """Give the request's slot back (a teardown_request hook of every app, server/db.py)."""
    slots = g.pop(HELD, None)
    if slots is not None:
        slots.release()
