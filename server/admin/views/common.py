"""What every admin response shares: the user in templates, no caching, strict headers."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, url_for
from flask_wtf.csrf import CSRFError

from ... import vocab
from ...errors import MastheadError
from ..blueprint import bp
from ..security import current_user, has_role

# Pages are server-rendered and need no script at all; forms post only to this origin.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


@bp.app_template_filter("words")
def words(value: Any) -> str:
    """`state_controlled` -> `state controlled` for display."""
    return str(value).replace("_", " ") if value is not None else ""


@bp.context_processor
def _template_globals() -> dict[str, Any]:
    user = current_user()
    return {
        "user": user,
        "is_admin": has_role(user, "admin"),
        "vocab": vocab,
    }


@bp.after_request
def _headers(resp: Response) -> Response:
    resp.headers.setdefault("Content-Security-Policy", CSP)
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> tuple[str, int]:
    message = (
        "This form was refused because its security token is missing or out of date "
        f"({exc.description}). Go back, reload the page and submit it again."
    )
    return render_template("admin/error.html", status=400, message=message), 400


@bp.errorhandler(MastheadError)
def _domain_error(exc: MastheadError) -> tuple[str, int]:
    return render_template("admin/error.html", status=exc.status, message=exc.message), exc.status


@bp.app_template_global("record_url")
def record_url(record_type: str, record_id: int, snap: dict[str, Any]) -> str | None:
    """The admin page of a record named in a revision."""
    slug = snap.get("slug")
    pages = {
        "outlet": lambda: url_for("maintainer.outlet", slug=slug) if slug else None,
        "entity": lambda: url_for("maintainer.entity", slug=slug) if slug else None,
        "domain_rule": lambda: url_for("maintainer.domain_edit", rule_id=record_id),
        "relation": lambda: url_for("maintainer.relation_edit", relation_id=record_id),
        "label": lambda: url_for("maintainer.label_edit", label_id=record_id),
        "citation": lambda: url_for("maintainer.citation_edit", citation_id=record_id),
        "article": lambda: url_for("maintainer.article", article_id=record_id),
        "report_link": lambda: url_for("maintainer.report_link_edit", link_id=record_id),
    }
    page = pages.get(record_type)
    return page() if page else None
