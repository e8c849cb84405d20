"""The page's OpenGraph properties and meta tags, looked up by name."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from extruct.opengraph import OpenGraphExtractor

from .values import clean, is_url


def opengraph(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """OpenGraph properties ("og:title", "article:published_time", ...), lower-cased."""
    props: dict[str, list[str]] = {}
    try:
        items = list(OpenGraphExtractor().extract_items(tree))
    except Exception:  # a page extruct cannot read simply has no OpenGraph
        items = []
    for item in items:
        for key, value in item.get("properties", []):
            props.setdefault(key.strip().lower(), []).append(value)
    return props


def meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """<meta> contents by name, property, itemprop or http-equiv, lower-cased."""
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                tags.setdefault(key.strip().lower(), []).append(content)
    return tags


@dataclass(frozen=True)
class PageTags:
    og: dict[str, list[str]]
    meta: dict[str, list[str]]

    @classmethod
    def read(cls, tree: lxml.html.HtmlElement) -> PageTags:
        return cls(opengraph(tree), meta_tags(tree))

    def og_value(self, *keys: str) -> str | None:
        """The first non-blank value of an OpenGraph property (also as a plain meta tag)."""
        for key in keys:
            for v in self.og.get(key, []) + self.meta.get(key, []):
                if text := clean(v):
                    return text
        return None

    def og_name(self, key: str) -> str | None:
        """An OpenGraph value that is a name, not a URL."""
        value = self.og_value(key)
        return None if value is None or is_url(value) else value

    def meta_value(self, *keys: str, skip_urls: bool = False) -> str | None:
        for key in keys:
            for v in self.meta.get(key, []):
                text = clean(v)
                if text and not (skip_urls and is_url(text)):
                    return text
        return None

    def meta_values(self, key: str) -> list[str]:
        """Every non-blank value of the meta tag `key`."""
        cleaned = [clean(v) for v in self.meta.get(key, [])]
        return [v for v in cleaned if v]

    def all_values(self, key: str) -> list[str]:
        """Every non-blank value of `key`, OpenGraph first."""
        cleaned = [clean(v) for v in self.og.get(key, []) + self.meta.get(key, [])]
        return [v for v in cleaned if v]
