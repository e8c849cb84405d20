"""Write a validated dataset through a curation unit of work: create, update or delete to
match it.

The writer only decides what changes: it diffs each record and each child list (an
outlet's domains, relations and labels; an article's or a story's report links) against
what is stored, by natural key, and hands every create, update and delete to the record
services, so a dataset passes the same checks and writes the same revisions as the API.
Idempotent (applying the same dataset twice changes nothing the second time); the caller's
unit of work commits once, so any error leaves the database as it was. A list given is the
whole set; a list left out (None) leaves what is there alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from ..curation import Curator
from ..curation.identity import canonical_for
from ..curation.report import ChangeReport
from ..curation.services.base import RecordService
from ..models import Article, DomainRule, Entity, Label, Outlet, Relation, ReportLink, Story
from .schema import ArticleIn, DatasetIn, OutletIn, ReportLinkIn, StoryIn

Key = Hashable


def _grouped(rows: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


class DatasetWriter:
    def __init__(self, cur: Curator) -> None:
        self.cur = cur
        session = cur.session
        # Every record the diff compares with, read once rather than one query per parent.
        cur.preload(Entity, Outlet, Story)
        cur.citations.preload()
        self.rules = _grouped(session.scalars(select(DomainRule)), lambda r: r.outlet_id)
        self.labels = _grouped(session.scalars(select(Label)), lambda r: r.outlet_id)
        self.relations = _grouped(
            session.scalars(select(Relation)),
            lambda r: (
                ("outlet", r.subject_outlet_id)
                if r.subject_outlet_id
                else ("entity", r.subject_entity_id)
            ),
        )
        self.links = _grouped(
            session.scalars(select(ReportLink)),
            lambda r: ("article", r.article_id) if r.article_id else ("story", r.story_id),
        )
        self.articles = {a.canonical_url: a for a in session.scalars(select(Article))}

    def apply(self, data: DatasetIn) -> None:
        # Entities first (relations may point at any of them), their relations after the
        # outlets; stories before the articles outside any story.
        for i, ent in enumerate(data.entities):
            self._put(self.cur.entities, self.cur.find(Entity, ent.slug), ent, f"entities[{i}]")
        for i, out in enumerate(data.outlets):
            self._apply_outlet(out, f"outlets[{i}]")
        for i, ent in enumerate(data.entities):
            if ent.relations is not None:
                entity = self.cur.find(Entity, ent.slug)
                assert entity is not None
                self._sync_relations(("entity", entity.id), ent.relations, f"entities[{i}]")
        for i, story in enumerate(data.stories):
            self._apply_story(story, f"stories[{i}]")
        for i, art in enumerate(data.articles):
            self._apply_article(art, None, f"articles[{i}]")

    def _put(
        self, service: RecordService, obj: Any, shape: BaseModel, where: str, **columns: Any
    ) -> Any:
        if obj is None:
            return service.add(shape, where, **columns)
        service.replace(obj, shape, where, **columns)
        return obj

    def _sync(
        self,
        service: RecordService,
        existing: list[Any],
        wanted: Sequence[tuple[Key, BaseModel]],
        key_of: Callable[[Any], Key],
        where: str,
        **columns: Any,
    ) -> None:
        """Make a child list equal `wanted` ([(natural key, shape)]): the first of two
        items with one key wins; stored children not wanted are deleted. `existing` is
        updated in place, so a parent listed twice is compared with what the first wrote."""
        current = {key_of(obj): obj for obj in existing}
        kept: dict[Key, Any] = {}
        for j, (key, shape) in enumerate(wanted):
            if key not in kept:
                kept[key] = self._put(service, current.get(key), shape, f"{where}[{j}]", **columns)
        for key, obj in current.items():
            if key not in kept:
                self.cur.remove(obj, if_match=None)
        existing[:] = kept.values()

    def _apply_outlet(self, data: OutletIn, where: str) -> None:
        outlet = self._put(self.cur.outlets, self.cur.find(Outlet, data.slug), data, where)
        if data.domains is not None:
            self._sync(
                self.cur.domain_rules,
                self.rules.setdefault(outlet.id, []),
                [((d.host, d.path_prefix), d) for d in data.domains],
                lambda r: (r.host, r.path_prefix),
                f"{where}.domains",
                outlet_id=outlet.id,
            )
        if data.relations is not None:
            self._sync_relations(("outlet", outlet.id), data.relations, where)
        if data.labels is not None:
            self._sync(
                self.cur.labels,
                self.labels.setdefault(outlet.id, []),
                [((lab.kind, lab.issuer, lab.since), lab) for lab in data.labels],
                lambda r: (r.kind, r.issuer, r.since),
                f"{where}.labels",
                outlet_id=outlet.id,
            )

    def _sync_relations(self, subject: tuple[str, int], items: list[Any], where: str) -> None:
        wanted = []
        for j, rel in enumerate(items):
            obj = self.cur.by_slug(Entity, rel.object, f"{where}.relations[{j}].object")
            assert obj is not None
            wanted.append(((rel.kind, obj.id, rel.since), rel))
        self._sync(
            self.cur.relations,
            self.relations.setdefault(subject, []),
            wanted,
            lambda r: (r.kind, r.object_entity_id, r.since),
            f"{where}.relations",
            **{f"subject_{subject[0]}_id": subject[1]},
        )

    def _apply_story(self, data: StoryIn, where: str) -> None:
        story = self._put(self.cur.stories, self.cur.find(Story, data.slug), data, where)
        for j, art in enumerate(data.articles):
            self._apply_article(art, story.id, f"{where}.articles[{j}]")
        if data.report_links is not None:
            self._sync_links(("story", story.id), data.report_links, where)

    def _apply_article(self, data: ArticleIn, story_id: int | None, where: str) -> None:
        canonical, _rule = canonical_for(data.url, self.cur.index(), field=f"{where}.url")
        article = self._put(
            self.cur.articles, self.articles.get(canonical), data, where, story_id=story_id
        )
        self.articles[article.canonical_url] = article
        if data.report_links is not None:
            self._sync_links(("article", article.id), data.report_links, where)

    def _sync_links(self, target: tuple[str, int], items: list[ReportLinkIn], where: str) -> None:
        self._sync(
            self.cur.report_links,
            self.links.setdefault(target, []),
            [((link.relation, link.report_url), link) for link in items],
            lambda r: (r.relation, r.report_url),
            f"{where}.report_links",
            **{f"{target[0]}_id": target[1]},
        )


def apply_dataset(cur: Curator, data: DatasetIn) -> ChangeReport:
    """Apply `data` in `cur`'s unit of work (the caller commits) and say what changed."""
    DatasetWriter(cur).apply(data)
    return cur.report()
