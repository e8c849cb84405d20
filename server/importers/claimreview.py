"""Import schema.org ClaimReview JSON-LD (`flask import FILE --format claimreview`).

Accepted: one ClaimReview object, a list of them, or an object with an `@graph` (nodes of
other types are ignored; `{"@id": ...}` references inside the graph are followed). Each
ClaimReview becomes a report link of relation `fact_check`:

  article   itemReviewed.appearance / firstAppearance / url / sameAs (the first URL found)
            -- the page that carried the claim; created if Masthead does not have it yet
  report    the ClaimReview's `url` (required); its outlet is matched by domain
  title     `name` or `headline`;  published: `datePublished`;  author: `author.name`
  rating    reviewRating.alternateName (else its name or ratingValue)
  summary   "Claim reviewed: <claimReviewed>"

Addresses are read as the lookup reads them: without a scheme (`rt.com/news/1`) as
https://, and the article's address unwrapped (an archived copy of the claim's page, an AMP
copy or a click wrapper stands for the page itself), then keyed by the domain rules.

Re-importing updates the existing link (same article, relation and report URL). A review
whose item has no URL cannot be attached to a page and is skipped (counted in the report);
a malformed review (no `url`, a bad URL, a non-object) names its index and nothing is written.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import select

from ..curation import Curator
from ..curation.fetching import parse_date
from ..curation.identity import canonical_for
from ..curation.report import ChangeReport
from ..dataset.lines import line_of
from ..dataset.source import read_json
from ..errors import ValidationFailed
from ..models import Article, ReportLink
from ..urls.unwrap import with_scheme
from .common import address, at


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type", [])
    return [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)]


Path = tuple[int | str, ...]


def _reviews(raw: Any) -> tuple[list[tuple[Path, Any]], dict[str, Any]]:
    """[(JSON path, node)] of the ClaimReviews, and the @id map for references."""
    found: list[tuple[Path, Any]] = []
    ids: dict[str, Any] = {}

    def visit(node: Any, path: Path) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, (*path, i))
            return
        if not isinstance(node, dict):
            raise ValidationFailed(f"{_where(path) or 'top level'}: expected a JSON-LD object")
        if isinstance(node.get("@id"), str):
            ids[node["@id"]] = node
        if "@graph" in node:
            visit(node["@graph"], (*path, "@graph"))
        if "ClaimReview" in _types(node):
            found.append((path, node))

    visit(raw, ())
    return found, ids


def _where(path: Path) -> str:
    """("@graph", 3) -> "@graph[3]", (1,) -> "[1]": how errors name a node."""
    return "".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path)


def _resolve(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in ids:
        return ids[value["@id"]]
    return value


def _url(value: Any, ids: dict[str, Any], field: str) -> str | None:
    """The address a node gives (read as the lookup reads it: `rt.com/x` is https://)."""
    value = _resolve(value, ids)
    if isinstance(value, str) and value.strip():
        return address(value, field)
    if isinstance(value, dict):
        for key in ("url", "@id", "sameAs"):
            found = value.get(key)
            if isinstance(found, str) and _is_address(found):
                return address(found, field)
    return None


def _is_address(text: str) -> bool:
    """An http(s) address, or a host and path without a scheme (not an `@id` such as
    `_:b0` or `#claim`)."""
    text = text.strip()
    if text.lower().startswith(("http:", "https:")):
        return True
    return (with_scheme(text, schemeless=True) or "").startswith("https://")


def _text(value: Any, ids: dict[str, Any], limit: int) -> str | None:
    value = _resolve(value, ids)
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split())[:limit]


def _item_url(review: dict[str, Any], ids: dict[str, Any]) -> str | None:
    item = _resolve(review.get("itemReviewed"), ids)
    if not isinstance(item, dict):
        return None
    for key in ("appearance", "firstAppearance", "url", "sameAs"):
        found = _url(item.get(key), ids, "itemReviewed")
        if found:
            return found
    return None


def _link_values(review: dict[str, Any], ids: dict[str, Any]) -> dict[str, Any]:
    rating = _resolve(review.get("reviewRating"), ids)
    rating_text = None
    if isinstance(rating, dict):
        rating_text = (
            _text(rating.get("alternateName"), ids, 200)
            or _text(rating.get("name"), ids, 200)
            or _text(rating.get("ratingValue"), ids, 200)
        )
    claim = _text(review.get("claimReviewed"), ids, 4900)
    date = review.get("datePublished")
    published = parse_date(date) if isinstance(date, str) else None
    return {
        "report_title": _text(review.get("name") or review.get("headline"), ids, 500),
        "report_published": published.isoformat() if published else None,
        "report_author": _text(review.get("author"), ids, 300),
        "rating": rating_text,
        "summary": f"Claim reviewed: {claim}" if claim else None,
    }


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    raw = read_json(name, text)
    reviews, ids = _reviews(raw)
    if not reviews:
        raise ValidationFailed("no ClaimReview found (expected @type ClaimReview)")
    skipped: list[str] = []
    for path, review in reviews:
        where = _where(path) or "[0]"
        with at(where, partial(line_of, text, path)):
            if not _import_review(cur, review, ids):
                skipped.append(f"{where}: itemReviewed has no URL")
    return cur.report(skipped)


def _import_review(cur: Curator, review: dict[str, Any], ids: dict[str, Any]) -> bool:
    """Create or update the report link of one review; False when it has no page to link."""
    report_url = _url(review.get("url"), ids, "url")
    if report_url is None:
        raise ValidationFailed("the ClaimReview has no url", field="url")
    item_url = _item_url(review, ids)
    if item_url is None:
        return False
    values = {k: v for k, v in _link_values(review, ids).items() if v is not None}
    existing = _existing_link(cur, item_url, report_url)
    if existing is None:
        cur.report_links.create(
            {
                "article_url": item_url,
                "relation": "fact_check",
                "report_url": report_url,
                "fetch": False,
                **values,
            }
        )
    else:
        cur.report_links.update(existing.id, values, if_match=None)
    return True


def _existing_link(cur: Curator, item_url: str, report_url: str) -> ReportLink | None:
    canonical, _rule = canonical_for(item_url, cur.index(), field="itemReviewed")
    article_id = cur.session.scalar(select(Article.id).where(Article.canonical_url == canonical))
    if article_id is None:
        return None
    return cur.session.scalar(
        select(ReportLink).where(
            ReportLink.article_id == article_id,
            ReportLink.relation == "fact_check",
            ReportLink.report_url == report_url,
        )
    )
