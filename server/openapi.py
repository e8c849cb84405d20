"""The OpenAPI 3.1 description of the public API, served at /api/v1/openapi.json.

Written as data next to the code it describes; tests validate real responses against these
schemas, so the document cannot drift from what the server answers. The curation routes
add their own paths and schemas from server/api/openapi_curation.py when present.
"""

from __future__ import annotations

import copy
from typing import Any

from . import vocab

S = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": S + name}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
DATE = {"type": "string", "format": "date"}
OPT_STR = nullable(STR)
OPT_DATE = nullable(DATE)


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
    }


SCHEMAS: dict[str, Any] = {
    "Error": obj({"error": obj({"code": STR, "message": STR, "field": STR}, ["code", "message"])}),
    "Citation": obj({"url": STR, "title": OPT_STR, "publisher": OPT_STR, "accessed": OPT_DATE}),
    "Domain": obj(
        {
            "host": STR,
            "path_prefix": STR,
            "role": {"enum": list(vocab.DOMAIN_ROLES)},
            "fold_variants": {"type": "boolean"},
        }
    ),
    "Label": obj(
        {
            "kind": {"enum": list(vocab.LABEL_KINDS)},
            "issuer": STR,
            "text": OPT_STR,
            "since": OPT_DATE,
            "until": OPT_DATE,
            "as_of": DATE,
            "citation": ref("Citation"),
        }
    ),
    "EntityRef": obj(
        {"slug": STR, "name": STR, "kind": {"enum": list(vocab.ENTITY_KINDS)}, "country": OPT_STR}
    ),
    "Edge": obj(
        {
            "subject": obj({"type": {"enum": ["outlet", "entity"]}, "slug": STR, "name": STR}),
            "kind": {"enum": list(vocab.RELATION_KINDS)},
            "object": ref("EntityRef"),
            "share": nullable({"type": "number", "minimum": 0, "maximum": 100}),
            "since": OPT_DATE,
            "until": OPT_DATE,
            "as_of": DATE,
            "citation": ref("Citation"),
        }
    ),
    "Ownership": obj(
        {
            "paths": {"type": "array", "items": {"type": "array", "items": ref("Edge")}},
            "ultimate_owners": {"type": "array", "items": ref("EntityRef")},
            "truncated": {"type": "boolean"},
        }
    ),
    "Outlet": obj(
        {
            "slug": STR,
            "name": STR,
            "other_names": {"type": "array", "items": STR},
            "description": OPT_STR,
            "country": OPT_STR,
            "languages": {"type": "array", "items": STR},
            "kind": {"enum": list(vocab.OUTLET_KINDS)},
            "founded": OPT_DATE,
            "website": OPT_STR,
            "wikidata_qid": OPT_STR,
            "status": {"enum": list(vocab.OUTLET_STATUSES)},
            "version": {"type": "integer"},
            "citation": nullable(ref("Citation")),
            "domains": {"type": "array", "items": ref("Domain")},
            "labels": {"type": "array", "items": ref("Label")},
            "ownership": ref("Ownership"),
            "record_url": STR,
        }
    ),
    "OutletSummary": obj(
        {
            "slug": STR,
            "name": STR,
            "kind": {"enum": list(vocab.OUTLET_KINDS)},
            "country": OPT_STR,
            "version": {"type": "integer"},
        }
    ),
    "OutletList": obj(
        {
            "total": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "outlets": {"type": "array", "items": ref("OutletSummary")},
        }
    ),
    "ReportLink": obj(
        {
            "id": {"type": "integer"},
            "relation": {"enum": list(vocab.REPORT_RELATIONS)},
            "url": STR,
            "title": OPT_STR,
            "outlet": nullable(obj({"slug": STR, "name": STR})),
            "published": OPT_DATE,
            "author": OPT_STR,
            "rating": OPT_STR,
            "summary": OPT_STR,
            "via": {"enum": ["article", "story"]},
        }
    ),
    "ReportLinksByRelation": {
        "type": "object",
        "propertyNames": {"enum": list(vocab.REPORT_RELATIONS)},
        "additionalProperties": {"type": "array", "items": ref("ReportLink")},
    },
    "Lookup": obj(
        {
            "url": STR,
            "canonical_url": STR,
            "url_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "data_version": {"type": "integer"},
            "match": nullable(
                obj({"host": STR, "path_prefix": STR, "role": {"enum": list(vocab.DOMAIN_ROLES)}})
            ),
            "outlet": nullable(ref("Outlet")),
            "article": nullable(
                obj(
                    {
                        "canonical_url": STR,
                        "title": OPT_STR,
                        "published": OPT_DATE,
                        "story": nullable(obj({"slug": STR, "title": STR})),
                    }
                )
            ),
            "report_links": ref("ReportLinksByRelation"),
        }
    ),
    "BatchRequest": obj({"urls": {"type": "array", "maxItems": 100, "items": STR}}),
    "Badge": obj(
        {
            "slug": STR,
            "name": STR,
            "kind": {"enum": list(vocab.OUTLET_KINDS)},
            "country": OPT_STR,
            "label_kinds": {"type": "array", "items": STR},
        }
    ),
    "BatchResult": obj(
        {
            "data_version": {"type": "integer"},
            "results": {
                "type": "array",
                "items": {
                    "oneOf": [
                        obj({"url": STR, "canonical_url": STR, "outlet": nullable(ref("Badge"))}),
                        obj({"url": {}, "error": obj({"code": STR, "message": STR})}),
                    ]
                },
            },
        }
    ),
    "DomainIndex": obj(
        {
            "data_version": {"type": "integer"},
            "outlets": {
                "type": "array",
                "items": obj(
                    {
                        "slug": STR,
                        "name": STR,
                        "kind": {"enum": list(vocab.OUTLET_KINDS)},
                        "country": OPT_STR,
                        "labels": {"type": "array", "items": STR},
                        "owner": OPT_STR,
                    }
                ),
            },
            "rules": {
                "type": "array",
                "description": "[host, path_prefix, outlet index, optional 0 = do not fold "
                "AMP/mobile variants]",
                "items": {
                    "type": "array",
                    "minItems": 3,
                    "maxItems": 4,
                    "prefixItems": [STR, STR, {"type": "integer", "minimum": 0}, {"const": 0}],
                },
            },
        }
    ),
    "HashReports": obj(
        {
            "prefix": STR,
            "data_version": {"type": "integer"},
            "articles": {
                "type": "array",
                "items": obj(
                    {
                        "url_sha256": STR,
                        "canonical_url": STR,
                        "title": OPT_STR,
                        "published": OPT_DATE,
                        "report_links": ref("ReportLinksByRelation"),
                    }
                ),
            },
        }
    ),
    "Health": obj({"status": STR}),
    "Ready": obj({"status": STR, "data_version": {"type": "integer"}}),
}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def ok(name: str, description: str = "OK", **extra: Any) -> dict[str, Any]:
    return {"description": description, **json_content(ref(name)), **extra}


