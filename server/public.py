"""Public HTML pages: the landing page and the readable record page the extension links to."""

from __future__ import annotations

from flask import Blueprint, render_template

from . import db
from .api.common import base_url
from .read import catalog

bp = Blueprint("public", __name__)


@bp.get("/")
def index() -> str:
    return render_template("public/index.html")


@bp.get("/outlets/<slug>")
def outlet_page(slug: str) -> str:
    with db.connect() as conn:
        record = catalog.get_outlet(conn, slug, base_url())
    return render_template("public/outlet.html", outlet=record)
