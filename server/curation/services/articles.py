"""Articles: pages readers see, stored by their canonical URL (one article per page, however
its URL is spelled). A new article without a title is filled from the page itself."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from ... import urls
from ...errors import Conflict
from ...matching import Rule
from ...models import Article, Outlet, ReportLink, Revision, Story
from .. import schemas as s
from ..identity import canonical_for
from ..shapes import parse
from .base import RecordService, at


class ArticleService(RecordService):
    kind = "article"
    fields = ("title", "published", "author", "language")
    refs = {"outlet": ("outlet_id", Outlet), "story": ("story_id", Story)}

    def create(self, data: Any) -> Article:
        """An article by URL. Without a title (or with fetch: true) the page is fetched first
        and fills title, date, author, language and outlet; given fields win."""
        d: s.ArticleCreate = parse(s.ArticleCreate, data)
        _canonical, rule = self.identity(d.url, "url")
        fetch = d.fetch if d.fetch is not None else d.title is None
        fill = self.uow.fetch(d.url) if fetch else None
        values = self.values(d)
        if values["outlet_id"] is None and rule is not None:
            values["outlet_id"] = rule.outlet_id
        if fill is not None:
            for key in self.fields:
                if values[key] is None:
                    values[key] = getattr(fill, key)
            values["outlet_id"] = values["outlet_id"] or fill.outlet_id
        return self.uow.insert(Article(**values))

    def values(self, shape: BaseModel, where: str = "", obj: Any = None) -> dict[str, Any]:
        out = super().values(shape, where, obj)
        given = shape.model_fields_set if isinstance(shape, s.Patch) else None
        if given is None or "url" in given:
            me = obj.id if obj is not None else None
            canonical, _rule = self.identity(shape.url, at(where, "url"), me)  # type: ignore[attr-defined]
            out["canonical_url"] = canonical
            out["url_sha256"] = urls.url_sha256(canonical)
        return out

    def identity(self, url: str, where: str, me: int | None = None) -> tuple[str, Rule | None]:
        """The canonical URL and matched rule; refused when another article has that URL."""
        canonical, rule = canonical_for(url, self.uow.index(), field=where)
        other = self.uow.scalar(select(Article.id).where(Article.canonical_url == canonical))
        if other is not None and other != me:
            raise Conflict(
                f"there is already an article for {canonical} (article {other})",
                field=where,
                extra={"article_id": other},
            )
        return canonical, rule

    def by_url(self, url: str, where: str) -> Article:
        """The article of a page, created (outlet from the domain index) when new."""
        canonical, rule = canonical_for(url, self.uow.index(), field=where)
        found = self.session.scalar(select(Article).where(Article.canonical_url == canonical))
        if found is not None:
            return found
        return self.uow.insert(
            Article(
                canonical_url=canonical,
                url_sha256=urls.url_sha256(canonical),
                outlet_id=rule.outlet_id if rule else None,
            )
        )

    def check_restorable(self, obj: Any) -> None:
        self.identity(obj.canonical_url, "url")

    def remove_dependents(self, obj: Any) -> list[Revision]:
        links = select(ReportLink).where(ReportLink.article_id == obj.id).order_by(ReportLink.id)
        return self.drop(self.session.scalars(links))
