"""The article's title, site, publisher, language and description, each from the most
trusted source that has it: JSON-LD, then OpenGraph, then meta tags, then the document."""

from __future__ import annotations

from typing import Any

import lxml.html

from .document import document_language, element_text
from .jsonld import JsonLd
from .language import normalize_language
from .tags import PageTags
from .values import clean


def title(article: dict[str, Any], tags: PageTags, tree: lxml.html.HtmlElement) -> str | None:
    return (
        clean(article.get("headline"))
        or clean(article.get("name"))
        or tags.og_value("og:title")
        or tags.meta_value("twitter:title", "dc.title", "dcterms.title", "title", "headline")
        or element_text(tree.find(".//title"))
        or element_text(tree.find(".//h1"))
    )


def site_name(ld: JsonLd, website: dict[str, Any], tags: PageTags) -> str | None:
    return (
        tags.og_value("og:site_name")
        or ld.name(website.get("name"))
        or tags.meta_value("application-name", "apple-mobile-web-app-title")
    )


def publisher(
    ld: JsonLd,
    article: dict[str, Any],
    website: dict[str, Any],
    tags: PageTags,
    site: str | None,
) -> str | None:
    return (
        ld.name(article.get("publisher"))
        or ld.name(article.get("sourceOrganization"))
        or tags.meta_value("publisher", "dc.publisher", "dcterms.publisher", skip_urls=True)
        or tags.og_name("article:publisher")
        or site
        or ld.name(website.get("publisher"))
    )


def language(article: dict[str, Any], tags: PageTags, tree: lxml.html.HtmlElement) -> str | None:
    return (
        normalize_language(article.get("inLanguage"))
        or normalize_language(tags.og_value("og:locale"))
        or normalize_language(
            tags.meta_value("content-language", "dc.language", "dcterms.language", "language")
        )
        or normalize_language(document_language(tree))
    )


def description(article: dict[str, Any], tags: PageTags) -> str | None:
    return (
        clean(article.get("description"))
        or tags.og_value("og:description")
        or tags.meta_value(
            "description", "twitter:description", "dc.description", "dcterms.description"
        )
    )
