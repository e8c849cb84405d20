"""Outlets and the domain rules that map a URL to them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..vocab import DOMAIN_ROLES, OUTLET_KINDS, OUTLET_STATUSES
from .base import Base, Versioned, one_of

if TYPE_CHECKING:
    from .citations import Citation
    from .labels import Label
    from .ownership import Relation


class Outlet(Versioned, Base):
    __tablename__ = "outlets"
    __table_args__ = (
        one_of("kind", OUTLET_KINDS),
        one_of("status", OUTLET_STATUSES),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    other_names: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    languages: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    kind: Mapped[str] = mapped_column(String(32), nullable=False, default="unknown", index=True)
    founded: Mapped[dt.date | None] = mapped_column(Date)
    website: Mapped[str | None] = mapped_column(String(2048))
    wikidata_qid: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="active")
    # The source for the outlet-level facts (kind, country, founded).
    citation_id: Mapped[int | None] = mapped_column(ForeignKey("citations.id", ondelete="RESTRICT"))

    citation: Mapped[Citation | None] = relationship(lazy="joined")
    domains: Mapped[list[DomainRule]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="DomainRule.id"
    )
    labels: Mapped[list[Label]] = relationship(
        back_populates="outlet", cascade="all, delete-orphan", order_by="Label.id"
    )
    relations: Mapped[list[Relation]] = relationship(
        back_populates="subject_outlet",
        cascade="all, delete-orphan",
        foreign_keys="Relation.subject_outlet_id",
        order_by="Relation.id",
    )


class DomainRule(Versioned, Base):
    """host (lower-case, punycode) + optional path prefix -> outlet."""

    __tablename__ = "domain_rules"
    __table_args__ = (
        UniqueConstraint("host", "path_prefix"),
        one_of("role", DOMAIN_ROLES),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), nullable=False, index=True
    )
    host: Mapped[str] = mapped_column(String(253), nullable=False)
    # "" means the whole host; otherwise starts with "/" (e.g. "/@RT").
    path_prefix: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="primary")
    # Fold amp./m./mobile. hosts and AMP paths to the main article for this outlet.
    fold_variants: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Leading path prefixes rewritten before matching an article ([{"prefix": "/cnn",
    # "replacement": ""}] on amp.cnn.com): see server/matching.py.
    path_folds: Mapped[list[dict[str, str]]] = mapped_column(
        JSON, nullable=False, default=list, server_default=text("'[]'")
    )

    outlet: Mapped[Outlet] = relationship(back_populates="domains")
