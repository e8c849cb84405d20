"""How long the current unit of work may still wait on the database.

A request gets REQUEST_DEADLINE seconds (set when it enters Flask, dropped when it leaves);
the background data-version check gets DB_CHECK_TIMEOUT. Every wait on PostgreSQL's socket
is bounded by what is left (server/db_engine.py), so no thread waits on the database past
its deadline, even when the network path drops packets and the server's own
statement_timeout can never answer. Outside any scope (a CLI command) only the per-statement
bound applies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from flask import Flask

_deadline: ContextVar[float | None] = ContextVar("masthead_deadline", default=None)
# The request's own deadline, kept apart from tighter scopes inside it: a connection that could
# not be made in the time the request has left (psycopg waits at least 2 s) is not attempted,
# while a scope such as the data-version check's may overrun its own bound to connect.
_request_end: ContextVar[float | None] = ContextVar("masthead_request_end", default=None)


def remaining() -> float | None:
    """Seconds left before the current deadline (may be <= 0), or None outside any scope."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def bound(default: float | None) -> float | None:
    """The longest a single wait may take now: `default` (seconds, None: unbounded) or
    what is left of the current deadline, whichever is shorter."""
    left = remaining()
    if left is None:
        return default
    return left if default is None else min(left, default)


def request_remaining() -> float | None:
    """Seconds left of the current request's deadline, or None outside a request."""
    end = _request_end.get()
    return None if end is None else end - time.monotonic()


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """A scope whose database waits end `seconds` from now (or sooner, inside a tighter
    scope already open)."""
    deadline = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


class _RequestDeadline:
    """The before- and teardown-request hooks that give each request its deadline; a few
    microseconds per request (the deadline is read from the config once)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._tokens = threading.local()  # per thread: gthread serves a request per thread

    def start(self) -> None:
        end = time.monotonic() + self.seconds
        self._tokens.value = (_deadline.set(end), _request_end.set(end))

    def end(self, _exc: BaseException | None) -> None:
        tokens: tuple[Token[float | None], Token[float | None]] | None = getattr(
            self._tokens, "value", None
        )
        if tokens is not None:
            self._tokens.value = None
            _deadline.reset(tokens[0])
            _request_end.reset(tokens[1])


def init_app(app: Flask) -> None:
    """Every request runs under REQUEST_DEADLINE (0: none)."""
    seconds = float(app.config["REQUEST_DEADLINE"])
    if seconds <= 0:
        return
    hooks = _RequestDeadline(seconds)
    app.before_request_funcs.setdefault(None, []).insert(0, hooks.start)
    app.teardown_request(hooks.end)
