"""The read path: URL -> outlet, ownership, labels and report links. Hot, so kept lean.

Whole-dataset structures (the domain index and each outlet's badge) are built once per data
version in each worker and matched in memory; per-URL answers are cached as finished JSON
bytes. A cache-miss lookup costs at most two small SQL statements (the article, its report
links) plus an outlet record that is itself cached per outlet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select

from . import urls
from .errors import BadRequest
from .identity import index_from_rows
from .matching import DomainIndex, Rule
from .models import Article, DomainRule, Entity, Label, Outlet, Relation, ReportLink, Story
from .ownership import walk_ownership
from .records import fetch_outlet_row, iso, outlet_record

ARTICLES = Article.__table__
LINKS = ReportLink.__table__
STORIES = Story.__table__
OUTLETS = Outlet.__table__
RULES = DomainRule.__table__
LABELS = Label.__table__
RELATIONS = Relation.__table__
ENTITIES = Entity.__table__

MAX_BATCH = 100
HASH_PREFIX_MIN, HASH_PREFIX_MAX = 4, 16


@dataclass(frozen=True)
class Snapshot:
    """What one worker holds in memory for one data version."""

    index: DomainIndex
    rules: list[Rule]
    badges: dict[int, dict[str, Any]]  # outlet id -> badge (slug, name, kind, country, ...)
    version: int


def build_snapshot(conn: Connection, version: int) -> Snapshot:
    rules = conn.execute(
        select(
            RULES.c.id,
            RULES.c.host,
            RULES.c.path_prefix,
            RULES.c.outlet_id,
            RULES.c.role,
            RULES.c.fold_variants,
        )
    ).all()
    today = dt.date.today()
    label_kinds: dict[int, list[str]] = defaultdict(list)
    for row in conn.execute(select(LABELS.c.outlet_id, LABELS.c.kind, LABELS.c.until)):
        if (row.until is None or row.until >= today) and row.kind not in label_kinds[row.outlet_id]:
            label_kinds[row.outlet_id].append(row.kind)
    entity_names = dict(conn.execute(select(ENTITIES.c.id, ENTITIES.c.name)).all())
    edges: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(
        select(
            RELATIONS.c.subject_outlet_id,
            RELATIONS.c.subject_entity_id,
            RELATIONS.c.object_entity_id,
        )
        .where(RELATIONS.c.until.is_(None))
        .order_by(RELATIONS.c.id)
    ):
        subject = (
            ("outlet", row.subject_outlet_id)
            if row.subject_outlet_id is not None
            else ("entity", row.subject_entity_id)
        )
        edges[subject].append({"object_key": ("entity", row.object_entity_id)})

    def owner_of(outlet_id: int) -> str | None:
        walk = walk_ownership(("outlet", outlet_id), lambda n: edges.get(n, []), max_paths=5)
        names = [entity_names[key[1]] for key in walk.ultimate_owners if key[0] == "entity"]
        return "; ".join(dict.fromkeys(names)) or None

    badges = {}
    for row in conn.execute(
        select(OUTLETS.c.id, OUTLETS.c.slug, OUTLETS.c.name, OUTLETS.c.kind, OUTLETS.c.country)
    ):
        badges[row.id] = {
            "slug": row.slug,
            "name": row.name,
            "kind": row.kind,
            "country": row.country,
            "labels": label_kinds.get(row.id, []),
            "owner": owner_of(row.id),
        }
    index = index_from_rows(rules)
    rule_list = [
        Rule(r.host, r.path_prefix, r.outlet_id, r.role, r.fold_variants, r.id) for r in rules
    ]
    return Snapshot(index, rule_list, badges, version)


def parse_url(raw: str | None) -> str:
    """Canonical URL of a lookup argument, or a 400 that says what is wrong with it."""
    if raw is None:
        raise BadRequest("the url parameter is required", field="url", code="missing_url")
    try:
        return urls.canonicalize(raw)
    except urls.InvalidURL as exc:
        raise BadRequest(exc.message, field="url", code=exc.code) from None


def identify(snapshot: Snapshot, canonical: str) -> tuple[str, Rule | None]:
    """Match a canonical URL to a domain rule and fold AMP/mobile variants when it allows."""
    rule = snapshot.index.match_url(canonical)
    if rule is not None and rule.fold_variants:
        folded = urls.fold_variants(canonical)
        if folded != canonical:
            return folded, snapshot.index.match_url(folded) or rule
    return canonical, rule


ARTICLE_BY_URL = (
    select(
        ARTICLES.c.id,
        ARTICLES.c.canonical_url,
        ARTICLES.c.title,
        ARTICLES.c.published,
        ARTICLES.c.story_id,
        STORIES.c.slug.label("story_slug"),
        STORIES.c.title.label("story_title"),
    )
    .select_from(ARTICLES.outerjoin(STORIES, ARTICLES.c.story_id == STORIES.c.id))
    .where(ARTICLES.c.canonical_url == bindparam("url"))
)


def _links_statement(article_ids: Sequence[int], story_ids: Sequence[int]) -> Any:
    conditions = []
    if article_ids:
        conditions.append(LINKS.c.article_id.in_(list(article_ids)))
    if story_ids:
        conditions.append(LINKS.c.story_id.in_(list(story_ids)))
    return (
        select(
            LINKS.c.id,
            LINKS.c.article_id,
            LINKS.c.story_id,
            LINKS.c.relation,
            LINKS.c.report_url,
            LINKS.c.report_title,
            LINKS.c.report_published,
            LINKS.c.report_author,
            LINKS.c.rating,
            LINKS.c.summary,
            OUTLETS.c.slug.label("outlet_slug"),
            OUTLETS.c.name.label("outlet_name"),
        )
        .select_from(LINKS.outerjoin(OUTLETS, LINKS.c.report_outlet_id == OUTLETS.c.id))
        .where(and_(or_(*conditions), LINKS.c.status == "published"))
        .order_by(LINKS.c.report_published, LINKS.c.id)
    )


def _link_json(row: Any, via: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "relation": row.relation,
        "url": row.report_url,
        "title": row.report_title,
        "outlet": {"slug": row.outlet_slug, "name": row.outlet_name} if row.outlet_slug else None,
        "published": iso(row.report_published),
        "author": row.report_author,
        "rating": row.rating,
        "summary": row.summary,
        "via": via,
    }


def grouped_links(
    rows: Iterable[Any], article_id: int, story_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    seen_urls: set[tuple[str, str]] = set()
    # The article's own links first, then the story's (skipping ones it already has).
    for via, matches in (
        ("article", lambda r: r.article_id == article_id),
        ("story", lambda r: story_id is not None and r.story_id == story_id),
    ):
        for row in rows:
            if matches(row) and (row.relation, row.report_url) not in seen_urls:
                seen_urls.add((row.relation, row.report_url))
                grouped.setdefault(row.relation, []).append(_link_json(row, via))
    return grouped


def article_and_links(
    conn: Connection, canonical: str
) -> tuple[dict[str, Any] | None, dict[str, list[Any]]]:
    art = conn.execute(ARTICLE_BY_URL, {"url": canonical}).first()
    if art is None:
        return None, {}
    stories = [art.story_id] if art.story_id is not None else []
    rows = conn.execute(_links_statement([art.id], stories)).all()
    article = {
        "canonical_url": art.canonical_url,
        "title": art.title,
        "published": iso(art.published),
        "story": {"slug": art.story_slug, "title": art.story_title} if art.story_slug else None,
    }
    return article, grouped_links(rows, art.id, art.story_id)


def outlet_record_by_id(conn: Connection, outlet_id: int, base_url: str) -> dict[str, Any] | None:
    row = fetch_outlet_row(conn, outlet_id=outlet_id)
    return outlet_record(conn, row, base_url) if row is not None else None


def lookup_result(
    raw: str,
    canonical: str,
    rule: Rule | None,
    version: int,
    outlet: dict[str, Any] | None,
    article: dict[str, Any] | None,
    links: dict[str, list[Any]],
) -> dict[str, Any]:
    return {
        "url": raw,
        "canonical_url": canonical,
        "url_sha256": urls.url_sha256(canonical),
        "data_version": version,
        "match": (
            {"host": rule.host, "path_prefix": rule.path_prefix, "role": rule.role}
            if rule
            else None
        ),
        "outlet": outlet,
        "article": article,
        "report_links": links,
    }


def batch_results(snapshot: Snapshot, items: Any) -> list[dict[str, Any]]:
    """Compact per-URL results in request order: enough to draw a badge. No SQL at all."""
    if not isinstance(items, list):
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    if len(items) > MAX_BATCH:
        raise BadRequest(
            f"at most {MAX_BATCH} URLs per request (got {len(items)})",
            field="urls",
            code="too_many_urls",
        )
    results = []
    for raw in items:
        if not isinstance(raw, str):
            results.append(
                {
                    "url": raw,
                    "error": {"code": "not_a_string", "message": "each URL must be a string"},
                }
            )
            continue
        try:
            canonical = urls.canonicalize(raw)
        except urls.InvalidURL as exc:
            results.append({"url": raw, "error": {"code": exc.code, "message": exc.message}})
            continue
        canonical, rule = identify(snapshot, canonical)
        badge = snapshot.badges.get(rule.outlet_id) if rule else None
        results.append(
            {
                "url": raw,
                "canonical_url": canonical,
                "outlet": None
                if badge is None
                else {
                    "slug": badge["slug"],
                    "name": badge["name"],
                    "kind": badge["kind"],
                    "country": badge["country"],
                    "label_kinds": badge["labels"],
                },
            }
        )
    return results


def domain_index_document(snapshot: Snapshot) -> dict[str, Any]:
    """Every domain rule with its outlet's badge: what the extension keeps locally."""
    position: dict[int, int] = {}
    outlets = []
    rules = []
    for rule in sorted(snapshot.rules, key=lambda r: (r.host, r.path_prefix)):
        badge = snapshot.badges.get(rule.outlet_id)
        if badge is None:
            continue
        if rule.outlet_id not in position:
            position[rule.outlet_id] = len(outlets)
            outlets.append(badge)
        entry: list[Any] = [rule.host, rule.path_prefix, position[rule.outlet_id]]
        if not rule.fold_variants:
            entry.append(0)
        rules.append(entry)
    return {"data_version": snapshot.version, "outlets": outlets, "rules": rules}


