"""Stories: a group of articles that report links may dispute as a whole."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...models import Article, ReportLink, Revision
from ..shapes import StoryFields, columns
from .base import RecordService


class StoryService(RecordService):
    kind = "story"
    fields = columns(StoryFields)

    def remove_dependents(self, obj: Any) -> list[Revision]:
        """Its report links go with it; its articles stay, outside any story."""
        links = select(ReportLink).where(ReportLink.story_id == obj.id).order_by(ReportLink.id)
        revs = self.drop(self.session.scalars(links))
        articles = self.session.scalars(select(Article).where(Article.story_id == obj.id))
        return revs + self.unlink(articles, "story_id")
