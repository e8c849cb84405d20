"""HTTP API blueprints. Views are thin: parse, call a service, present."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import curation, health, lookup, outlets, releases, revisions, suggestions, tokens

    app.register_blueprint(health.bp)
    app.register_blueprint(outlets.bp)
    app.register_blueprint(lookup.bp)
    app.register_blueprint(curation.bp)
    app.register_blueprint(revisions.bp)
    app.register_blueprint(suggestions.bp)
    app.register_blueprint(tokens.bp)
    app.register_blueprint(releases.bp)
