"""Paths of the public read API and the health probes: every parameter with the bounds the
server enforces, every status it can answer."""

from __future__ import annotations

from typing import Any

from .. import vocab
from . import examples
from .operations import (
    BATCH_BODY_MAX,
    BATCH_MAX,
    CACHE,
    CONTENT_ETAG,
    ETAG,
    HASH_MAX,
    HASH_MIN,
    IF_NONE_MATCH,
    INDEX_HEADERS,
    K_ANONYMITY,
    NOT_MODIFIED,
    OUTLETS_PAGE_MAX,
    STALE,
    URL_MAX,
    body,
    errors,
    header,
    ok,
    operation,
    page_params,
    param,
    query,
)

URL_LENGTH = (
    f"A URL is at most {URL_MAX:,} characters, counted as it is sent: a character outside "
    "ASCII counts as its percent-encoded UTF-8 (`é` as 6, `日` as 9), so a URL at the limit "
    "fits a GET request line even fully percent-encoded; and at most as long once "
    "normalized. The limit is the same in a GET and in a batch."
)
LOOKUP_URL = query(
    "url",
    {"type": "string", "minLength": 1, "maxLength": URL_MAX},
    f"An article's address as met, of at most {URL_MAX:,} characters as sent (see the "
    "operation); without a scheme it is read as https://",
    required=True,
)
URL_FORMS = (
    "`url` may be any form of an article's address. Archived copies (Wayback Machine, "
    "archive.today and its mirrors, Google's cache), AMP copies (Google's AMP viewer, AMP "
    "caches, Yandex Turbo), translations (`*.translate.goog`, Google/Microsoft/Yandex page "
    "translation), annotation and reader proxies (via.hypothes.is, r.jina.ai, 12ft.io) and the "
    "click wrappers of search engines, social networks and mail services are unwrapped, up to "
    "four deep; `via` says how the address was reached (`kind`, the wrapper's `host`, and the "
    "`captured` date an archive's address carries), or is null. An address without a scheme "
    "(`rt.com/news/1`) is read as `https://`. Spaces, byte-order marks and zero-width "
    "characters around it are trimmed; one inside it is a 400 `malformed` that names it. "
    "Tracking parameters (`utm_*`, `fbclid`, NYT `_r`, Guardian `CMP`, ...) are dropped. Hosts "
    "are read as browsers read them (`\u2603.rt.com` is `xn--n3h.rt.com`); a Punycode label "
    "that is not the standard spelling of a non-ASCII name (`xn--rt-.rt.com`) is a 400 "
    "`bad_host`. Short links (`t.co`, `bit.ly`) are not followed. The matched domain rule "
    "then makes the article's key (`canonical_url`): its `path_folds` replace a leading path "
    "prefix (on `amp.cnn.com`, `/cnn/2023/…` is `cnn.com/2023/…`) and, when `fold_variants` "
    "allows it, AMP and mobile variants (`m.`, `amp.`, `/amp`, `.amp`, `?outputType=amp`) "
    "are folded onto the article."
)
HASH_PREFIX = param(
    "prefix",
    "path",
    {"type": "string", "pattern": f"^[0-9a-fA-F]{{{HASH_MIN},{HASH_MAX}}}$"},
    "A bucket: the first `article_keys.prefix_hex_digits` hex digits of the SHA-256 of a "
    "canonical URL, the bits past `article_keys.prefix_bits` zero (both from the index of "
    "the current data version; any other length is 400 `bad_prefix`)",
)

RELEASE_VERSION = param(
    "version", "path", {"type": "string"}, "A release's version, e.g. `2026.11.30`"
)
RELEASE_FILE = {
    "description": "The file (its bytes as written); immutable, `Cache-Control: immutable`",
    "headers": {"ETag": header("The file's SHA-256, as its manifest lists it")},
    "content": {
        "application/json": {"schema": {}},
        "text/csv": {"schema": {"type": "string"}},
        "text/markdown": {"schema": {"type": "string"}},
    },
}
RELEASES: dict[str, Any] = {
    "/api/v1/releases": {
        "get": operation(
            "Every open-data release, newest first",
            "releases",
            {"200": ok("ReleaseList", headers={**CONTENT_ETAG, **CACHE}), **NOT_MODIFIED},
            params=[IF_NONE_MATCH],
        )
    },
    "/api/v1/releases/latest": {
        "get": operation(
            "The latest open-data release: its manifest, with links to its files",
            "releases",
            {
                "200": ok("ReleaseManifest", headers={**CONTENT_ETAG, **CACHE}),
                **NOT_MODIFIED,
                **errors("404"),
            },
            params=[IF_NONE_MATCH],
            description="404 until a maintainer has published a release "
            "(`flask export --release`). Each file's `sha256` is its ETag; the changelog "
            "lists the revisions since the previous release.",
        )
    },
    "/api/v1/releases/{version}": {
        "get": operation(
            "One release's manifest",
            "releases",
            {
                "200": ok("ReleaseManifest", headers={**CONTENT_ETAG, **CACHE}),
                **NOT_MODIFIED,
                **errors("404"),
            },
            params=[RELEASE_VERSION, IF_NONE_MATCH],
        )
    },
    "/api/v1/releases/{version}/{name}": {
        "get": operation(
            "A file of a release (only the names its manifest lists)",
            "releases",
            {"200": RELEASE_FILE, **NOT_MODIFIED, **errors("404")},
            params=[
                RELEASE_VERSION,
                param("name", "path", {"type": "string"}, "The file's name in the manifest"),
                IF_NONE_MATCH,
            ],
        )
    },
}

