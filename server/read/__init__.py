"""The read path: URL lookups, the domain index and outlet records, for readers.

Per data version each worker builds a read model (model.py) from the whole-dataset tables
(build.py) and answers lookups from it (lookup.py, index.py, articles.py); service.py is
what the views call; cache.py and response_cache.py keep answers per data version. The
SQL path (records.py, catalog.py) serves the outlets API and is the read model's reference.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The read cache, and the response cache in front of the app (from the app factory)."""
    from .cache import install
    from .response_cache import install_response_cache

    install_response_cache(app, install(app))
