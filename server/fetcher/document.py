"""The page as an lxml tree, and the text of its elements."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from .values import clean

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    """The document tree of `text`, or None for an empty or unparsable document."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


def element_text(el: lxml.html.HtmlElement | None) -> str | None:
    """The element's text with whitespace collapsed, or None when it has none."""
    if el is None:
        return None
    return clean(el.text_content())


def document_language(tree: lxml.html.HtmlElement) -> str | None:
    """<html lang> or <html xml:lang>, as written."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return str(value) if value else None
