"""server/db_slots.py: a request takes a slot once, the last thread's worth is never given
out; a request that finds none free waits briefly while slots keep coming back (full load)
and gets the 503 at once when none has come back for a while (a hanging database)."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack

import pytest
from flask import Flask

from server import db_slots
from server.db_health import DatabaseUnavailable


def make_app(threads: int) -> Flask:
    app = Flask(__name__)
    app.teardown_request(db_slots.release)
    db_slots.limit_threads(app, threads)
    return app


def test_one_thread_is_left_without_the_database() -> None:
    app = make_app(threads=3)

    with app.app_context(), app.test_request_context():
        db_slots.claim()
        db_slots.claim()  # the same request again: still one slot
        with app.app_context(), app.test_request_context():
            db_slots.claim()
            with (
                app.app_context(),
                app.test_request_context(),
                pytest.raises(DatabaseUnavailable),
            ):
                db_slots.claim()
    # Both requests ended: their slots are free again.
    with app.app_context(), app.test_request_context():
        db_slots.claim()
        with app.app_context(), app.test_request_context():
            db_slots.claim()


def test_no_limit_without_gunicorn_or_with_one_thread() -> None:
    for app in (Flask(__name__), make_app(threads=1)):
        with ExitStack() as stack:
            for _ in range(20):
                stack.enter_context(app.app_context())
                stack.enter_context(app.test_request_context())
                db_slots.claim()


def test_outside_a_request_no_slot_is_taken() -> None:
    app = make_app(threads=2)
    with app.app_context():
        for _ in range(5):
            db_slots.claim()  # the background check and warm-up never hold one


def _held_then_given_back(app: Flask, after: float) -> tuple[threading.Thread, threading.Event]:
    """A request in another thread that takes the one slot and ends `after` seconds later
    (its teardown gives the slot back); the event is set once it holds the slot."""
    taken = threading.Event()

    def holder() -> None:
        with app.app_context(), app.test_request_context():
            db_slots.claim()
            taken.set()
            time.sleep(after)

    thread = threading.Thread(target=holder)
    thread.start()
    assert taken.wait(5)
    return thread, taken


@pytest.mark.parametrize("idle_first", [False, True])
def test_under_load_a_request_waits_for_a_slot_given_back_meanwhile(
    monkeypatch: pytest.MonkeyPatch, idle_first: bool
) -> None:
    """Every holder took its slot just now (a database answering): wait for one, also
    when the worker was idle before the burst."""
    monkeypatch.setattr(db_slots, "WAIT", 1.0)  # room for a slow machine
    app = make_app(threads=2)  # one slot
    if idle_first:  # longer than the bound: no slot given back for a while
        time.sleep(1.2)
    thread, _ = _held_then_given_back(app, after=0.05)
    with app.app_context(), app.test_request_context():
        started = time.monotonic()
        db_slots.claim()  # no 503: the holder gives its slot back within the wait
        assert time.monotonic() - started < 1.0
    thread.join(5)


def test_when_a_holder_waits_on_the_database_past_the_bound_the_503_is_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(db_slots, "WAIT", 0.2)
    app = make_app(threads=2)
    thread, _ = _held_then_given_back(app, after=1.0)  # the database "hangs"
    time.sleep(0.3)
    with app.app_context(), app.test_request_context():
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable):
            db_slots.claim()
        assert time.monotonic() - started < 0.1
    thread.join(5)
