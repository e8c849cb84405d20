"""Articles and their report links: the one statement a cache-miss lookup runs, and the
hash-prefix buckets (the private lookup)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, or_, select, union_all

from ..presenters.article import article, hashed_article
from ..presenters.report_link import report_link
from .key_set import bucket_bounds
from .prepared import fetch_raw
from .tables import ARTICLES, LINKS, OUTLETS, STORIES


class LinkRow(NamedTuple):
    """A report link as `report_link` and `grouped_links` read it: the link's own columns,
    then its report's outlet."""

    id: int
    article_id: int | None
    story_id: int | None
    relation: str
    report_url: str
    report_title: str | None
    report_published: Any
    report_author: str | None
    rating: str | None
    summary: str | None
    outlet_slug: str | None
    outlet_name: str | None


def _link_columns() -> list[Any]:
    """The columns of a `LinkRow`, in its order."""
    own = [LINKS.c[name] for name in LinkRow._fields[:-2]]
    return [*own, OUTLETS.c.slug.label("outlet_slug"), OUTLETS.c.name.label("outlet_name")]


def _article_with_links() -> Any:
    """One statement: the article, its story, and its own and its story's published links.

    The first part always yields the article (with NULL link columns when it has no link of
    its own); the second adds the story's links. Ordered like `links_statement`.
    """
    columns = [
        ARTICLES.c.id.label("a_id"),
        ARTICLES.c.canonical_url.label("a_canonical_url"),
        ARTICLES.c.title.label("a_title"),
        ARTICLES.c.published.label("a_published"),
        ARTICLES.c.story_id.label("a_story_id"),
        STORIES.c.slug.label("story_slug"),
        STORIES.c.title.label("story_title"),
        ARTICLES.c.outlet_id.label("a_outlet_id"),
        *_link_columns(),
    ]
    published = LINKS.c.status == "published"
    own = ARTICLES.outerjoin(STORIES, ARTICLES.c.story_id == STORIES.c.id).outerjoin(
        LINKS, and_(LINKS.c.article_id == ARTICLES.c.id, published)
    )
    of_story = ARTICLES.join(STORIES, ARTICLES.c.story_id == STORIES.c.id).join(
        LINKS, and_(LINKS.c.story_id == ARTICLES.c.story_id, published)
    )
    parts = [
        select(*columns)
        .select_from(joined.outerjoin(OUTLETS, LINKS.c.report_outlet_id == OUTLETS.c.id))
        .where(ARTICLES.c.canonical_url == bindparam("url"))
        for joined in (own, of_story)
    ]
    both = union_all(*parts).subquery()
    return select(both).order_by(both.c.report_published, both.c.id)


ARTICLE_WITH_LINKS = _article_with_links()


def links_statement(article_ids: Sequence[int], story_ids: Sequence[int]) -> Any:
    """The published links of these articles and stories, with their reports' outlets."""
    conditions = []
    if article_ids:
        conditions.append(LINKS.c.article_id.in_(list(article_ids)))
    if story_ids:
        conditions.append(LINKS.c.story_id.in_(list(story_ids)))
    return (
        select(*_link_columns())
        .select_from(LINKS.outerjoin(OUTLETS, LINKS.c.report_outlet_id == OUTLETS.c.id))
        .where(and_(or_(*conditions), LINKS.c.status == "published"))
        .order_by(LINKS.c.report_published, LINKS.c.id)
    )


def grouped_links(
    rows: Sequence[Any], article_id: int, story_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    """Report links by relation: the article's own first, then its story's (skipping the
    ones it already has)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    seen_urls: set[tuple[str, str]] = set()
    for attached_to, matches in (
        ("article", lambda r: r.article_id == article_id),
        ("story", lambda r: story_id is not None and r.story_id == story_id),
    ):
        for row in rows:
            if matches(row) and (row.relation, row.report_url) not in seen_urls:
                seen_urls.add((row.relation, row.report_url))
                grouped.setdefault(row.relation, []).append(report_link(row, attached_to))
    return grouped


def article_and_links(
    connect: Callable[[], Any], dialect: Any, canonical: str
) -> tuple[dict[str, Any] | None, dict[str, list[Any]], int | None]:
    """The article at a canonical URL, its report links by relation and the id of the outlet
    the article record names (None: no article, or none named): one SQL statement."""
    rows = fetch_raw(connect, dialect, ARTICLE_WITH_LINKS, url=canonical)
    if not rows:
        return None, {}, None
    # Columns: a_id, a_canonical_url, a_title, a_published, a_story_id, story_slug,
    # story_title, a_outlet_id, then the link's (see _article_with_links).
    art = rows[0]
    links = [LinkRow(*r[8:]) for r in rows if r[8] is not None]
    found = article(art[1], art[2], art[3], art[5], art[6])
    return found, grouped_links(links, art[0], art[4]), art[7]


def reports_by_hash_prefix(conn: Connection, prefix: str, bits: int) -> list[dict[str, Any]]:
    """The articles with published report links in the bucket `prefix` names at `bits` bits
    (read/key_set.py), each with its report links: the bucket the index's article-key
    set promises, so at least K_ANONYMITY articles when the set has that many.

    A range scan on the indexed hash column, then one query for all their links: two
    statements whatever the number of articles.
    """
    cols = ARTICLES.c
    low, high = bucket_bounds(prefix, bits)
    in_range = cols.url_sha256 >= low
    if high is not None:
        in_range = and_(in_range, cols.url_sha256 < high)
    arts = conn.execute(
        select(
            cols.id, cols.url_sha256, cols.canonical_url, cols.title, cols.published, cols.story_id
        )
        .where(in_range)
        .order_by(cols.url_sha256)
    ).all()
    if not arts:
        return []
    story_ids = sorted({a.story_id for a in arts if a.story_id is not None})
    rows = conn.execute(links_statement([a.id for a in arts], story_ids)).all()
    found = []
    for a in arts:
        links = grouped_links(rows, a.id, a.story_id)
        if links:  # only the articles the key set lists
            found.append(hashed_article(a.url_sha256, a.canonical_url, a.title, a.published, links))
    return found
