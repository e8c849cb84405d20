"""Entities (owners, operators, funders) and the relations of the ownership graph."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..vocab import ENTITY_KINDS, RELATION_KINDS
from .base import Base, Versioned, one_of

if TYPE_CHECKING:
    from .citations import Citation
    from .outlets import Outlet


class Entity(Versioned, Base):
    __tablename__ = "entities"
    __table_args__ = (one_of("kind", ENTITY_KINDS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="other")
    country: Mapped[str | None] = mapped_column(String(2))
    wikidata_qid: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)

    relations: Mapped[list[Relation]] = relationship(
        back_populates="subject_entity",
        cascade="all, delete-orphan",
        foreign_keys="Relation.subject_entity_id",
        order_by="Relation.id",
    )


class Relation(Versioned, Base):
    """subject (an outlet or an entity) --kind--> object entity, with a required source."""

    __tablename__ = "relations"
    __table_args__ = (
        one_of("kind", RELATION_KINDS),
        CheckConstraint(
            "(subject_outlet_id IS NULL) <> (subject_entity_id IS NULL)", name="one_subject"
        ),
        CheckConstraint("share IS NULL OR (share >= 0 AND share <= 100)", name="share_percent"),
        CheckConstraint("until IS NULL OR since IS NULL OR until >= since", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), index=True
    )
    subject_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    object_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    share: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # Set by a maintainer to re-check the fact on that day; without it the fact is due
    # REVIEW_INTERVAL after its citation was accessed (server/curation/review.py).
    review_due: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    citation_id: Mapped[int] = mapped_column(
        ForeignKey("citations.id", ondelete="RESTRICT"), nullable=False
    )

    subject_outlet: Mapped[Outlet | None] = relationship(
        back_populates="relations", foreign_keys=[subject_outlet_id]
    )
    subject_entity: Mapped[Entity | None] = relationship(
        back_populates="relations", foreign_keys=[subject_entity_id]
    )
    object_entity: Mapped[Entity] = relationship(foreign_keys=[object_entity_id])
    citation: Mapped[Citation] = relationship()
