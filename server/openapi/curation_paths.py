"""Paths of the curation API (records, history, suggestions, tokens and users), generated
from the record types: one table says which request and response models each route takes
and which statuses it can answer."""

from __future__ import annotations

from typing import Any

from .. import permissions, vocab
from ..curation.review import REVIEWED_KINDS
from ..curation.types import RECORD_TYPES, RecordType
from . import examples
from .curation_models import RECORD_LISTS, RECORDS
from .operations import (
    COMMENT,
    ETAG,
    IF_MATCH,
    LOCATION,
    body,
    errors,
    id_param,
    ok,
    operation,
    page_params,
    param,
    query,
)

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
# The list filters of server/curation/queries.py, by record type; slugs that name nothing
# filter to an empty list rather than failing.
STR = {"type": "string"}
FILTERS: dict[str, list[dict[str, Any]]] = {
    "domain_rule": [query("outlet", STR, "Outlet slug"), query("host", STR, "Host name")],
    "label": [query("outlet", STR, "Outlet slug")],
    "relation": [
        query("outlet", STR, "Subject outlet slug"),
        query("entity", STR, "Subject entity slug"),
        query("object", STR, "Object entity slug"),
    ],
    "entity": [query("q", STR, "Search names and slugs")],
    "citation": [query("url", STR, "The exact URL")],
    "article": [
        query("url", STR, "An http(s) URL, matched by its canonical form (400 if unusable)"),
        query("outlet", STR, "Outlet slug"),
        query("story", STR, "Story slug"),
    ],
    "report_link": [
        query(
            "article_id",
            {"type": "integer"},
            "Report links of this article (400 if not an integer)",
        ),
        query("story", STR, "Story slug"),
        query("report_url", STR, "The exact report URL"),
        query("status", {"enum": list(vocab.REPORT_STATUSES)}),
    ],
}
PUBLIC_ELSEWHERE = {"outlet"}  # its GET list and record are the public read API's
WRITE_ERRORS = ("400", "401", "403", "404", "409", "413", "422")


def _a(human: str) -> str:
    return f"{'an' if human[0] in 'aeiou' else 'a'} {human}"


def _key(rtype: RecordType) -> dict[str, Any]:
    if rtype.key == "slug":
        return param("slug", "path", STR)
    return id_param()


def _reads(rtype: RecordType, record: str) -> dict[str, dict[str, Any]]:
    human = rtype.name.replace("_", " ")
    lister = operation(
        f"List {rtype.path} with ids and versions",
        "curation",
        {"200": ok(RECORD_LISTS[rtype.name].__name__), **errors("400")},
        params=[*page_params(100, 500), *FILTERS.get(rtype.name, [])],
    )
    one = operation(
        f"One {human}; its ETag is its version",
        "curation",
        {"200": ok(record, headers=ETAG), **errors("404")},
        params=[_key(rtype)],
    )
    return {"list": lister, "one": one}


def _writes(rtype: RecordType, record: str) -> dict[str, dict[str, Any]]:
    human = rtype.name.replace("_", " ")
    req, key = REQUEST_NAME[rtype.name], _key(rtype)
    admin = rtype.name in permissions.ADMIN_DELETES
    create_example = examples.OUTLET_CREATE if rtype.name == "outlet" else None
    create = operation(
        f"Create {_a(human)}",
        "curation",
        {
            "201": ok(record, "Created", headers={**ETAG, **LOCATION}),
            **errors(*WRITE_ERRORS, "502"),
        },
        params=[COMMENT],
        request=body(f"{req}Create", example=create_example),
        secure=True,
    )
    update = operation(
        f"Update {_a(human)} (only the fields sent)",
        "curation",
        {"200": ok(record, headers=ETAG), **errors(*WRITE_ERRORS, "412", "428")},
        params=[key, IF_MATCH, COMMENT],
        request=body(f"{req}Patch"),
        secure=True,
    )
    delete = operation(
        f"Delete {_a(human)} (recorded, revertable)",
        "curation",
        {"200": ok("DeleteResult"), **errors(*WRITE_ERRORS, "412", "428")},
        params=[key, IF_MATCH, COMMENT],
        secure=True,
        description="Takes the admin role: the deletion cascades (403 for editors)."
        if admin
        else None,
    )
    return {"create": create, "update": update, "delete": delete}


def _history(rtype: RecordType) -> dict[str, Any]:
    return operation(
        f"Revisions of {_a(rtype.name.replace('_', ' '))}, newest first (also after deletion)",
        "history",
        {"200": ok("History"), **errors("404")},
        params=[_key(rtype)],
    )


def _reviewed(rtype: RecordType, record: str) -> dict[str, Any]:
    human = rtype.name.replace("_", " ")
    return operation(
        f"Mark {_a(human)} reviewed: its source re-checked today",
        "curation",
        {"200": ok(record, headers=ETAG), **errors(*WRITE_ERRORS, "412", "428")},
        params=[_key(rtype), IF_MATCH, COMMENT],
        request=body("Reviewed", required=False),
        secure=True,
        description=f"The {human} now cites its source as accessed today (a citation other "
        "facts share is copied, so they are not marked checked) and is due for review again "
        "in 90 days, or on `review_due` when given (a date after today). Recorded as a "
        "revision of the fact.",
    )


def record_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rtype in RECORD_TYPES.values():
        record = RECORDS[rtype.name].__name__
        many, one = f"/api/v1/{rtype.path}", f"/api/v1/{rtype.path}/{{{rtype.key}}}"
        writes = _writes(rtype, record)
        paths.setdefault(many, {})["post"] = writes["create"]
        paths.setdefault(one, {}).update(patch=writes["update"], delete=writes["delete"])
        if rtype.name not in PUBLIC_ELSEWHERE:
            reads = _reads(rtype, record)
            paths[many]["get"] = reads["list"]
            paths[one]["get"] = reads["one"]
        paths[f"{one}/history"] = {"get": _history(rtype)}
        if rtype.name in REVIEWED_KINDS:
            paths[f"{one}/reviewed"] = {"post": _reviewed(rtype, record)}
    return paths
