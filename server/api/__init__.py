"""HTTP API blueprints. Views are thin: parse, call a service, present."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import health, lookup, outlets

    app.register_blueprint(health.bp)
    app.register_blueprint(outlets.bp)
    app.register_blueprint(lookup.bp)
