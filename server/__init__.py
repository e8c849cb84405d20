"""Masthead: who is behind the news page you are reading.

`create_app` is the one app factory; each concern registers itself in a named step. It
refuses to build an app that would be unsafe to serve (see `refuse_unsafe_settings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    from . import config as settings

    app.config.update(settings.load(config, app.instance_path))
    refuse_unsafe_settings(app)
    app.logger.setLevel(str(app.config["LOG_LEVEL"]).upper())
    _ensure_instance_dir(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


MIN_SECRET_KEY_LENGTH = 32


class UnsafeSettings(RuntimeError):
    """The app would be unsafe to serve with these settings."""


def refuse_unsafe_settings(app: Flask) -> None:
    """No app in debug mode (FLASK_DEBUG=1: the interactive debugger runs code for anyone
    who sees a traceback) or with a guessable secret key (anyone could sign a maintainer's
    session), unless MASTHEAD_DEVELOPMENT=1 says this is a developer's machine (or the app
    is built for tests: TESTING, which only code can set). The key made once in
    instance/secret_key when none is set is random and counts as real."""
    if app.config["DEVELOPMENT"] or app.testing:
        return
    if app.debug:
        raise UnsafeSettings(
            "debug mode is on (FLASK_DEBUG): refusing to start; "
            "set MASTHEAD_DEVELOPMENT=1 if this is a development machine"
        )
    key = app.config.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise UnsafeSettings(
            f"the secret key is shorter than {MIN_SECRET_KEY_LENGTH} characters: refusing to "
            "start; set MASTHEAD_SECRET_KEY to a random value (python -c 'import secrets; "
            "print(secrets.token_hex(32))'), leave it unset to use instance/secret_key, or set "
            "MASTHEAD_DEVELOPMENT=1 on a development machine"
        )


def _ensure_instance_dir(app: Flask) -> None:
    import os

    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from . import db, deadlines, read
    from .web import cors, jsonbody, limits, proxies, routing, text

    routing.init_app(app)  # first: blueprints take their converters when they register
    jsonbody.init_app(app)
    text.init_app(app)
    db.init_app(app)
    deadlines.init_app(app)
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
