"""Labels that regulators, governments and platforms have applied to an outlet."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..vocab import LABEL_KINDS
from .base import Base, Versioned, one_of

if TYPE_CHECKING:
    from .citations import Citation
    from .outlets import Outlet


class Label(Versioned, Base):
    __tablename__ = "labels"
    __table_args__ = (
        one_of("kind", LABEL_KINDS),
        CheckConstraint("until IS NULL OR since IS NULL OR until >= since", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    issuer: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str | None] = mapped_column(Text)
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # Set by a maintainer to re-check the fact on that day; without it the fact is due
    # REVIEW_INTERVAL after its citation was accessed (server/curation/review.py).
    review_due: Mapped[dt.date | None] = mapped_column(Date)
    citation_id: Mapped[int] = mapped_column(
        ForeignKey("citations.id", ondelete="RESTRICT"), nullable=False
    )

    outlet: Mapped[Outlet] = relationship(back_populates="labels")
    citation: Mapped[Citation] = relationship()
