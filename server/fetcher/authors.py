"""Who wrote the article: JSON-LD author/creator, byline meta tags, then rel=author links."""

from __future__ import annotations

from typing import Any

import lxml.html

from .document import element_text
from .jsonld import JsonLd
from .tags import PageTags
from .values import BYLINE, is_url, split_names

AUTHOR_TAGS = (
    "article:author",
    "author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
)
_REL_AUTHOR = '//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'


def _tag_authors(tags: PageTags) -> list[str]:
    """Names from the first byline tag that has any (a profile URL is not a name)."""
    for key in AUTHOR_TAGS:
        values = [v for v in tags.all_values(key) if not is_url(v)]
        if values:
            return [n for v in values for n in split_names(v)]
    return []


def _link_authors(tree: lxml.html.HtmlElement) -> list[str]:
    out = []
    for link in tree.xpath(_REL_AUTHOR):
        if name := element_text(link):
            out.append(BYLINE.sub("", name))
    return out


def authors(
    ld: JsonLd, article: dict[str, Any], tags: PageTags, tree: lxml.html.HtmlElement
) -> list[str]:
    """The article's authors' names, each once, in the order the page gives them."""
    found = (
        ld.names(article.get("author"))
        or ld.names(article.get("creator"))
        or _tag_authors(tags)
        or _link_authors(tree)
    )
    return list(dict.fromkeys(found))
