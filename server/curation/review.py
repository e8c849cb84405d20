"""Freshness of facts: when each relation and label is due to be checked again, the queue of
those due, and marking one reviewed (its source re-checked today).

Only what a maintainer decides is stored: a fact's `review_due` when set explicitly. Otherwise
a fact is due REVIEW_INTERVAL after its citation's `accessed` date (NewsGuard re-reviews about
every three months), so the date a fact was last checked has one home, the citation. A fact
whose citation has no `accessed` date has never been checked: it is due now, first in line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ValidationFailed
from ..models import Citation, Entity, Label, Outlet, Relation
from . import types
from .shapes import CitationFields

if TYPE_CHECKING:
    from .unit_of_work import Curator

REVIEW_INTERVAL = dt.timedelta(days=90)
REVIEWED_KINDS = ("relation", "label")


def due_date(review_due: dt.date | None, accessed: dt.date | None) -> dt.date | None:
    """When a fact is due for review: the date a maintainer set, else 90 days after its
    source was last checked; None when it never was (due now)."""
    if review_due is not None:
        return review_due
    return accessed + REVIEW_INTERVAL if accessed is not None else None


@dataclass(frozen=True)
class DueFact:
    """A relation or label due for review, with what a maintainer needs to find and judge it."""

    record_type: str
    id: int
    version: int
    subject_type: str  # "outlet" or "entity"
    subject_slug: str
    subject_name: str
    summary: str  # "operated by ANO TV-Novosti", "platform label by YouTube"
    as_of: dt.date
    last_checked: dt.date | None
    due: dt.date | None
    explicit: bool  # the due date was set by a maintainer
    days_overdue: int | None  # None: never checked
    source_url: str

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("as_of", "last_checked", "due"):
            out[key] = out[key].isoformat() if out[key] is not None else None
        return out


def _order(fact: DueFact) -> tuple[Any, ...]:
    # Never checked first, then the most overdue; ties in a stable order.
    return (fact.due is not None, fact.due or dt.date.min, fact.record_type, fact.id)


def due_for_review(
    session: Session, today: dt.date, *, limit: int | None = None
) -> tuple[int, list[DueFact]]:
    """(how many facts are due on `today`, the first `limit` of them, most overdue first)."""
    outlets = {
        i: (slug, name)
        for i, slug, name in session.execute(select(Outlet.id, Outlet.slug, Outlet.name))
    }
    entities = {
        i: (slug, name)
        for i, slug, name in session.execute(select(Entity.id, Entity.slug, Entity.name))
    }
    due: list[DueFact] = []

    def add(record_type: str, row: Any, subject: tuple[str, tuple[str, str]], summary: str) -> None:
        when = due_date(row.review_due, row.accessed)
        if when is not None and when > today:
            return
        kind, (slug, name) = subject
        due.append(
            DueFact(
                record_type,
                row.id,
                row.version,
                kind,
                slug,
                name,
                summary,
                row.as_of,
                row.accessed,
                when,
                row.review_due is not None,
                (today - when).days if when is not None else None,
                row.url,
            )
        )

    R = Relation
    rels = select(
        R.id, R.version, R.kind, R.subject_outlet_id, R.subject_entity_id, R.object_entity_id,
        R.as_of, R.review_due, Citation.accessed, Citation.url,
    ).join(Citation, R.citation_id == Citation.id)  # fmt: skip
    for row in session.execute(rels):
        subject = (
            ("outlet", outlets[row.subject_outlet_id])
            if row.subject_outlet_id is not None
            else ("entity", entities[row.subject_entity_id])
        )
        obj_name = entities[row.object_entity_id][1]
        add("relation", row, subject, f"{row.kind.replace('_', ' ')} {obj_name}")
    L = Label
    labels = select(
        L.id, L.version, L.kind, L.issuer, L.outlet_id, L.as_of, L.review_due,
        Citation.accessed, Citation.url,
    ).join(Citation, L.citation_id == Citation.id)  # fmt: skip
    for lab in session.execute(labels):
        summary = f"{lab.kind.replace('_', ' ')} by {lab.issuer}"
        add("label", lab, ("outlet", outlets[lab.outlet_id]), summary)
    due.sort(key=_order)
    return len(due), due[:limit] if limit is not None else due


def mark_reviewed(
    cur: Curator,
    record_type: str,
    key: str | int,
    *,
    if_match: int | None,
    today: dt.date | None = None,
    review_due: dt.date | None = None,
) -> Any:
    """Record that a maintainer re-checked a fact's source today: the fact now cites that
    source as accessed today (the same citation, re-dated; a citation several facts share is
    copied, so the others are not marked checked), and its explicit review-due date is
    replaced by `review_due` (None: due again 90 days from today). One revision of the fact
    (and one of a new citation, when one is made); nothing changes when it already says so."""
    name = types.record_type(record_type).name
    if name not in REVIEWED_KINDS:
        raise ValidationFailed(
            f"only relations and labels are reviewed, not {name}s", field="record_type"
        )
    today = today or dt.date.today()
    obj: Relation | Label = cur.get(record_type, key)
    cur.check_version(obj, if_match)
    if review_due is not None and review_due <= today:
        raise ValidationFailed("review_due must be after today", field="review_due")
    source = obj.citation
    # Built without validating again: the stored source is what the fact already cites.
    checked = CitationFields.model_construct(
        url=source.url,
        title=source.title,
        publisher=source.publisher,
        accessed=today,
        quote=source.quote,
        archived_url=source.archived_url,
    )
    citation = cur.citations.find_or_add(checked)
    values = {"citation_id": citation.id, "review_due": review_due}
    cur.comment = cur.comment or f"reviewed: source checked on {today.isoformat()}"
    cur.change(obj, values, if_match=if_match)
    return obj
