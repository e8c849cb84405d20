"""Building blocks of the document's paths: parameters, bodies, responses with their statuses,
and the limits the server enforces, each taken from the code that enforces it."""

from __future__ import annotations

from typing import Any

from ..curation import suggestions
from ..read import catalog, key_set, lookup
from ..web import routing
from . import examples

REF = "#/components/schemas/"
SECURE: list[dict[str, list[str]]] = [{"bearerAuth": []}]
MAX_ID = routing.MAX_ID
MAX_OFFSET = 10**9  # what every paged listing accepts as offset

# One description per status, the same wherever a route can answer it.
STATUS_TEXT = {
    "400": "Malformed request: a parameter out of range or of the wrong type, a NUL "
    "character in a parameter (`invalid_text`), a body that is not JSON (`invalid_json`: or "
    "nested deeper than 64, or with an integer past 64 bits, or with a NUL character or a "
    "lone surrogate in any text; `error.field` names where), or an If-Match that is not a "
    "version",
    "401": "No API token, or an unknown or revoked one (the answer says "
    "`WWW-Authenticate: Bearer`)",
    "403": "The token's role is too small for this (`If-Match: *` takes the admin role)",
    "404": "No such record (ids outside 1 to 2,147,483,647, and paths holding a NUL "
    "character, are never found)",
    "409": "Conflicts with the data: a duplicate, a record still in use, an already "
    "decided suggestion, or the last active admin or last live admin token (never demoted, "
    "deactivated or revoked)",
    "412": "If-Match names a version that is no longer the current one "
    "(`error.current_version` has it)",
    "413": "The body is larger than the server accepts (MASTHEAD_MAX_CONTENT_LENGTH, 2 MiB "
    f"by default; {suggestions.MAX_BODY // 1024} KiB for a suggestion, "
    f"{lookup.MAX_BATCH_BODY // 1024} KiB for a batch lookup)",
    "415": "The body is not sent as JSON: send it with `Content-Type: application/json`",
    "422": "The body does not validate; `error.field` names the field at fault",
    "428": "If-Match is required: send the version you are editing",
    "429": "Too many suggestions from this address (MASTHEAD_SUGGESTION_RATE_LIMIT)",
    "502": "A page the request needed could not be fetched",
    "503": "The database is unavailable or did not answer in time "
    "(`database_unavailable`): retry after `Retry-After` seconds. Meanwhile reads the "
    "server can answer from memory are served, marked `Masthead-Data-Stale: <seconds>`",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def json_content(name: str, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": ref(name)}
    if example is not None:
        media["example"] = example
    return {"content": {"application/json": media}}


def header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "required": True, "schema": schema or {"type": "string"}}


ETAG = {"ETag": header("The record's version, quoted: the value If-Match takes")}
CONTENT_ETAG = {"ETag": header("A tag of this answer's content, for If-None-Match")}
# Only while the database cannot be reached: the answer comes from the worker's memory.
STALE = {
    "Masthead-Data-Stale": {
        **header(
            "Present only while the database is unavailable: seconds since the data this "
            "answer comes from was last checked (it may miss edits made since)",
            {"type": "integer", "minimum": 1},
        ),
        "required": False,
    }
}
CACHE = {
    "Cache-Control": header(
        "How long a cache may keep the answer (public, max-age) and serve it past that while "
        "it revalidates with If-None-Match (stale-while-revalidate)"
    ),
    **STALE,
}
# The domain index: gzipped when asked, its ETag naming the data version and encoding.
INDEX_HEADERS = {
    "ETag": header(
        'A strong tag of this data version\'s index and encoding ("v<data_version>-<hash>", '
        'with "-gz" for the gzipped body), for If-None-Match (either form answers 304)'
    ),
    "Vary": header("Accept-Encoding: the body is gzipped when the request accepts gzip"),
    **CACHE,
}
LOCATION = {"Location": header("The URL of the new record")}


def ok(
    name: str,
    description: str = "OK",
    *,
    headers: dict[str, Any] | None = None,
    example: Any = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"description": description, **json_content(name, example)}
    if headers:
        out["headers"] = headers
    return out


ERROR_EXAMPLES = {"412": examples.STALE_VERSION}
REQUEST_ID = {
    "X-Request-Id": header(
        "This request's id, as in `error.request_id` (a proxy's well-formed one is kept)"
    )
}
# Extra headers an error status always carries.
ERROR_HEADERS: dict[str, dict[str, Any]] = {
    "503": {"Retry-After": header("Seconds to wait before trying again", {"type": "integer"})},
    "412": {
        "ETag": {
            **header("The record's current version, quoted: the If-Match to retry with"),
            "required": False,  # not when the record was deleted meanwhile
        }
    },
}


def errors(*codes: str) -> dict[str, Any]:
    """The error answers of an operation: the one Error body, the X-Request-Id header. An
    operation that reads a body (413) also refuses one not sent as JSON (415)."""
    if "413" in codes and "415" not in codes:
        codes = (*codes, "415")
    out: dict[str, Any] = {}
    for code in codes:
        out[code] = {
            "description": STATUS_TEXT[code],
            "headers": {**REQUEST_ID, **ERROR_HEADERS.get(code, {})},
            **json_content("Error", ERROR_EXAMPLES.get(code)),
        }
    return out


NOT_MODIFIED = {"304": {"description": "Not modified: If-None-Match names the current ETag"}}


def param(
    name: str, where: str, schema: dict[str, Any], description: str = "", required: bool = False
) -> dict[str, Any]:
    out = {"name": name, "in": where, "required": required or where == "path", "schema": schema}
    if description:
        out["description"] = description
    return out


def query(name: str, schema: dict[str, Any], description: str = "", **kw: Any) -> dict[str, Any]:
    return param(name, "query", schema, description, **kw)


def id_param(name: str = "id") -> dict[str, Any]:
    return param(name, "path", {"type": "integer", "minimum": 1, "maximum": MAX_ID})


def page_params(default: int, most: int) -> list[dict[str, Any]]:
    """limit and offset as every paged listing reads them (400 outside the bounds)."""
    return [
        query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": most, "default": default},
            f"Page size (1 to {most:,})",
        ),
        query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            "Rows to skip",
        ),
    ]


