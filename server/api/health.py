"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from .. import db
from ..read.cache import cache

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """The process answers (no database call: restarts should not cascade from a DB blip)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    """The database answers and the schema is in place."""
    try:
        with db.connect() as conn:
            conn.execute(text("SELECT 1"))
        version = cache().version
    except Exception:
        resp = jsonify(error={"code": "not_ready", "message": "database unavailable"})
        resp.status_code = 503
        return resp
    return jsonify(status="ready", data_version=version)


@bp.get("/api/v1/openapi.json")
def openapi_document():  # type: ignore[no-untyped-def]
    from ..openapi import document

    return jsonify(document())
