"""Database slots: how many of a worker's request threads may use the database at once.

gunicorn gives each worker a fixed number of threads. If every one of them waits on a
database that has just gone away (in the second or two before the circuit breaker in
server/db_health.py opens), nothing is left to answer `/healthz` or the lookups the read
model answers from memory. So under gunicorn (`limit_threads`, from gunicorn.conf.py's
post_worker_init) a request takes one of `threads - 1` slots the first time it reaches for
the database (`claim`, called by the three doors in server/db.py) and gives it back when the
request ends. Under full load every slot can be taken by requests that hold it for a few
milliseconds each: while every holder took its slot less than `WAIT` seconds ago a request
waits up to `WAIT` for one. When a holder has waited on the database for longer (it hangs,
or its statements are that slow) a request that finds none free gets a 503
`database_unavailable` at once, instead of queueing in front of requests that need no
database. Without gunicorn (the tests' servers, `flask run`) there is no limit.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

from flask import current_app, g, has_request_context

from .db_health import DatabaseUnavailable

EXTENSION_KEY = "masthead.db_slots"
HELD = "masthead_db_slot"
WAIT = 0.05  # seconds: the longest a request waits for a slot, and a holder's age past
# which the database counts as hanging


class Slots:
    """`threads - 1` slots, and since when each taken one is held (time.monotonic())."""

    def __init__(self, n: int) -> None:
        self._free = threading.BoundedSemaphore(n)
        self._held: dict[int, float] = {}  # ticket: when taken
        self._tickets = itertools.count()

    def take(self) -> int | None:
        """A ticket for a slot: at once, or within `WAIT` while every holder took its slot
        less than `WAIT` ago (a database answering); None when none is free and a holder
        has waited on the database for longer (it hangs)."""
        if not self._free.acquire(blocking=False):
            oldest = min(list(self._held.values()), default=time.monotonic())
            if time.monotonic() - oldest > WAIT or not self._free.acquire(timeout=WAIT):
                return None
        ticket = next(self._tickets)
        self._held[ticket] = time.monotonic()
        return ticket

    def give_back(self, ticket: int) -> None:
        self._held.pop(ticket, None)
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
    ticket = slots.take()
    if ticket is None:
        raise DatabaseUnavailable(
            "every database connection of this server process is busy; try again shortly"
        )
    g.setdefault(HELD, (slots, ticket))


def release(_exc: BaseException | None) -> None:
    """Give the request's slot back (a teardown_request hook of every app, server/db.py)."""
    held: tuple[Slots, int] | None = g.pop(HELD, None)
    if held is not None:
        held[0].give_back(held[1])
