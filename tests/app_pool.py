"""Apps shared by the rolled-back tests of one database.

Building an app costs ~0.1 s (Werkzeug compiles every URL rule), more than most tests. So a
test that rolls back takes an app from the pool; before the next test uses it again, it
gets its config back, drops its read caches (they follow the data version, which a rollback
moves back: the next test could reach the same version with other data) and its rate-limit
counters, and is bound to the new test's connection. An app whose shape a test changed
(routes, hooks, extensions, WSGI middleware) is not reused.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_limiter import Limiter
from limits.strategies import RateLimiter
from sqlalchemy import Connection, update

from server import create_app, db
from server.models import DataVersion
from server.read import cache as readcache

from .databases import app_config


@dataclass
class _Pooled:
    app: Flask
    config: dict[str, Any]
    shape: tuple[Any, ...]


class AppPool:
    """One free app per database URL, reset before each reuse."""

    def __init__(self) -> None:
        self._free: dict[str, _Pooled] = {}
        self._taken: dict[int, _Pooled] = {}

    def take(self, database_url: str, conn: Connection) -> Flask:
        """An app on database_url bound to conn (server.db.bind_connection)."""
        pooled = self._free.pop(database_url, None)
        if pooled is None:
            app = create_app(app_config(database_url))
            pooled = _Pooled(app, copy.deepcopy(dict(app.config)), shape(app))
            db.bind_connection(app, conn)
        else:
            _reset(pooled, conn)
        self._taken[id(pooled.app)] = pooled
        return pooled.app

    def give_back(self, app: Flask) -> None:
        pooled = self._taken.pop(id(app))
        if shape(app) == pooled.shape:
            self._free[str(pooled.config["DATABASE_URL"])] = pooled


def _reset(pooled: _Pooled, conn: Connection) -> None:
    """Make a used app as good as new, bound to conn."""
    app = pooled.app
    app.config.clear()
    app.config.update(copy.deepcopy(pooled.config))
    app._got_first_request = False  # as Flask's own app.run() does: setup methods work again
    db.bind_connection(app, conn)
    for ext in app.extensions.values():
        if isinstance(ext, Limiter):
            ext.reset()
        elif isinstance(ext, RateLimiter):
            ext.storage.reset()
    # The read caches drop everything when the data version moves: show them a version no
    # test has, then let the next read find the real one again.
    savepoint = conn.begin_nested()
    try:
        conn.execute(update(DataVersion).values(version=-1))
        with app.app_context():
            read_cache = readcache.cache()
            read_cache.expire_now()
            read_cache.version  # noqa: B018 - reads the version, dropping every cached read
    finally:
        savepoint.rollback()
    with app.app_context():
        readcache.cache().expire_now()


def shape(app: Flask) -> tuple[Any, ...]:
    """What a test must not have changed for its app to be reused (the config is restored,
    the database binding replaced)."""
    ignored = {db.EXTENSION_KEY, db.BOUND_KEY}
    hooks = (
        app.before_request_funcs,
        app.after_request_funcs,
        app.teardown_request_funcs,
        app.url_value_preprocessors,
        app.url_default_functions,
        app.template_context_processors,
    )
    return (
        sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()),
        sorted((name, id(view)) for name, view in app.view_functions.items()),
        sorted((key, id(ext)) for key, ext in app.extensions.items() if key not in ignored),
        [
            sorted((str(key), [id(f) for f in funcs]) for key, funcs in hook.items())
            for hook in hooks
        ],
        [id(f) for f in app.teardown_appcontext_funcs],
        _handlers(app),
        sorted(app.blueprints),
        sorted(app.jinja_env.globals),
        id(vars(app).get("wsgi_app")),  # middleware replaces the bound method
        id(app.session_interface),
    )


def _handlers(app: Flask) -> list[tuple[str, str, str, int]]:
    """The error handlers (Flask's lookups add empty entries: those do not count)."""
    return sorted(
        (str(scope), str(code), repr(exc), id(handler))
        for scope, by_code in app.error_handler_spec.items()
        for code, by_class in by_code.items()
        for exc, handler in by_class.items()
    )
