"""URL lookups against the read model: identify a URL's outlet, then answer a single lookup
(the outlet's record, the article and its report links) or a batch (badges only, no SQL)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from orjson import Fragment

from .. import urls
from ..errors import BadRequest
from ..matching import Rule
from ..matching import identify as article_key
from ..web.jsonbytes import dumps
from .model import ReadModel

MAX_URL_PARAM = 4096
MAX_BATCH = 100

# canonical URL -> (the article there or None, its report links by relation)
ArticleLoader = Callable[[str], tuple[dict[str, Any] | None, dict[str, list[Any]]]]


def parse_url(raw: str | None) -> urls.Resolved:
    """(canonical URL, how it was reached) of a lookup argument as people write it (no
    scheme, an archive copy, a click wrapper: `urls.resolve`), or a 400 that says what is
    wrong with it."""
    if raw is not None and len(raw) > MAX_URL_PARAM:
        raise BadRequest(
            f"the url is longer than {MAX_URL_PARAM} characters", field="url", code="too_long"
        )
    if raw is None:
        raise BadRequest("the url parameter is required", field="url", code="missing_url")
    try:
        return urls.resolve(raw)
    except urls.InvalidURL as exc:
        raise BadRequest(exc.message, field="url", code=exc.code) from None


def identify(model: ReadModel, canonical: str) -> tuple[str, Rule | None]:
    """The article key of a canonical URL and its domain rule: the rule's path folds and
    AMP/mobile folding, as the write path keys articles (`matching.identify`)."""
    return article_key(model.index, canonical)


def single_lookup(
    model: ReadModel, raw: str, resolved: urls.Resolved, base_url: str, load: ArticleLoader
) -> bytes:
    """The single-lookup document for a `url` argument (and its resolved form): at most one
    SQL statement (by `load`), none when no article has the URL's hash."""
    canonical, rule = identify(model, resolved.canonical)
    via = resolved.via
    url_sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    article, links = load(canonical) if model.may_have_article(url_sha256) else (None, {})
    return dumps(
        {
            "url": raw,
            "canonical_url": canonical,
            "url_sha256": url_sha256,
            "via": via.as_dict() if via is not None else None,
            "data_version": model.version,
            "domain_rule": model.domain_rule(rule),
            "outlet": model.record(rule.outlet_id, base_url) if rule is not None else None,
            "article": article,
            "report_links": links,
        }
    )


def _batch_result(model: ReadModel, raw: str) -> Fragment:
    try:
        resolved = urls.resolve(raw)
    except urls.InvalidURL as exc:
        return Fragment(dumps({"url": raw, "error": {"code": exc.code, "message": exc.message}}))
    canonical, rule = identify(model, resolved.canonical)
    outlet = model.batch_outlet(rule.outlet_id) if rule is not None else None
    via = resolved.via.as_dict() if resolved.via is not None else None
    return Fragment(dumps({"url": raw, "canonical_url": canonical, "via": via, "outlet": outlet}))


_NOT_A_STRING = {"code": "not_a_string", "message": "each URL must be a string"}


def batch_lookup(model: ReadModel, items: Any) -> bytes:
    """Compact per-URL results in request order: enough to draw a badge. No SQL at all.

    Each URL's result is serialized once per data version and reused by later batches.
    """
    if not isinstance(items, list):
        raise BadRequest('the body must be a JSON object {"urls": [...]}', field="urls")
    if len(items) > MAX_BATCH:
        raise BadRequest(
            f"at most {MAX_BATCH} URLs per request (got {len(items)})",
            field="urls",
            code="too_many_urls",
        )
    memo = model.batch_results
    results: list[Fragment] = []
    for raw in items:
        if not isinstance(raw, str):
            # Alone: whatever the JSON value is, the standard library may have to write it.
            results.append(Fragment(dumps({"url": raw, "error": _NOT_A_STRING})))
            continue
        found = memo.get(raw)
        if found is None:
            found = _batch_result(model, raw)
            memo.put(raw, found)
        results.append(found)
    return dumps({"data_version": model.version, "results": results})
