"""Report links: an article (or a whole story) linked to a report that disputes, fact-checks
or gives context to it. A new link without a report title is filled from the report page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...errors import Conflict, ValidationFailed
from ...models import Article, Outlet, ReportLink, Story
from .. import schemas as s
from ..shapes import ReportLinkFields, columns, parse
from .base import RecordService

FILLED = (
    ("report_title", "title"),
    ("report_published", "published"),
    ("report_author", "author"),
    ("rating", "rating"),
    ("report_outlet_id", "outlet_id"),
)


class ReportLinkService(RecordService):
    kind = "report_link"
    fields = columns(ReportLinkFields)
    refs = {"report_outlet": ("report_outlet_id", Outlet)}
    sourced = True

    def create(self, data: Any) -> ReportLink:
        """article (by id or URL, created if new) or story -> report. Without a report title
        (or with fetch: true) the report page is fetched and fills title, date, author,
        report outlet (from the domain index) and ClaimReview rating; given fields win."""
        d: s.ReportLinkCreate = parse(s.ReportLinkCreate, data)
        do_fetch = d.fetch if d.fetch is not None else d.report_title is None
        fill = self.uow.fetch(d.report_url, field="report_url") if do_fetch else None
        values = {**self._target(d), **self.values(d)}
        if values["report_outlet_id"] is None:
            outlet = self.uow.match_outlet(d.report_url)
            values["report_outlet_id"] = outlet.id if outlet else None
        if fill is not None:
            for column, filled in FILLED:
                if values[column] is None:
                    values[column] = getattr(fill, filled)
        self.check(values, "", None)
        return self.uow.insert(ReportLink(added_by_id=self.uow.actor.id, **values))

    def _target(self, d: s.ReportLinkCreate) -> dict[str, int]:
        if d.article_id is not None:
            if self.session.get(Article, d.article_id) is None:
                raise ValidationFailed(f"no article {d.article_id}", field="article_id")
            return {"article_id": d.article_id}
        if d.article_url is not None:
            return {"article_id": self.uow.articles.by_url(d.article_url, "article_url").id}
        story = self.uow.by_slug(Story, d.story, "story")
        assert story is not None  # the shape requires one target
        return {"story_id": story.id}

    def check(self, values: dict[str, Any], where: str, obj: Any) -> None:
        """One link per target, relation and report."""
        if obj is not None:
            return
        if values.get("article_id") is not None:
            target = ReportLink.article_id == values["article_id"]
        else:
            target = ReportLink.story_id == values.get("story_id")
        duplicate = self.uow.scalar(
            select(ReportLink.id).where(
                target,
                ReportLink.relation == values["relation"],
                ReportLink.report_url == values["report_url"],
            )
        )
        if duplicate is not None:
            raise Conflict(
                f"this report is already linked with relation '{values['relation']}' "
                f"(report link {duplicate})",
                field="report_url",
                extra={"report_link_id": duplicate},
            )
