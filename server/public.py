"""Public HTML pages: the landing page and the readable record page the extension links to."""

from __future__ import annotations

from flask import Blueprint, render_template

from .presenters.credits import label_credits
from .presenters.values import month_year
from .read import service
from .web.hosts import base_url

bp = Blueprint("public", __name__)
bp.add_app_template_filter(month_year, "month_year")


@bp.get("/")
def index() -> str:
    return render_template("public/index.html")


@bp.get("/outlets/<slug>")
def outlet_page(slug: str) -> str:
    outlet = service.outlet_record(slug, base_url())
    credits = label_credits(outlet.get("labels") or [])
    return render_template("public/outlet.html", outlet=outlet, credits=credits)
