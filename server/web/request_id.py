"""The request id every error answer carries, in its body (`error.request_id`), in an
`X-Request-Id` header and in the log line that records it, so an operator can tie what a
client was told to the server's log.

A well-formed `X-Request-Id` from a proxy in front is kept (the proxy's log then agrees);
otherwise one is made here. Either way it is worked out once per request, and only when an
answer needs it: a successful lookup never pays for it. gunicorn's own errors, answered
before the app sees a request, make theirs in server/web/gunicorn_errors.py.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import request

HEADER = "X-Request-Id"
ENVIRON_KEY = "masthead.request_id"
MAX_LENGTH = 128
# Letters, digits and the punctuation proxies use in their ids (UUIDs, nginx's hex ids,
# "Root=1-5f..." trace ids): nothing that could split a header or a log line.
_WELL_FORMED = re.compile(rf"[A-Za-z0-9._:+=/-]{{1,{MAX_LENGTH}}}")


def well_formed(value: str) -> bool:
    """True when an incoming X-Request-Id may be used as this request's id."""
    return _WELL_FORMED.fullmatch(value) is not None


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_of(environ: dict[str, Any]) -> str:
    """The request's id: the proxy's when well formed, else a new one (kept in the environ)."""
    found: str | None = environ.get(ENVIRON_KEY)
    if found is None:
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        found = incoming if well_formed(incoming) else new_request_id()
        environ[ENVIRON_KEY] = found
    return found


def request_id() -> str:
    """The current request's id (see `request_id_of`)."""
    return request_id_of(request.environ)
