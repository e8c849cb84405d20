"""A report link: a report that disputes, fact-checks or covers an article or a story."""

from __future__ import annotations

from typing import Any, Protocol

from .values import iso


class LinkRow(Protocol):
    """A report link with its report's outlet, as the read path loads it."""

    @property
    def id(self) -> int: ...

    @property
    def relation(self) -> str: ...

    @property
    def report_url(self) -> str: ...

    @property
    def report_title(self) -> str | None: ...

    @property
    def report_published(self) -> Any: ...

    @property
    def report_author(self) -> str | None: ...

    @property
    def rating(self) -> str | None: ...

    @property
    def summary(self) -> str | None: ...

    @property
    def outlet_slug(self) -> str | None: ...

    @property
    def outlet_name(self) -> str | None: ...


class LinkRecord(Protocol):
    @property
    def relation(self) -> str: ...

    @property
    def report_url(self) -> str: ...

    @property
    def report_title(self) -> str | None: ...

    @property
    def report_published(self) -> Any: ...

    @property
    def report_author(self) -> str | None: ...

    @property
    def rating(self) -> str | None: ...

    @property
    def summary(self) -> str | None: ...

    @property
    def status(self) -> str: ...


def report_link(row: LinkRow, via: str) -> dict[str, Any]:
    """A published link as a lookup shows it; `via` says whether it is the article's own
    ("article") or its story's ("story")."""
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
        "via": via,
    }


def report_link_terms(link: LinkRecord, report_outlet: str | None) -> dict[str, Any]:
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
