"""Paths around the records: revisions and revert, reader suggestions, the fetch preview,
API tokens and users."""

from __future__ import annotations

from typing import Any

from .. import vocab
from ..curation.types import RECORD_TYPES
from .operations import (
    COMMENT,
    IF_MATCH_OPTIONAL,
    body,
    errors,
    id_param,
    ok,
    operation,
    page_params,
    query,
)

STR = {"type": "string"}
SUGGESTION_ID = id_param("suggestion_id")

REVISIONS: dict[str, Any] = {
    "/api/v1/revisions": {
        "get": operation(
            "Recent changes, newest first",
            "history",
            {"200": ok("RevisionList"), **errors("400", "422")},
            params=[
                query("record_type", {"enum": list(RECORD_TYPES)}, "422 for another value"),
                query("actor", STR, "The name changes are attributed to"),
                *page_params(50, 500),
            ],
        )
    },
    "/api/v1/revisions/{revision_id}": {
        "get": operation(
            "One revision",
            "history",
            {"200": ok("Revision"), **errors("404")},
            params=[id_param("revision_id")],
        )
    },
    "/api/v1/revisions/{revision_id}/revert": {
        "post": operation(
            "Undo a revision, as a new revision (action revert)",
            "history",
            {
                "200": ok("RevertResult"),
                **errors("400", "401", "403", "404", "409", "412", "413", "422"),
            },
            params=[id_param("revision_id"), IF_MATCH_OPTIONAL, COMMENT],
            secure=True,
            description="A creation is undone by deleting the record, a deletion by "
            "re-creating it (with what was deleted with it), an update by restoring the "
            "fields it changed. Undoing the creation of an outlet or an entity deletes it, "
            "which takes the admin role (403 for editors). The answer's ETag is the record's "
            "version when the record still exists.",
        )
    },
}

SUGGESTIONS: dict[str, Any] = {
    "/api/v1/suggestions": {
        "post": operation(
            "Suggest a counter-report or a correction (anonymous, rate-limited)",
            "suggestions",
            {
                "201": ok("SuggestionCreated", "Created"),
                **errors("400", "413", "422", "429"),
            },
            request=body("SuggestionIn"),
        ),
        "get": operation(
            "Suggestions to review",
            "suggestions",
            {"200": ok("SuggestionList"), **errors("400", "401", "403", "422")},
            params=[
                query(
                    "status",
                    {"enum": [*vocab.SUGGESTION_STATUSES, "all"], "default": "pending"},
                    "422 for another value",
                ),
                *page_params(50, 500),
            ],
            secure=True,
        ),
    },
    "/api/v1/suggestions/{suggestion_id}": {
        "get": operation(
            "One suggestion",
            "suggestions",
            {"200": ok("Suggestion"), **errors("401", "403", "404")},
            params=[SUGGESTION_ID],
            secure=True,
        )
    },
    "/api/v1/suggestions/{suggestion_id}/accept": {
        "post": operation(
            "Accept: create the report link, or apply the correction's patch",
            "suggestions",
            {
                "200": ok("SuggestionDecision"),
                **errors("400", "401", "403", "404", "409", "412", "413", "422", "502"),
            },
            params=[SUGGESTION_ID],
            request=body("SuggestionAccept", required=False),
            secure=True,
        )
    },
    "/api/v1/suggestions/{suggestion_id}/reject": {
        "post": operation(
            "Reject, with a reason",
            "suggestions",
            {
                "200": ok("SuggestionDecision"),
                **errors("400", "401", "403", "404", "409", "413", "422"),
            },
            params=[SUGGESTION_ID],
            request=body("SuggestionReject"),
            secure=True,
        )
    },
}

ACCOUNTS: dict[str, Any] = {
    "/api/v1/fetch": {
        "post": operation(
            "What adding this URL would fill in (title, date, author, outlet, rating)",
            "curation",
            {"200": ok("FetchFill"), **errors("400", "401", "403", "413", "422", "502")},
            request=body("FetchRequest"),
            secure=True,
        )
    },
    "/api/v1/tokens": {
        "post": operation(
            "Issue an API token (admin); the secret is shown only here",
            "admin",
            {
                "201": ok("TokenCreated", "Created"),
                **errors("400", "401", "403", "404", "409", "413", "422"),
            },
            request=body("TokenCreate"),
            secure=True,
        ),
        "get": operation(
            "API tokens (admin), without secrets",
            "admin",
            {"200": ok("TokenList"), **errors("400", "401", "403")},
            params=[
                query("user", STR, "Only this user's tokens"),
                query("include_revoked", {"enum": ["1", "true", "yes", "0", "false", "no"]}),
            ],
            secure=True,
        ),
    },
    "/api/v1/tokens/{token_id}": {
        "delete": operation(
            "Revoke a token (admin)",
            "admin",
            {"204": {"description": "Revoked"}, **errors("401", "403", "404", "409")},
            params=[id_param("token_id")],
            secure=True,
        )
    },
    "/api/v1/users": {
        "post": operation(
            "Create a user (admin)",
            "admin",
            {
                "201": ok("UserRecord", "Created"),
                **errors("400", "401", "403", "409", "413", "422"),
            },
            request=body("UserCreate"),
            secure=True,
        ),
        "get": operation(
            "Users (admin)", "admin", {"200": ok("UserList"), **errors("401", "403")}, secure=True
        ),
    },
    "/api/v1/users/{user_id}": {
        "patch": operation(
            "Change a user's role, activity or password (admin)",
            "admin",
            {
                "200": ok("UserRecord"),
                **errors("400", "401", "403", "404", "409", "413", "422"),
            },
            params=[id_param("user_id")],
            request=body("UserPatch"),
            secure=True,
        )
    },
}

PATHS: dict[str, Any] = {**REVISIONS, **SUGGESTIONS, **ACCOUNTS}