PATHS: dict[str, Any] = {
    "/healthz": {
        "get": operation(
            "Liveness (no database call)", "health", {"200": ok("Health", example={"status": "ok"})}
        )
    },
    "/readyz": {
        "get": operation(
            "Readiness: the database answers and the schema is in place",
            "health",
            {"200": ok("Ready", example={"status": "ready", "data_version": 7}), **errors("503")},
        )
    },
    "/api/v1/outlets": {
        "get": operation(
            "List outlets",
            "outlets",
            {"200": ok("OutletList", headers=CACHE, example=examples.OUTLET_LIST), **errors("400")},
            params=[
                *page_params(100, OUTLETS_PAGE_MAX),
                query(
                    "country",
                    {"type": "string", "pattern": r"^\s*([A-Za-z]{2})?\s*$"},
                    "ISO 3166-1 alpha-2 code, any case",
                ),
                query("kind", {"enum": list(vocab.OUTLET_KINDS)}, "Outlet kind"),
                query(
                    "q",
                    {"type": "string", "maxLength": 200},
                    "Search names, slugs and domains (at most 200 characters)",
                ),
            ],
        )
    },
    "/api/v1/outlets/{slug}": {
        "get": operation(
            "One outlet's full public record",
            "outlets",
            {"200": ok("Outlet", headers={**ETAG, **CACHE}), **errors("404")},
            params=[param("slug", "path", {"type": "string"})],
        )
    },
    "/api/v1/lookup": {
        "get": operation(
            "Look a URL up: outlet, ownership, labels, report links",
            "lookup",
            {
                "200": ok("Lookup", headers={**CONTENT_ETAG, **CACHE}, example=examples.LOOKUP),
                **NOT_MODIFIED,
                **errors("400"),
            },
            params=[LOOKUP_URL, IF_NONE_MATCH],
            description=URL_FORMS + " " + URL_LENGTH,
        ),
        "post": operation(
            f"Look up to {BATCH_MAX} URLs at once (compact results for badges)",
            "lookup",
            {
                "200": ok("BatchResult", headers=STALE, example=examples.BATCH_RESULT),
                **errors("400", "413"),
            },
            request=body("BatchRequest", example=examples.BATCH_REQUEST),
            description=f"400 for more than {BATCH_MAX} URLs or a body that is not "
            f'`{{"urls": [...]}}`, 413 for a body over {BATCH_BODY_MAX // 1024} KiB, 415 for '
            "one not sent as `application/json`; a URL that cannot be looked up (too long, "
            "not a string, holding a NUL or a lone surrogate, ...) gets an error entry "
            "instead of a result, in its place, and never fails the others. Each URL is read "
            "as in the single lookup: " + URL_FORMS + " " + URL_LENGTH,
        ),
    },
    "/api/v1/index": {
        "get": operation(
            "Every domain rule with its outlet's badge data (for matching in the client)",
            "lookup",
            {
                "200": ok(
                    "DomainIndex",
                    headers=INDEX_HEADERS,
                    example=examples.DOMAIN_INDEX,
                ),
                **NOT_MODIFIED,
            },
            params=[IF_NONE_MATCH],
        )
    },
    "/api/v1/reports/hash/{prefix}": {
        "get": operation(
            "The articles with report links in a hash-prefix bucket, with their report links",
            "lookup",
            {
                "200": ok("HashReports", headers={**CONTENT_ETAG, **CACHE}),
                **NOT_MODIFIED,
                **errors("400"),
            },
            params=[HASH_PREFIX, IF_NONE_MATCH],
            description="Privacy mode: the client asks only when the index's article-key set "
            "holds its article's key, names a bucket that holds every article with report "
            f"links sharing its first `prefix_bits` bits (at least {K_ANONYMITY} when the set "
            "has that many) and matches the full hash locally. The answer is padded with "
            "spaces to a multiple of 4096 bytes and never compressed (Cache-Control: "
            "no-transform, so caches keep it so): compression would give its size away.",
        )
    },
}
PATHS.update(RELEASES)
