"""Revision history (append-only) and the data version that invalidates read caches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..vocab import REVISION_ACTIONS
from .base import Base, one_of, utcnow


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        one_of("action", REVISION_ACTIONS),
        Index("ix_revisions_record", "record_type", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_type: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)


class DataVersion(Base):
    """One row: bumped by every curation write; read caches compare against it."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ChangeLog(Base):
    """Which records each data version changed, written with it by the curation unit of work:
    one row per revision, with the outlet or entity whose public record it belongs to
    (before and after, when a write moved it). The read path applies these to its model
    instead of rebuilding it; a version without rows (a gap) makes it rebuild."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_data_version", "data_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data_version: Mapped[int] = mapped_column(BigInteger, nullable=False)
    record_type: Mapped[str] = mapped_column(String(30), nullable=False)
    record_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    outlet_id: Mapped[int | None] = mapped_column(Integer)
    entity_id: Mapped[int | None] = mapped_column(Integer)
