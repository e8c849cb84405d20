"""OpenAPI 3.1 paths and schemas of the curation API, merged by server/openapi.py.

Request bodies come straight from the pydantic models that validate them
(server/curation/schemas.py), so the document and the validation cannot disagree; response
shapes mirror server/curation/present.py and are checked against real responses in tests.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .. import permissions, vocab
from ..curation import schemas as cs
from ..curation.types import RECORD_TYPES

S = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": S + name}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
    }


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STR, INT, BOOL, NUM = (
    {"type": "string"},
    {"type": "integer"},
    {"type": "boolean"},
    {"type": "number"},
)
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string"}
OPT_STR, OPT_INT, OPT_DATE = nullable(STR), nullable(INT), nullable(DATE)
ANY_OBJ = {"type": "object"}

# -- request bodies, generated from the validating models ---------------------------------

REQUEST_MODELS: list[type[BaseModel]] = [
    cs.OutletCreate,
    cs.OutletPatch,
    cs.DomainCreate,
    cs.DomainPatch,
    cs.EntityCreate,
    cs.EntityPatch,
    cs.RelationCreate,
    cs.RelationPatch,
    cs.LabelCreate,
    cs.LabelPatch,
    cs.CitationCreate,
    cs.CitationPatch,
    cs.ArticleCreate,
    cs.ArticlePatch,
    cs.StoryCreate,
    cs.StoryPatch,
    cs.ReportLinkCreate,
    cs.ReportLinkPatch,
    cs.SuggestionIn,
    cs.SuggestionAccept,
    cs.SuggestionReject,
    cs.TokenCreate,
    cs.UserCreate,
    cs.UserPatch,
    cs.FetchRequest,
]


def _request_schemas() -> dict[str, Any]:
    _top, defs = models_json_schema(
        [(m, "validation") for m in REQUEST_MODELS], ref_template=S + "{model}"
    )
    return dict(defs.get("$defs", {}))


# -- responses ------------------------------------------------------------------------------

CITATION = obj(
    {
        "id": INT,
        "url": STR,
        "title": OPT_STR,
        "publisher": OPT_STR,
        "accessed": OPT_DATE,
        "quote": OPT_STR,
        "version": INT,
    }
)
SUBJECT = nullable(obj({"type": {"enum": ["outlet", "entity"]}, "slug": STR, "name": STR}))

RESPONSE_SCHEMAS: dict[str, Any] = {
    "CitationRecord": CITATION,
    "DomainRecord": obj(
        {
            "id": INT,
            "outlet": OPT_STR,
            "host": STR,
            "path_prefix": STR,
            "role": {"enum": list(vocab.DOMAIN_ROLES)},
            "fold_variants": BOOL,
            "version": INT,
        }
    ),
    "RelationRecord": obj(
        {
            "id": INT,
            "subject": SUBJECT,
            "kind": {"enum": list(vocab.RELATION_KINDS)},
            "object": nullable(obj({"slug": STR, "name": STR, "kind": STR})),
            "share": nullable(NUM),
            "since": OPT_DATE,
            "until": OPT_DATE,
            "as_of": DATE,
            "note": OPT_STR,
            "citation_id": INT,
            "citation": ref("CitationRecord"),
            "version": INT,
        }
    ),
    "LabelRecord": obj(
        {
            "id": INT,
            "outlet": OPT_STR,
            "kind": {"enum": list(vocab.LABEL_KINDS)},
            "issuer": STR,
            "text": OPT_STR,
            "since": OPT_DATE,
            "until": OPT_DATE,
            "as_of": DATE,
            "citation_id": INT,
            "citation": ref("CitationRecord"),
            "version": INT,
        }
    ),
    "OutletRecord": obj(
        {
            "id": INT,
            "slug": STR,
            "name": STR,
            "other_names": array(STR),
            "description": OPT_STR,
            "country": OPT_STR,
            "languages": array(STR),
            "kind": {"enum": list(vocab.OUTLET_KINDS)},
            "founded": OPT_DATE,
            "website": OPT_STR,
            "wikidata_qid": OPT_STR,
            "status": {"enum": list(vocab.OUTLET_STATUSES)},
            "citation_id": OPT_INT,
            "citation": nullable(ref("CitationRecord")),
            "version": INT,
            "domains": array(ref("DomainRecord")),
            "relations": array(ref("RelationRecord")),
            "labels": array(ref("LabelRecord")),
        }
    ),
    "EntityRecord": obj(
        {
            "id": INT,
            "slug": STR,
            "name": STR,
            "kind": {"enum": list(vocab.ENTITY_KINDS)},
            "country": OPT_STR,
            "wikidata_qid": OPT_STR,
            "description": OPT_STR,
            "version": INT,
            "relations": array(ref("RelationRecord")),
        }
    ),
    "ReportLinkRecord": obj(
        {
            "id": INT,
            "article_id": OPT_INT,
            "article_url": OPT_STR,
            "story": OPT_STR,
            "relation": {"enum": list(vocab.REPORT_RELATIONS)},
            "report_url": STR,
            "report_title": OPT_STR,
            "report_outlet": OPT_STR,
            "report_published": OPT_DATE,
            "report_author": OPT_STR,
            "rating": OPT_STR,
            "summary": OPT_STR,
            "status": {"enum": list(vocab.REPORT_STATUSES)},
            "added_by": OPT_STR,
            "citation_id": OPT_INT,
            "citation": nullable(ref("CitationRecord")),
            "version": INT,
        }
    ),
    "ArticleRecord": obj(
        {
            "id": INT,
            "url": STR,
            "url_sha256": STR,
            "outlet": OPT_STR,
            "story": OPT_STR,
            "title": OPT_STR,
            "published": OPT_DATE,
            "author": OPT_STR,
            "language": OPT_STR,
            "version": INT,
            "report_links": array(ref("ReportLinkRecord")),
        }
    ),
    "StoryRecord": obj(
        {
            "id": INT,
            "slug": STR,
            "title": STR,
            "summary": OPT_STR,
            "version": INT,
            "articles": array(obj({"id": INT, "url": STR, "title": OPT_STR})),
            "report_links": array(ref("ReportLinkRecord")),
        }
    ),
    "Revision": obj(
        {
            "id": INT,
            "record_type": {"enum": list(RECORD_TYPES)},
            "record_id": INT,
            "version": INT,
            "action": {"enum": list(vocab.REVISION_ACTIONS)},
            "actor": STR,
            "actor_id": OPT_INT,
            "created_at": DATETIME,
            "comment": OPT_STR,
            "before": nullable(ANY_OBJ),
            "after": nullable(ANY_OBJ),
        }
    ),
    "History": obj({"record_type": STR, "record_id": INT, "revisions": array(ref("Revision"))}),
    "RevisionList": obj({"limit": INT, "offset": INT, "revisions": array(ref("Revision"))}),
    "DeleteResult": obj(
        {
            "deleted": obj({"record_type": STR, "id": INT}),
            "revision": ref("Revision"),
            "cascade": array(INT),
        }
    ),
    "RevertResult": obj(
        {"revision": ref("Revision"), "also": array(INT), "record": nullable(ANY_OBJ)}
    ),
    "Suggestion": obj(
        {
            "id": INT,
            "kind": {"enum": list(vocab.SUGGESTION_KINDS)},
            "page_url": STR,
            "report_url": OPT_STR,
            "relation": OPT_STR,
            "outlet_slug": OPT_STR,
            "message": STR,
            "status": {"enum": list(vocab.SUGGESTION_STATUSES)},
            "created_at": DATETIME,
            "reviewed_by": OPT_STR,
            "reviewed_at": nullable(DATETIME),
            "resolution": OPT_STR,
        }
    ),
    "SuggestionCreated": obj({"id": INT, "status": {"const": "pending"}}),
    "SuggestionList": obj(
        {"total": INT, "limit": INT, "offset": INT, "suggestions": array(ref("Suggestion"))}
    ),
    "SuggestionDecision": obj(
        {"suggestion": ref("Suggestion"), "record": nullable(ANY_OBJ)}, ["suggestion"]
    ),
    "Token": obj(
        {
            "id": INT,
            "prefix": STR,
            "name": OPT_STR,
            "user": obj({"id": INT, "name": STR, "role": {"enum": list(vocab.ROLES)}}),
            "created_at": DATETIME,
            "last_used_at": nullable(DATETIME),
            "revoked_at": nullable(DATETIME),
        }
    ),
    "TokenCreated": {
        "allOf": [ref("Token")],
        "type": "object",
        "properties": {"token": {"type": "string", "description": "Shown once, never again"}},
        "required": ["token"],
    },
    "TokenList": obj({"tokens": array(ref("Token"))}),
    "UserRecord": obj(
        {
            "id": INT,
            "name": STR,
            "role": {"enum": list(vocab.ROLES)},
            "active": BOOL,
            "has_password": BOOL,
            "created_at": DATETIME,
        }
    ),
    "UserList": obj({"users": array(ref("UserRecord"))}),
    "FetchFill": obj(
        {
            "url": STR,
            "title": OPT_STR,
            "published": OPT_DATE,
            "author": OPT_STR,
            "language": OPT_STR,
            "rating": OPT_STR,
            "outlet": OPT_STR,
            "metadata": ANY_OBJ,
        }
    ),
}

RECORD_SCHEMA = {
    "outlet": "OutletRecord",
    "domain_rule": "DomainRecord",
    "entity": "EntityRecord",
    "relation": "RelationRecord",
    "label": "LabelRecord",
    "citation": "CitationRecord",
    "article": "ArticleRecord",
    "story": "StoryRecord",
    "report_link": "ReportLinkRecord",
}
REQUEST_NAME = {
    "outlet": "Outlet",
    "domain_rule": "Domain",
    "entity": "Entity",
    "relation": "Relation",
    "label": "Label",
    "citation": "Citation",
    "article": "Article",
    "story": "Story",
    "report_link": "ReportLink",
}
for _name, _schema in RECORD_SCHEMA.items():
    RESPONSE_SCHEMAS[_schema + "List"] = obj(
        {"total": INT, "limit": INT, "offset": INT, "items": array(ref(_schema))}
    )

# -- paths ------------------------------------------------------------------------------------

SECURE: list[dict[str, list[str]]] = [{"bearerAuth": []}]
ERR = {"description": "Error", "content": {"application/json": {"schema": ref("Error")}}}
ETAG = {"ETag": {"description": 'The record\'s version, e.g. "3"', "schema": STR}}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": 'The version being edited, as its ETag gives it (e.g. "3"). Required: '
    "428 without it, 412 when it is no longer the current version.",
    "schema": STR,
}
IF_MATCH_OPTIONAL = {**IF_MATCH, "required": False}
COMMENT = {
    "name": "X-Masthead-Comment",
    "in": "header",
    "required": False,
    "description": "Why the change is made (or a `comment` field in the JSON body).",
    "schema": STR,
}


def body(name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": ref(name)}}}


def ok(name: str, description: str = "OK", headers: dict[str, Any] | None = None) -> dict:
    out: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ref(name)}},
    }
    if headers:
        out["headers"] = headers
    return out


def errors(*codes: str) -> dict[str, Any]:
    return {code: ERR for code in codes}


def _key_param(key: str) -> dict[str, Any]:
    schema = STR if key == "slug" else INT
    return {"name": key, "in": "path", "required": True, "schema": schema}


def _record_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rtype in RECORD_TYPES.values():
        record, req = RECORD_SCHEMA[rtype.name], REQUEST_NAME[rtype.name]
        human = rtype.name.replace("_", " ")
        a_human = f"{'an' if human[0] in 'aeiou' else 'a'} {human}"
        tag = ["curation"]
        one = f"/api/v1/{rtype.path}/{{{rtype.key}}}"
        many = f"/api/v1/{rtype.path}"
        key = _key_param(rtype.key)
        paths.setdefault(many, {})["post"] = {
            "summary": f"Create {a_human}",
            "tags": tag,
            "security": SECURE,
            "parameters": [COMMENT],
            "requestBody": body(f"{req}Create"),
            "responses": {
                "201": ok(record, "Created", ETAG),
                **errors("400", "401", "403", "404", "409", "422", "502"),
            },
        }
        paths.setdefault(one, {})["patch"] = {
            "summary": f"Update {a_human} (only the fields sent)",
            "tags": tag,
            "security": SECURE,
            "parameters": [key, IF_MATCH, COMMENT],
            "requestBody": body(f"{req}Patch"),
            "responses": {
                "200": ok(record, headers=ETAG),
                **errors("400", "401", "403", "404", "409", "412", "422", "428"),
            },
        }
        paths[one]["delete"] = {
            "summary": f"Delete {a_human} (recorded, revertable)",
            **(
                {"description": "Takes the admin role: the deletion cascades (403 for editors)."}
                if rtype.name in permissions.ADMIN_DELETES
                else {}
            ),
            "tags": tag,
            "security": SECURE,
            "parameters": [key, IF_MATCH, COMMENT],
            "responses": {
                "200": ok("DeleteResult"),
                **errors("400", "401", "403", "404", "409", "412", "428"),
            },
        }
        if rtype.path != "outlets":  # the public outlet list and record are the lead's
            paths[many]["get"] = {
                "summary": f"List {rtype.path} with ids and versions",
                "tags": tag,
                "parameters": [
                    {"name": "limit", "in": "query", "schema": INT},
                    {"name": "offset", "in": "query", "schema": INT},
                ],
                "responses": {"200": ok(record + "List"), **errors("400")},
            }
            paths[one]["get"] = {
                "summary": f"One {human}; ETag is its version",
                "tags": tag,
                "parameters": [key],
                "responses": {"200": ok(record, headers=ETAG), **errors("404")},
            }
        paths[f"{one}/history"] = {
            "get": {
                "summary": f"Revisions of {a_human}, newest first (also after deletion)",
                "tags": ["history"],
                "parameters": [key],
                "responses": {"200": ok("History"), **errors("404")},
            }
        }
    return paths


ID = {"name": "id", "in": "path", "required": True, "schema": INT}


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": INT}


OTHER_PATHS: dict[str, Any] = {
    "/api/v1/revisions": {
        "get": {
            "summary": "Recent changes, newest first",
            "tags": ["history"],
            "parameters": [
                {"name": "record_type", "in": "query", "schema": STR},
                {"name": "actor", "in": "query", "schema": STR},
                {"name": "limit", "in": "query", "schema": INT},
                {"name": "offset", "in": "query", "schema": INT},
            ],
            "responses": {"200": ok("RevisionList"), **errors("400", "422")},
        }
    },
    "/api/v1/revisions/{revision_id}": {
        "get": {
            "summary": "One revision",
            "tags": ["history"],
            "parameters": [_path_param("revision_id")],
            "responses": {"200": ok("Revision"), **errors("404")},
        }
    },
    "/api/v1/revisions/{revision_id}/revert": {
        "post": {
            "summary": "Undo a revision, as a new revision (action revert)",
            "description": "A creation is undone by deleting the record, a deletion by "
            "re-creating it (with what was deleted with it), an update by restoring the "
            "fields it changed. Undoing the creation of an outlet or an entity deletes it, "
            "which takes the admin role (403 for editors).",
            "tags": ["history"],
            "security": SECURE,
            "parameters": [_path_param("revision_id"), IF_MATCH_OPTIONAL, COMMENT],
            "responses": {
                "200": ok("RevertResult", headers=ETAG),
                **errors("401", "403", "404", "409", "412"),
            },
        }
    },
    "/api/v1/suggestions": {
        "post": {
            "summary": "Suggest a counter-report or a correction (anonymous, rate-limited)",
            "tags": ["suggestions"],
            "requestBody": body("SuggestionIn"),
            "responses": {
                "201": ok("SuggestionCreated", "Created"),
                **errors("400", "413", "422", "429"),
            },
        },
        "get": {
            "summary": "Suggestions to review",
            "tags": ["suggestions"],
            "security": SECURE,
            "parameters": [
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"enum": [*vocab.SUGGESTION_STATUSES, "all"]},
                },
                {"name": "limit", "in": "query", "schema": INT},
                {"name": "offset", "in": "query", "schema": INT},
            ],
            "responses": {"200": ok("SuggestionList"), **errors("401", "403", "422")},
        },
    },
    "/api/v1/suggestions/{suggestion_id}": {
        "get": {
            "summary": "One suggestion",
            "tags": ["suggestions"],
            "security": SECURE,
            "parameters": [_path_param("suggestion_id")],
            "responses": {"200": ok("Suggestion"), **errors("401", "403", "404")},
        }
    },
    "/api/v1/suggestions/{suggestion_id}/accept": {
        "post": {
            "summary": "Accept: create the report link, or apply the correction's patch",
            "tags": ["suggestions"],
            "security": SECURE,
            "parameters": [_path_param("suggestion_id")],
            "requestBody": {**body("SuggestionAccept"), "required": False},
            "responses": {
                "200": ok("SuggestionDecision"),
                **errors("401", "403", "404", "409", "412", "422", "502"),
            },
        }
    },
    "/api/v1/suggestions/{suggestion_id}/reject": {
        "post": {
            "summary": "Reject, with a reason",
            "tags": ["suggestions"],
            "security": SECURE,
            "parameters": [_path_param("suggestion_id")],
            "requestBody": body("SuggestionReject"),
            "responses": {
                "200": ok("SuggestionDecision"),
                **errors("401", "403", "404", "409", "422"),
            },
        }
    },
    "/api/v1/fetch": {
        "post": {
            "summary": "What adding this URL would fill in (title, date, author, outlet, rating)",
            "tags": ["curation"],
            "security": SECURE,
            "requestBody": body("FetchRequest"),
            "responses": {"200": ok("FetchFill"), **errors("401", "403", "422", "502")},
        }
    },
    "/api/v1/tokens": {
        "post": {
            "summary": "Issue an API token (admin); the secret is shown only here",
            "tags": ["admin"],
            "security": SECURE,
            "requestBody": body("TokenCreate"),
            "responses": {
                "201": ok("TokenCreated", "Created"),
                **errors("401", "403", "404", "409", "422"),
            },
        },
        "get": {
            "summary": "API tokens (admin), without secrets",
            "tags": ["admin"],
            "security": SECURE,
            "parameters": [
                {"name": "user", "in": "query", "schema": STR},
                {"name": "include_revoked", "in": "query", "schema": STR},
            ],
            "responses": {"200": ok("TokenList"), **errors("401", "403")},
        },
    },
    "/api/v1/tokens/{token_id}": {
        "delete": {
            "summary": "Revoke a token (admin)",
            "tags": ["admin"],
            "security": SECURE,
            "parameters": [_path_param("token_id")],
            "responses": {"204": {"description": "Revoked"}, **errors("401", "403", "404")},
        }
    },
    "/api/v1/users": {
        "post": {
            "summary": "Create a user (admin)",
            "tags": ["admin"],
            "security": SECURE,
            "requestBody": body("UserCreate"),
            "responses": {
                "201": ok("UserRecord", "Created"),
                **errors("401", "403", "409", "422"),
            },
        },
        "get": {
            "summary": "Users (admin)",
            "tags": ["admin"],
            "security": SECURE,
            "responses": {"200": ok("UserList"), **errors("401", "403")},
        },
    },
    "/api/v1/users/{user_id}": {
        "patch": {
            "summary": "Change a user's role, activity or password (admin)",
            "tags": ["admin"],
            "security": SECURE,
            "parameters": [_path_param("user_id")],
            "requestBody": body("UserPatch"),
            "responses": {"200": ok("UserRecord"), **errors("401", "403", "404", "409", "422")},
        }
    },
}

PATHS: dict[str, Any] = {**_record_paths(), **OTHER_PATHS}
SCHEMAS: dict[str, Any] = {**_request_schemas(), **RESPONSE_SCHEMAS}
