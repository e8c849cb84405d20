"""Page metadata from HTML: pure functions, HTML bytes + URL in, a plain dict out.

Sources in order of trust: JSON-LD (schema.org article types, also inside @graph), then
OpenGraph, then ordinary meta tags (author, dates, Dublin Core), then the document itself
(<title>, <html lang>, the first <h1>).
"""

from __future__ import annotations

import codecs
import html
import re
import warnings
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from dateutil import parser as date_parser
from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor

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
FIELDS = (
    "canonical_url",
    "title",
    "site_name",
    "publisher",
    "authors",
    "published",
    "modified",
    "language",
    "description",
    "claim_review",
)

_CHARSET_IN_HEADER = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I)
_META_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I
)  # <meta charset=x> and <meta http-equiv content="text/html; charset=x">
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)")
# Zone abbreviations seen in news sites' date strings, in hours from UTC.
_ZONES = {
    name: hours * 3600
    for name, hours in {
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
    }.items()
}
_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
_BYLINE = re.compile(r"^\s*(by|par|von|por|от)\s+", re.I)

# WHATWG: these labels mean windows-1252 on the web.
_ENCODING_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
}


# --- decoding ---------------------------------------------------------------------------------


def _usable_encoding(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ENCODING_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The page's encoding: a byte-order mark, else the Content-Type charset, else a
    <meta charset> near the top, else utf-8."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return name
    if content_type:
        m = _CHARSET_IN_HEADER.search(content_type)
        if m and (enc := _usable_encoding(m.group(1))):
            return enc
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        enc = _usable_encoding(meta.group(1).decode("ascii", "replace"))
        # A meta tag cannot honestly declare UTF-16: the bytes it is written in say otherwise.
        if enc and not enc.startswith("utf-16") and not enc.startswith("utf_16"):
            return enc
    return "utf-8"


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    encoding = detect_encoding(body, content_type)
    return body.decode(encoding, errors="replace"), encoding


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


# --- small value helpers ---------------------------------------------------------------------


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", html.unescape(value)).strip()
    return value or None


def _first(values: Iterable[Any]) -> Any:
    for v in values:
        if v not in (None, "", [], {}):
            return v
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _is_url(value: str) -> bool:
    return bool(re.match(r"^(https?:)?//", value, re.I))


def normalize_date(value: Any) -> str | None:
    """An ISO 8601 date ("2017-08-02") or datetime ("2017-08-02T10:31:00+00:00") string."""
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, list):
        value = _first(value)
    text = _clean(value)
    if not text or not _YEAR.search(text):
        return None
    has_time = bool(_TIME.search(text))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil warns about unknown zone names such as EDT
        try:
            parsed = date_parser.isoparse(text)
        except (ValueError, OverflowError):
            try:
                parsed = date_parser.parse(text, tzinfos=_ZONES)
            except (ValueError, OverflowError, TypeError):
                return None
    if not has_time:
        return parsed.date().isoformat()
    return parsed.isoformat()


def normalize_language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = _clean(_first(_as_list(value)))
    if not text:
        return None
    text = text.replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", text):
        return text
    head, *rest = text.split("-")
    return "-".join([head.lower()] + [p.upper() if len(p) == 2 else p for p in rest])


# --- JSON-LD ----------------------------------------------------------------------------------


def _types(item: dict[str, Any]) -> list[str]:
    out = []
    for t in _as_list(item.get("@type")):
        if isinstance(t, str):
            out.append(re.split(r"[/:#]", t)[-1])
    return out


def _walk_nodes(value: Any, limit: int = 20_000) -> Iterator[dict[str, Any]]:
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