IF_NONE_MATCH = param(
    "If-None-Match",
    "header",
    {"type": "string"},
    "An ETag from an earlier answer: 304 if unchanged",
)
IF_MATCH = param(
    "If-Match",
    "header",
    {"type": "string", "pattern": r'^(\*|(W/)?"?[0-9]+"?)$'},
    'The version being edited, as its ETag gives it (e.g. "3"; the quotes are optional, '
    "`*` skips the check). Required: 428 without it, 412 when it is no longer the current "
    "version, 400 when it is not a version.",
    required=True,
)
IF_MATCH_OPTIONAL = {**IF_MATCH, "required": False}
COMMENT = param(
    "X-Masthead-Comment",
    "header",
    {"type": "string"},
    "Why the change is made (or a `comment` field in the JSON body)",
)


def body(name: str, *, required: bool = True, example: Any = None) -> dict[str, Any]:
    return {"required": required, **json_content(name, example)}


# The limits, as the code enforces them.
URL_MAX = lookup.MAX_URL_LENGTH
BATCH_MAX = lookup.MAX_BATCH
BATCH_BODY_MAX = lookup.MAX_BATCH_BODY
HASH_MIN, HASH_MAX = 1, key_set.prefix_hex_digits(key_set.MAX_PREFIX_BITS)
K_ANONYMITY = key_set.K_ANONYMITY
OUTLETS_PAGE_MAX = catalog.MAX_PAGE


def operation(
    summary: str,
    tags: str,
    responses: dict[str, Any],
    *,
    params: list[dict[str, Any]] | None = None,
    request: dict[str, Any] | None = None,
    secure: bool = False,
    description: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": summary, "tags": [tags]}
    if tags != "health":  # everything but the probes may need the database
        responses = {**errors("503"), **responses}
    if description:
        out["description"] = description
    if secure:
        out["security"] = SECURE
    if params:
        out["parameters"] = params
    if request:
        out["requestBody"] = request
    out["responses"] = dict(sorted(responses.items()))
    return out