ERR = {"description": "Error", **json_content(ref("Error"))}
CACHED = {
    "headers": {
        "ETag": {"schema": STR},
        "Cache-Control": {"schema": STR},
    }
}


def query(
    name: str, schema: dict[str, Any], description: str, required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }


PATHS: dict[str, Any] = {
    "/healthz": {
        "get": {"summary": "Liveness", "tags": ["health"], "responses": {"200": ok("Health")}}
    },
    "/readyz": {
        "get": {
            "summary": "Readiness (database reachable)",
            "tags": ["health"],
            "responses": {"200": ok("Ready"), "503": ERR},
        }
    },
    "/api/v1/outlets": {
        "get": {
            "summary": "List outlets",
            "tags": ["outlets"],
            "parameters": [
                query(
                    "limit",
                    {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                    "Page size (at most 1,000)",
                ),
                query("offset", {"type": "integer", "minimum": 0, "default": 0}, "Rows to skip"),
                query(
                    "country", {"type": "string", "pattern": "^[A-Za-z]{2}$"}, "ISO 3166 alpha-2"
                ),
                query("kind", {"enum": list(vocab.OUTLET_KINDS)}, "Outlet kind"),
                query("q", {"type": "string", "maxLength": 200}, "Search names and domains"),
            ],
            "responses": {"200": ok("OutletList"), "400": ERR},
        }
    },
    "/api/v1/outlets/{slug}": {
        "get": {
            "summary": "One outlet's full record",
            "tags": ["outlets"],
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": STR}],
            "responses": {
                "200": ok("Outlet", **CACHED),
                "404": ERR,
            },
        }
    },
    "/api/v1/lookup": {
        "get": {
            "summary": "Look a URL up: outlet, ownership, labels, report links",
            "tags": ["lookup"],
            "parameters": [
                query("url", {"type": "string", "maxLength": 4096}, "An http(s) URL", required=True)
            ],
            "responses": {
                "200": ok("Lookup", **CACHED),
                "304": {"description": "Not modified"},
                "400": ERR,
            },
        },
        "post": {
            "summary": "Look up to 100 URLs at once (compact results for badges)",
            "tags": ["lookup"],
            "requestBody": {"required": True, **json_content(ref("BatchRequest"))},
            "responses": {"200": ok("BatchResult"), "400": ERR},
        },
    },
    "/api/v1/index": {
        "get": {
            "summary": "Every domain rule with its outlet's badge data (for local matching)",
            "tags": ["lookup"],
            "responses": {
                "200": ok("DomainIndex", **CACHED),
                "304": {"description": "Not modified (If-None-Match)"},
            },
        }
    },
    "/api/v1/reports/hash/{prefix}": {
        "get": {
            "summary": "Report links of articles whose canonical-URL SHA-256 starts with prefix",
            "description": "Privacy mode: the client sends only a hash prefix and matches the "
            "full hash locally, so the server never learns the article.",
            "tags": ["lookup"],
            "parameters": [
                {
                    "name": "prefix",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{4,16}$"},
                }
            ],
            "responses": {"200": ok("HashReports", **CACHED), "400": ERR},
        }
    },
}


def document() -> dict[str, Any]:
    paths = copy.deepcopy(PATHS)
    schemas = copy.deepcopy(SCHEMAS)
    components: dict[str, Any] = {"schemas": schemas}
    try:
        from .api import openapi_curation
    except ImportError:
        openapi_curation = None  # type: ignore[assignment]
    if openapi_curation is not None:
        for path, item in openapi_curation.PATHS.items():
            paths.setdefault(path, {}).update(item)
        schemas.update(openapi_curation.SCHEMAS)
        components["securitySchemes"] = {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token from `flask create-token`",
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Masthead API",
            "version": "1",
            "description": "Who is behind the news page you are reading: outlets, ownership, "
            "labels and report links, every fact with its source.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": components,
    }
