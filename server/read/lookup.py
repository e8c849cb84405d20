"""URL lookups against the read model: identify a URL's outlet, then answer a single lookup
(the outlet's record, the article and its report links) or a batch (badges only, no SQL).

One length limit for a URL to look up, the same in a GET and in a batch: MAX_URL_LENGTH
characters counted as the URL is sent (`sent_length`), checked before any other work, so a
URL at the limit always fits a GET request line even fully percent-encoded. A batch answers
a URL it cannot look up with an error in its place (never failing the others), echoing at
most ECHO_MAX characters of it, and remembers only the results of URLs it could look up.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from typing import Any

from orjson import Fragment

from .. import urls
from ..errors import BadRequest
from ..matching import Rule
from ..matching import identify as article_key
from ..web.jsonbytes import dumps
from ..web.text import printable, text_problem
from .model import ReadModel

MAX_URL_LENGTH = urls.MAX_URL_LENGTH
MAX_BATCH = 100
ECHO_MAX = 256  # characters of a URL an error result repeats
# The largest batch body: MAX_BATCH URLs at the length limit, each written in JSON at
# most twice as long (`"` escaped as `\"`; a character outside ASCII costs at most as
# much escaped as its count in `sent_length`), with room for spacing.
MAX_BATCH_BODY = 512 * 1024

# canonical URL -> (the article there or None, its report links by relation, the outlet id
# its article record names or None)
ArticleLoader = Callable[[str], tuple[dict[str, Any] | None, dict[str, list[Any]], int | None]]


def sent_length(raw: str) -> int:
    """The length of `raw` as a URL is sent: one per ASCII character, and a character
    outside ASCII as its percent-encoded UTF-8 (three per byte: `é` counts 6), as browsers
    send it. Percent-encoding it all makes it at most three times as long."""
    if raw.isascii():
        return len(raw)
    encoded = len(raw.encode("utf-8", "surrogatepass"))
    ascii_chars = len(raw.encode("ascii", "ignore"))
    return 3 * encoded - 2 * ascii_chars


TOO_LONG = (
    f"The URL is longer than the {MAX_URL_LENGTH} characters allowed (a character outside "
    "ASCII counts as its percent-encoded UTF-8: é as 6)."
)


def refusal(raw: str) -> urls.InvalidURL | None:
    """Why `raw` is not looked up at all (too long, or text no URL holds), or None. Costs
    nothing for a URL past the limit: its length alone decides."""
    if len(raw) > MAX_URL_LENGTH or sent_length(raw) > MAX_URL_LENGTH:
        return urls.InvalidURL("too_long", TOO_LONG)
    problem = text_problem(raw)
    if problem is not None:
        return urls.InvalidURL("malformed", f"The URL contains {problem}.")
    return None


def parse_url(raw: str | None) -> urls.Resolved:
    """(canonical URL, how it was reached) of a lookup argument as people write it (no
    scheme, an archive copy, a click wrapper: `urls.resolve`), or a 400 that says what is
    wrong with it."""
    if raw is None:
        raise BadRequest("the url parameter is required", field="url", code="missing_url")
    try:
        refused = refusal(raw)
        if refused is not None:
            raise refused
        return urls.resolve(raw)
    except urls.InvalidURL as exc:
        raise BadRequest(exc.message, field="url", code=exc.code) from None


def echo(raw: str) -> str:
    """What an error result repeats of a URL: its first ECHO_MAX characters, text no
    encoder writes replaced."""
    return printable(raw[: ECHO_MAX + 1], ECHO_MAX)


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
    article, links, article_outlet = (
        load(canonical) if model.may_have_article(url_sha256) else (None, {}, None)
    )
    # The domain rule's outlet; on an address no rule claims (a video on a platform: YouTube
    # rules name channels, not videos), the outlet the article record names.
    outlet_id = rule.outlet_id if rule is not None else article_outlet
    return dumps(
        {
            "url": raw,
            "canonical_url": canonical,
            "url_sha256": url_sha256,
            "via": via.as_dict() if via is not None else None,
            "data_version": model.version,
            "domain_rule": model.domain_rule(rule),
            "outlet": model.record(outlet_id, base_url) if outlet_id is not None else None,
            "article": article,
            "report_links": links,
        }
    )


def _batch_error(url: Any, exc: urls.InvalidURL) -> Fragment:
    return Fragment(dumps({"url": url, "error": {"code": exc.code, "message": exc.message}}))


def _batch_result(model: ReadModel, raw: str) -> tuple[Fragment, int]:
    """A URL's batch result and, when it may be remembered, what it costs in bytes (0: a
    URL that could not be looked up is answered again each time, never kept)."""
    try:
        refused = refusal(raw)
        if refused is not None:
            raise refused
        resolved = urls.resolve(raw)
    except urls.InvalidURL as exc:
        return _batch_error(echo(raw), exc), 0
    canonical, rule = identify(model, resolved.canonical)
    outlet = model.batch_outlet(rule.outlet_id) if rule is not None else None
    via = resolved.via.as_dict() if resolved.via is not None else None
    body = dumps({"url": raw, "canonical_url": canonical, "via": via, "outlet": outlet})
    return Fragment(body), sys.getsizeof(body) + sys.getsizeof(raw)


_NOT_A_STRING = urls.InvalidURL("not_a_string", "each URL must be a string")


def _echo_other(item: Any) -> Any:
    """What an error result repeats of an item that is not a string: a number, true, false
    or null as sent; a list or an object (of any size) as null."""
    return None if isinstance(item, (list, dict)) else item


def has_error_results(body: bytes) -> bool:
    """Whether a batch document holds an error result. Exact: `"error":{` is only ever
    written as an error result's key (inside a JSON string, every `"` is escaped)."""
    return b'"error":{' in body


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
            results.append(_batch_error(_echo_other(raw), _NOT_A_STRING))
            continue
        found = memo.get(raw)
        if found is None:
            found, size = _batch_result(model, raw)
            if size:
                memo.put(raw, found, size)
        results.append(found)
    return dumps({"data_version": model.version, "results": results})
