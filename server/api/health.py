"""Liveness and readiness probes."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify

from ..db_health import DatabaseUnavailable, health
from ..read.cache import cache

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """The process answers (no database call: restarts should not cascade from a DB blip)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Response:
    """The database answered the last data-version check: the background thread's (no
    database call here) or, without one, an inline check bounded by DB_CHECK_TIMEOUT.
    Otherwise a 503 `database_unavailable` with Retry-After; with the read store, a 503
    `read_store_unavailable` while its directory cannot be used."""
    read_cache = cache()
    version = read_cache.version  # checks inline only when no background check runs
    if health().down:
        raise DatabaseUnavailable("the database is unavailable; try again shortly")
    where = current_app.config["READ_STORE_DIR"]
    if where:
        from ..read.store_service import ReadStoreUnavailable, problem

        found = problem(Path(where))
        if found is not None:
            raise ReadStoreUnavailable(f"the read store cannot be used: {found}")
    return jsonify(status="ready", data_version=version)


@bp.get("/api/v1/openapi.json")
def openapi_document():  # type: ignore[no-untyped-def]
    from ..openapi import document

    return jsonify(document())
