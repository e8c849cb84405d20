"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Schemas are generated from pydantic models (components.py); paths are tables of routes with
their parameters, bodies and every status they can answer (read_paths.py, curation_paths.py,
workflow_paths.py). Tests validate the document, its examples and real responses against it.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

__all__ = ["document"]

INFO = {
    "title": "Masthead API",
    "version": "1",
    "description": "Who is behind the news page you are reading: outlets, ownership, "
    "labels and report links, every fact with its source.",
}
BEARER = {
    "type": "http",
    "scheme": "bearer",
    "description": "An API token from `flask create-token` or POST /api/v1/tokens",
}


@functools.cache
def _build() -> dict[str, Any]:
    from . import components, curation_paths, read_paths, workflow_paths

    paths: dict[str, Any] = {}
    for part in (read_paths.PATHS, curation_paths.record_paths(), workflow_paths.PATHS):
        for path, item in part.items():
            paths.setdefault(path, {}).update(item)
    return {
        "openapi": "3.1.0",
        "info": INFO,
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components.schemas(),
            "securitySchemes": {"bearerAuth": BEARER},
        },
    }


def document() -> dict[str, Any]:
    """The whole document (a fresh copy: callers may change it)."""
    return copy.deepcopy(_build())