class _JsonLd:
    def __init__(self, tree: lxml.html.HtmlElement) -> None:
        extractor = JsonLdExtractor()
        raw: list[Any] = []
        for script in tree.iter("script"):
            kind = (script.get("type") or "").strip().lower()
            if kind != "application/ld+json":
                continue
            script.set("type", "application/ld+json")
            try:
                raw.extend(extractor.extract_items(script))
            except Exception:
                continue
        self.top: list[dict[str, Any]] = []
        for item in raw:
            if not isinstance(item, dict):
                continue
            graph = item.get("@graph")
            if isinstance(graph, list):
                self.top.extend(g for g in graph if isinstance(g, dict))
            if item.get("@type"):
                self.top.append(item)
        # A WebPage whose mainEntity is the article counts as the article.
        for item in list(self.top):
            for entity in _as_list(item.get("mainEntity")):
                if isinstance(entity, dict) and entity.get("@type"):
                    self.top.append(entity)
        self.by_id: dict[str, dict[str, Any]] = {}
        for node in _walk_nodes(self.top):
            node_id = node.get("@id")
            if isinstance(node_id, str) and len(node) > 1:
                self.by_id.setdefault(node_id, node)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(value["@id"], value)
        return value

    def find(self, *types: str) -> dict[str, Any] | None:
        for wanted in types:
            for item in self.top:
                if wanted in _types(item):
                    return item
        return None

    def name(self, value: Any) -> str | None:
        for v in _as_list(value):
            v = self.resolve(v)
            if isinstance(v, str):
                text = _clean(v)
                if text and not _is_url(text):
                    return text
            elif isinstance(v, dict):
                text = _clean(v.get("name")) or _clean(
                    " ".join(
                        filter(None, [_clean(v.get("givenName")), _clean(v.get("familyName"))])
                    )
                )
                text = text or _clean(v.get("alternateName"))
                if text:
                    return text
        return None

    def names(self, value: Any) -> list[str]:
        out = []
        for v in _as_list(value):
            name = self.name(v)
            if name:
                out.extend(_split_names(name) if isinstance(self.resolve(v), str) else [name])
        return out

    def url(self, value: Any) -> str | None:
        for v in _as_list(value):
            v = self.resolve(v)
            if isinstance(v, str) and _is_url(v.strip()):
                return v.strip()
            if isinstance(v, dict):
                for key in ("url", "@id"):
                    u = v.get(key)
                    if isinstance(u, str) and _is_url(u.strip()):
                        return u.strip()
        return None


def _split_names(text: str) -> list[str]:
    """ "By Jane Doe and John Roe" -> ["Jane Doe", "John Roe"]; commas split only full names."""
    text = _BYLINE.sub("", text)
    out: list[str] = []
    for part in re.split(r"\s*(?:;|\||&|\band\b)\s*", text):
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all(" " in p for p in pieces if p):
            out.extend(pieces)
        else:
            out.append(part)
    return [p for p in (_clean(p) for p in out) if p]


def _claim_review(ld: _JsonLd, fallback_url: str | None) -> dict[str, Any] | None:
    review = ld.find("ClaimReview")
    if review is None:
        for node in _walk_nodes(ld.top):
            if "ClaimReview" in _types(node):
                review = node
                break
    if review is None:
        return None
    rating = ld.resolve(_first(_as_list(review.get("reviewRating"))))
    rating_text = None
    if isinstance(rating, dict):
        rating_text = _clean(rating.get("alternateName")) or _clean(rating.get("ratingValue"))
        rating_text = rating_text or _clean(rating.get("name"))
    item = ld.resolve(_first(_as_list(review.get("itemReviewed"))))
    item_url = item_author = None
    if isinstance(item, dict):
        item_url = ld.url(item.get("url")) or ld.url(item.get("sameAs"))
        for key in ("appearance", "firstAppearance"):
            item_url = item_url or ld.url(item.get(key))
        item_author = ld.name(item.get("author"))
    return {
        "claim_reviewed": _clean(review.get("claimReviewed")),
        "rating": rating_text,
        "item_reviewed_url": item_url,
        "item_reviewed_author": item_author,
        "review_url": ld.url(review.get("url")) or fallback_url,
    }


# --- OpenGraph and meta tags ------------------------------------------------------------------


