"""Masthead: who is behind the news page you are reading.

`create_app` is the one app factory; each concern registers itself in a named step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    from . import config as settings

    app.config.update(settings.load(config, app.instance_path))
    _ensure_instance_dir(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def _ensure_instance_dir(app: Flask) -> None:
    import os

    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from . import db, read
    from .web import cors, jsonbody, limits, proxies, routing

    routing.init_app(app)  # first: blueprints take their converters when they register
    jsonbody.init_app(app)
    db.init_app(app)
    read.init_app(app)
    limits.init_app(app)
    cors.init_app(app)
    proxies.init_app(app)  # last: it wraps every WSGI layer installed before it


def register_blueprints(app: Flask) -> None:
    from .api import register as register_api
    from .public import bp as public_bp

    register_api(app)
    app.register_blueprint(public_bp)
    # Maintainer web pages under /admin/, with their session cookie settings and CSRF.
    from .admin import init_app as init_admin

    init_admin(app)


def register_errorhandlers(app: Flask) -> None:
    from .api.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
