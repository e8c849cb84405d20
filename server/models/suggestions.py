"""Reader suggestions: counter-reports or corrections, waiting for a maintainer."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..vocab import SUGGESTION_KINDS, SUGGESTION_STATUSES
from .base import Base, one_of, utcnow


class Suggestion(Base):
    __tablename__ = "suggestions"
    __table_args__ = (one_of("kind", SUGGESTION_KINDS), one_of("status", SUGGESTION_STATUSES))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    page_url: Mapped[str] = mapped_column(String(2048), nullable=False)
    report_url: Mapped[str | None] = mapped_column(String(2048))
    relation: Mapped[str | None] = mapped_column(String(20))
    outlet_slug: Mapped[str | None] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
