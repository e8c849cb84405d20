"""Maintainer web pages under /admin/: sign-in, outlets, edit forms, report links, history,
suggestions. Pages read with the read models and write only through the curation service.
"""

from __future__ import annotations

from flask import Flask

from .blueprint import bp


def init_app(app: Flask) -> None:
    """Session cookies, CSRF and the blueprint (called from the app factory)."""
    from . import security, views  # noqa: F401  (views attach their routes to bp)

    security.init_app(app)
    app.register_blueprint(bp)


__all__ = ["bp", "init_app"]
