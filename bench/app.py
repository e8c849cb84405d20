"""The app the benchmark serves: Masthead's own, plus SQL counters at /_bench/stats.

    gunicorn -c bench/gunicorn_bench.py 'bench.app:create_app()'

Each worker counts the SQL statements it runs: those through the engine with SQLAlchemy's
`before_cursor_execute` event (data-version checks counted apart), and the read path's
prepared statements, which run on a pooled DBAPI cursor the engine never sees, with a
counting wrapper around `server.db.raw_connection`. GET /_bench/stats serves the worker's
pid and counters, garbage-collector pauses (`?reset_gc=<phase>` starts them again, once per
phase name) and the record cache's fill; `?warm=1` first builds the whole-dataset
structures (read model, domain index) so a benchmark never measures their build. Every
answer names its worker in `X-Bench-Pid` (bench/mixed.py). Nothing here is part of the service.
"""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy import event

import server
from server import db
from server.read import service
from server.read.cache import cache

COUNTS = {"statements": 0, "version_checks": 0}
# Garbage-collector pauses in this worker, per generation: [collections, total ms, max ms,
# total CPU ms, max CPU ms] (wall time includes waiting for a CPU on a loaded machine; the
# collecting thread's CPU time does not).
GC_PAUSES: dict[int, list[float]] = {g: [0, 0.0, 0.0, 0.0, 0.0] for g in range(3)}
_gc_started = [0.0, 0.0]
_gc_phase: list[Any] = ["", {}]  # the last reset's phase name, and the figures before it


def _time_gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started[:] = [time.perf_counter(), time.thread_time()]
        return
    ms = (time.perf_counter() - _gc_started[0]) * 1000
    cpu_ms = (time.thread_time() - _gc_started[1]) * 1000
    pauses = GC_PAUSES[info["generation"]]
    pauses[0] += 1
    pauses[1] += ms
    pauses[2] = max(pauses[2], ms)
    pauses[3] += cpu_ms
    pauses[4] = max(pauses[4], cpu_ms)


class _CountingCursor:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, *args: Any) -> Any:
        COUNTS["statements"] += 1
        return self._cursor.execute(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class _CountingConnection:
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def cursor(self, *args: Any) -> _CountingCursor:
        return _CountingCursor(self._conn.cursor(*args))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _count_raw_statements() -> None:
    """Wrap `server.db.raw_connection` (once per process): the read path looks it up on
    each call, so its prepared statements go through the counting cursor."""
    real = db.raw_connection
    if getattr(real, "counting", False):
        return

    def raw_connection() -> Any:
        return _CountingConnection(real())

    raw_connection.counting = True  # type: ignore[attr-defined]
    db.raw_connection = raw_connection  # type: ignore[assignment]


def _count_engine_statements(app: Flask) -> None:
    with app.app_context():
        engine = db.engine()

    @event.listens_for(engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "data_version" in statement:
            COUNTS["version_checks"] += 1
        else:
            COUNTS["statements"] += 1


def stats() -> Response:
    if request.args.get("warm"):
        service.warm()
    pauses = {g: [int(f[0]), *(round(x, 1) for x in f[1:])] for g, f in GC_PAUSES.items()}
    phase = request.args.get("reset_gc")
    if phase:  # each phase of bench/mixed.py its own figures
        # Once per phase: the runner may ask a worker several times (concurrent askers);
        # every answer for one phase gives the figures from before its reset.
        if phase != _gc_phase[0]:
            _gc_phase[:] = [phase, pauses]
            for figures in GC_PAUSES.values():
                figures[:] = [0, 0.0, 0.0, 0.0, 0.0]
        pauses = _gc_phase[1]
    c = cache()
    model = service.models().model
    records = getattr(model, "_record_cache", None)
    return jsonify(
        pid=os.getpid(),
        gc=pauses,
        records=None if records is None else {"kept": len(records), "built": records.built},
        builds=service.BUILDS,
        loads=c.loads,
        version=c.version,
        statements=COUNTS["statements"],
        version_checks=COUNTS["version_checks"],
    )


def create_app() -> Flask:
    app = server.create_app()
    _count_engine_statements(app)
    _count_raw_statements()
    app.add_url_rule("/_bench/stats", "bench_stats", stats)
    if _time_gc not in gc.callbacks:
        gc.callbacks.append(_time_gc)

    @app.after_request
    def _worker_pid(response: Response) -> Response:
        # Which worker answered (bench/mixed.py waits until every worker shows a write).
        response.headers["X-Bench-Pid"] = str(os.getpid())
        return response

    return app
