"""The read path: URL lookups, the domain index and outlet records, for readers.

Per data version each worker builds a read model (model.py) from the whole-dataset tables
(build.py) and answers lookups from it (lookup.py, index.py, articles.py); service.py is
what the views call; cache.py and response_cache.py keep answers per data version. The
SQL path (records.py, catalog.py) serves the outlets API and is the read model's reference.
"""

from __future__ import annotations

from flask import Flask, Response

# The blueprints that answer from the read caches (their answers carry the stale mark).
READ_BLUEPRINTS = ("lookup", "outlets")


def init_app(app: Flask) -> None:
    """The read cache, and the response cache in front of the app (from the app factory)."""
    from . import warming
    from .cache import STALE_HEADER, install
    from .response_cache import install_response_cache
    from .service import install_builder

    read_cache = install(app)
    install_builder(app, read_cache)
    warming.install(read_cache)
    install_response_cache(app, read_cache)

    def mark_stale(response: Response) -> Response:
        """`Masthead-Data-Stale: <seconds>` on answers served while the data version
        cannot be checked: they may be that much older than the database."""
        stale = read_cache.stale_header()
        if stale is not None and response.status_code < 400:
            response.headers[STALE_HEADER] = stale
        return response

    for name in READ_BLUEPRINTS:
        app.after_request_funcs.setdefault(name, []).append(mark_stale)
