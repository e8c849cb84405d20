"""The article's canonical URL: what the page says its own address is."""

from __future__ import annotations

import lxml.html

from .tags import PageTags
from .values import absolute_http_url


def link_canonical(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """The first <link rel="canonical" href> that is (or resolves to) an http(s) URL."""
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (canonical := absolute_http_url(link.get("href"), url)):
            return canonical
    return None


def canonical_url(tree: lxml.html.HtmlElement, tags: PageTags, url: str) -> str:
    """<link rel=canonical>, else og:url, each resolved against `url` and only when http(s);
    else `url` itself."""
    return link_canonical(tree, url) or absolute_http_url(tags.og_value("og:url"), url) or url
