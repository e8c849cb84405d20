"""A report link: a report that disputes, fact-checks or covers an article or a story."""

from __future__ import annotations

from typing import Any

from .values import iso


def report_link(row: Any, attached_to: str) -> dict[str, Any]:
    """A published link as a lookup shows it; `attached_to` says whether it is the article's
    own ("article") or its story's ("story")."""
    return {
        "id": row.id,
        "relation": row.relation,
        "url": row.report_url,
        "title": row.report_title,
        "outlet": {"slug": row.outlet_slug, "name": row.outlet_name} if row.outlet_slug else None,
        "published": iso(row.report_published),
        "author": row.report_author,
        "rating": row.rating,
        "summary": row.summary,
        "attached_to": attached_to,
    }


def report_link_terms(link: Any, report_outlet: str | None) -> dict[str, Any]:
    """A link's own facts (its report's outlet by slug), as the dataset format and the
    curation API show them."""
    return {
        "relation": link.relation,
        "report_url": link.report_url,
        "report_title": link.report_title,
        "report_outlet": report_outlet,
        "report_published": iso(link.report_published),
        "report_author": link.report_author,
        "rating": link.rating,
        "summary": link.summary,
        "status": link.status,
    }
