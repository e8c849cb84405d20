"""Reader suggestions: submitted anonymously, reviewed by a maintainer.

Accepting one goes through the Curator, so the report link it creates (or the correction it
applies) is validated, versioned and attributed to the maintainer like any other edit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import Conflict, NotFound, ValidationFailed
from ..models import Suggestion
from ..models.base import utcnow
from ..vocab import SUGGESTION_STATUSES
from . import schemas as s
from .unit_of_work import Curator

# The largest suggestion body accepted (bytes): a larger one is a 413 before it is read.
MAX_BODY = 16 * 1024


def submit(session: Session, data: Any) -> Suggestion:
    """Store a reader's suggestion as pending. The caller commits."""
    d: s.SuggestionIn = s.parse(s.SuggestionIn, data)
    row = Suggestion(
        kind=d.kind,
        page_url=d.page_url,
        report_url=d.report_url,
        relation=d.relation,
        outlet_slug=d.outlet_slug,
        message=d.message,
        status="pending",
    )
    session.add(row)
    session.flush()
    return row


def list_suggestions(
    session: Session, *, status: str | None = "pending", limit: int = 50, offset: int = 0
) -> tuple[int, list[Suggestion]]:
    if status is not None and status not in SUGGESTION_STATUSES:
        raise ValidationFailed(
            f"status must be one of {', '.join(SUGGESTION_STATUSES)}", field="status"
        )
    cond = [Suggestion.status == status] if status else []
    total = session.scalar(select(func.count()).select_from(Suggestion).where(*cond)) or 0
    rows = session.scalars(
        select(Suggestion).where(*cond).order_by(Suggestion.id).limit(limit).offset(offset)
    )
    return int(total), list(rows)


def get_suggestion(session: Session, suggestion_id: int, *, for_update: bool = False) -> Suggestion:
    stmt = select(Suggestion).where(Suggestion.id == suggestion_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    if row is None:
        raise NotFound(f"no suggestion {suggestion_id}", field="id")
    return row


def _pending(session: Session, suggestion_id: int) -> Suggestion:
    row = get_suggestion(session, suggestion_id, for_update=True)
    if row.status != "pending":
        raise Conflict(f"suggestion {row.id} is already {row.status}")
    return row


def accept(cur: Curator, suggestion_id: int, data: Any) -> tuple[Suggestion, Any]:
    """Accept a suggestion: a report becomes a report link (through the Curator); a
    correction applies the given patch to the named record. Returns (suggestion, record)."""
    d: s.SuggestionAccept = s.parse(s.SuggestionAccept, data or {})
    row = _pending(cur.session, suggestion_id)
    record: Any = None
    if row.kind == "report":
        relation = d.relation or row.relation
        if relation is None:
            raise ValidationFailed(
                "the suggestion names no relation: give one (e.g. disputes, fact_check)",
                field="relation",
            )
        payload: dict[str, Any] = {
            "article_url": row.page_url,
            "relation": relation,
            "report_url": row.report_url,
            "fetch": d.fetch,
        }
        for key in ("report_title", "summary", "rating"):
            if getattr(d, key) is not None:
                payload[key] = getattr(d, key)
        record = cur.report_links.create(payload)
        resolution = d.resolution or f"report link {record.id} created"
    elif d.patch is not None:
        assert d.record_type is not None and d.record is not None
        record = cur.update(d.record_type, d.record, d.patch, if_match=d.if_match)
        resolution = d.resolution or f"{d.record_type} {d.record} corrected"
    else:
        if not d.resolution:
            raise ValidationFailed(
                "give the correction as record_type, record and patch, or say in "
                "resolution how it was handled",
                field="patch",
            )
        resolution = d.resolution
    row.status = "accepted"
    row.reviewed_by_id = cur.actor.id
    row.reviewed_at = utcnow()
    row.resolution = resolution
    cur.session.flush()
    return row, record


def reject(session: Session, suggestion_id: int, reviewer_id: int | None, data: Any) -> Suggestion:
    d: s.SuggestionReject = s.parse(s.SuggestionReject, data or {})
    row = _pending(session, suggestion_id)
    row.status = "rejected"
    row.reviewed_by_id = reviewer_id
    row.reviewed_at = utcnow()
    row.resolution = d.reason
    session.flush()
    return row
