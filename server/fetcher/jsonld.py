"""JSON-LD blocks of a page: the schema.org items, @graph members and @id references."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from extruct.jsonld import JsonLdExtractor

from .values import as_list, clean, is_url, split_names

# schema.org types that describe the page's own article, best first.
ARTICLE_TYPES: tuple[str, ...] = (
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "SatiricalArticle",
    "ScholarlyArticle",
    "Report",
)
_TYPE_SEPARATORS = re.compile(r"[/:#]")


def types_of(item: dict[str, Any]) -> list[str]:
    """The item's @type names without any vocabulary prefix ("schema:NewsArticle" -> ...)."""
    return [_TYPE_SEPARATORS.split(t)[-1] for t in as_list(item.get("@type")) if isinstance(t, str)]


def walk_nodes(value: Any, limit: int = 20_000) -> Iterator[dict[str, Any]]:
    """Every dict inside `value`, depth first; iterative, so hostile nesting cannot recurse."""
    stack = [value]
    seen = 0
    while stack and seen < limit:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            seen += 1
            yield current
            stack.extend(reversed([v for v in current.values() if isinstance(v, (dict, list))]))


def _raw_items(tree: lxml.html.HtmlElement) -> list[Any]:
    extractor = JsonLdExtractor()
    raw: list[Any] = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind != "application/ld+json":
            continue
        script.set("type", "application/ld+json")
        try:
            raw.extend(extractor.extract_items(script))
        except Exception:  # any broken block is skipped, whatever extruct raises for it
            continue
    return raw


def _top_items(raw: list[Any]) -> list[dict[str, Any]]:
    top: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            top.extend(g for g in graph if isinstance(g, dict))
        if item.get("@type"):
            top.append(item)
    # A WebPage whose mainEntity is the article counts as the article.
    for item in list(top):
        for entity in as_list(item.get("mainEntity")):
            if isinstance(entity, dict) and entity.get("@type"):
                top.append(entity)
    return top


def _index_by_id(top: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    for node in walk_nodes(top):
        node_id = node.get("@id")
        if isinstance(node_id, str) and len(node) > 1:
            by_id.setdefault(node_id, node)
    return by_id


class JsonLd:
    """The page's JSON-LD items, with @id references resolved on demand."""

    def __init__(self, tree: lxml.html.HtmlElement) -> None:
        self.top = _top_items(_raw_items(tree))
        self.by_id = _index_by_id(self.top)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(value["@id"], value)
        return value

    def find(self, *types: str) -> dict[str, Any] | None:
        for wanted in types:
            for item in self.top:
                if wanted in types_of(item):
                    return item
        return None

    def name(self, value: Any) -> str | None:
        for v in as_list(value):
            text = _name_of(self.resolve(v))
            if text:
                return text
        return None

    def names(self, value: Any) -> list[str]:
        out = []
        for v in as_list(value):
            name = self.name(v)
            if name:
                out.extend(split_names(name) if isinstance(self.resolve(v), str) else [name])
        return out

    def url(self, value: Any) -> str | None:
        for v in as_list(value):
            found = _url_of(self.resolve(v))
            if found:
                return found
        return None


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        text = clean(value)
        return text if text and not is_url(text) else None
    if not isinstance(value, dict):
        return None
    full = " ".join(filter(None, [clean(value.get("givenName")), clean(value.get("familyName"))]))
    return clean(value.get("name")) or clean(full) or clean(value.get("alternateName"))


def _url_of(value: Any) -> str | None:
    if isinstance(value, str) and is_url(value.strip()):
        return value.strip()
    if isinstance(value, dict):
        for key in ("url", "@id"):
            u = value.get(key)
            if isinstance(u, str) and is_url(u.strip()):
                return u.strip()
    return None