def parse_hash_prefix(prefix: str) -> str:
    value = prefix.lower()
    if not (HASH_PREFIX_MIN <= len(value) <= HASH_PREFIX_MAX) or any(
        c not in "0123456789abcdef" for c in value
    ):
        raise BadRequest(
            f"the prefix must be {HASH_PREFIX_MIN} to {HASH_PREFIX_MAX} hexadecimal characters",
            field="prefix",
            code="bad_prefix",
        )
    return value


def reports_by_hash_prefix(conn: Connection, prefix: str) -> list[dict[str, Any]]:
    """Articles whose canonical-URL SHA-256 starts with prefix, each with its report links.

    A range scan on the indexed hash column (prefix <= h < prefix + 'g'), then one query for
    all their links: two statements whatever the number of articles.
    """
    arts = conn.execute(
        select(
            ARTICLES.c.id,
            ARTICLES.c.url_sha256,
            ARTICLES.c.canonical_url,
            ARTICLES.c.title,
            ARTICLES.c.published,
            ARTICLES.c.story_id,
        )
        .where(ARTICLES.c.url_sha256 >= prefix, ARTICLES.c.url_sha256 < prefix + "g")
        .order_by(ARTICLES.c.url_sha256)
        .limit(1000)
    ).all()
    if not arts:
        return []
    story_ids = sorted({a.story_id for a in arts if a.story_id is not None})
    rows = conn.execute(_links_statement([a.id for a in arts], story_ids)).all()
    return [
        {
            "url_sha256": a.url_sha256,
            "canonical_url": a.canonical_url,
            "title": a.title,
            "published": iso(a.published),
            "report_links": grouped_links(rows, a.id, a.story_id),
        }
        for a in arts
    ]
