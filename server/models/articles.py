"""Articles (by canonical URL), stories grouping them, and report links to counter-reports."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..vocab import REPORT_RELATIONS, REPORT_STATUSES
from .base import Base, Versioned, one_of

if TYPE_CHECKING:
    from .accounts import User
    from .citations import Citation
    from .outlets import Outlet


class Story(Versioned, Base):
    """Several articles about one event or claim; report links may attach to the story."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    summary: Mapped[str | None] = mapped_column(Text)

    articles: Mapped[list[Article]] = relationship(back_populates="story", order_by="Article.id")


class Article(Versioned, Base):
    __tablename__ = "articles"
    __table_args__ = (CheckConstraint("length(url_sha256) = 64", name="sha256_hex"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), nullable=False, unique=True)
    # SHA-256 of canonical_url, hex: the key of the privacy-preserving hash-prefix lookup.
    url_sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlets.id", ondelete="SET NULL"), index=True
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(12))
    author: Mapped[str | None] = mapped_column(String(300))

    outlet: Mapped[Outlet | None] = relationship()
    story: Mapped[Story | None] = relationship(back_populates="articles")
    report_links: Mapped[list[ReportLink]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ReportLink.id"
    )


class ReportLink(Versioned, Base):
    """An article (or a whole story) -> a report that disputes, checks or gives context to it.

    `relation` reads from the article's side: "disputes" means the article disputes the report.
    """

    __tablename__ = "report_links"
    __table_args__ = (
        one_of("relation", REPORT_RELATIONS),
        one_of("status", REPORT_STATUSES),
        CheckConstraint("(article_id IS NULL) <> (story_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    relation: Mapped[str] = mapped_column(String(20), nullable=False)
    report_url: Mapped[str] = mapped_column(String(2048), nullable=False)
    report_title: Mapped[str | None] = mapped_column(String(500))
    report_outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlets.id", ondelete="SET NULL"), index=True
    )
    report_published: Mapped[dt.date | None] = mapped_column(Date)
    report_author: Mapped[str | None] = mapped_column(String(300))
    rating: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="published")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    citation_id: Mapped[int | None] = mapped_column(ForeignKey("citations.id", ondelete="RESTRICT"))

    article: Mapped[Article | None] = relationship(back_populates="report_links")
    story: Mapped[Story | None] = relationship()
    report_outlet: Mapped[Outlet | None] = relationship()
    added_by: Mapped[User | None] = relationship()
    citation: Mapped[Citation | None] = relationship()