def _opengraph(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    try:
        items = list(OpenGraphExtractor().extract_items(tree))
    except Exception:
        items = []
    for item in items:
        for key, value in item.get("properties", []):
            props.setdefault(key.strip().lower(), []).append(value)
    return props


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
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


def _text(el: lxml.html.HtmlElement | None) -> str | None:
    if el is None:
        return None
    return _clean(el.text_content())


def _absolute(url: str | None, base: str) -> str | None:
    if not url:
        return None
    url = url.strip()
    absolute = urljoin(base, url) if base else url
    if urlsplit(absolute).scheme.lower() not in ("http", "https"):
        return None
    return absolute


# --- the whole page ---------------------------------------------------------------------------


def extract_metadata(body: bytes, url: str, content_type: str | None = None) -> dict[str, Any]:
    """Metadata for the page at `url` (the final URL, used to resolve relative links).

    Returns a dict with FIELDS as keys; missing values are None (authors: []).
    """
    text, _encoding = decode_html(body, content_type)
    tree = parse_html(text)
    empty: dict[str, Any] = {k: None for k in FIELDS}
    empty["authors"] = []
    empty["canonical_url"] = url
    if tree is None:
        return empty

    ld = _JsonLd(tree)
    og = _opengraph(tree)
    meta = _meta_tags(tree)

    def og_value(*keys: str) -> str | None:
        for key in keys:
            for v in og.get(key, []) + meta.get(key, []):
                if text := _clean(v):
                    return text
        return None

    def meta_value(*keys: str, skip_urls: bool = False) -> str | None:
        for key in keys:
            for v in meta.get(key, []):
                text = _clean(v)
                if text and not (skip_urls and _is_url(text)):
                    return text
        return None

    def og_value_not_url(key: str) -> str | None:
        value = og_value(key)
        return None if value is None or _is_url(value) else value

    article = ld.find(*ARTICLE_TYPES) or ld.find("ClaimReview") or {}
    website = ld.find("WebSite") or {}

    # canonical
    canonical = None
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (canonical := _absolute(link.get("href"), url)):
            break
    canonical = canonical or _absolute(og_value("og:url"), url) or url

    title = (
        _clean(article.get("headline"))
        or _clean(article.get("name"))
        or og_value("og:title")
        or meta_value("twitter:title", "dc.title", "dcterms.title", "title", "headline")
        or _text(tree.find(".//title"))
        or _text(tree.find(".//h1"))
    )
    site_name = (
        og_value("og:site_name")
        or ld.name(website.get("name"))
        or meta_value("application-name", "apple-mobile-web-app-title")
    )
    publisher = (
        ld.name(article.get("publisher"))
        or ld.name(article.get("sourceOrganization"))
        or meta_value("publisher", "dc.publisher", "dcterms.publisher", skip_urls=True)
        or og_value_not_url("article:publisher")
        or site_name
        or ld.name(website.get("publisher"))
    )

    authors = ld.names(article.get("author")) or ld.names(article.get("creator"))
    if not authors:
        for key in (
            "article:author",
            "author",
            "dc.creator",
            "dcterms.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
        ):
            cleaned = [_clean(v) for v in og.get(key, []) + meta.get(key, [])]
            values = [v for v in cleaned if v and not _is_url(v)]
            if values:
                authors = [n for v in values for n in _split_names(v)]
                break
    if not authors:
        for link in tree.xpath(
            '//a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'
        ):
            if name := _text(link):
                authors.append(_BYLINE.sub("", name))
    authors = list(dict.fromkeys(authors))

    published = normalize_date(article.get("datePublished")) or normalize_date(
        article.get("dateCreated")
    )
    published = published or normalize_date(
        og_value("article:published_time", "og:published_time")
        or meta_value(
            "article:published_time",
            "datepublished",
            "date",
            "pubdate",
            "publish-date",
            "publication_date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.issued",
            "dcterms.created",
            "dc.date.created",
            "parsely-pub-date",
            "sailthru.date",
        )
    )
    if not published:
        time_el = _first(tree.xpath("//time[@datetime]"))
        published = normalize_date(time_el.get("datetime")) if time_el is not None else None
    modified = normalize_date(article.get("dateModified")) or normalize_date(
        og_value("article:modified_time", "og:updated_time")
        or meta_value("datemodified", "last-modified", "dc.date.modified", "dcterms.modified")
    )

    language = (
        normalize_language(article.get("inLanguage"))
        or normalize_language(og_value("og:locale"))
        or normalize_language(
            meta_value("content-language", "dc.language", "dcterms.language", "language")
        )
        or normalize_language(
            tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        )
    )
    description = (
        _clean(article.get("description"))
        or og_value("og:description")
        or meta_value("description", "twitter:description", "dc.description", "dcterms.description")
    )

    return {
        "canonical_url": canonical,
        "title": title,
        "site_name": site_name,
        "publisher": publisher,
        "authors": authors,
        "published": published,
        "modified": modified,
        "language": language,
        "description": description,
        "claim_review": _claim_review(ld, canonical),
    }
