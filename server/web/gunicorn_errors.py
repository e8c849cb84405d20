"""gunicorn's own error answers (request line or headers too long or malformed) in the API's
JSON error shape, with a request id that is also in gunicorn's log line.

gunicorn answers these before the application sees the request, with a small HTML page
written by `gunicorn.util.write_error`; `install()` (called from gunicorn.conf.py when a
worker starts) replaces that writer in the worker process. Nothing else of gunicorn changes.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

log = logging.getLogger("gunicorn.error")

CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "url_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
}


def error_code(status: int) -> str:
    """The JSON body's error code for a status gunicorn answers (also in the log line)."""
    return CODES.get(status, "bad_request")


def error_bytes(status: int, reason: str, message: str, request_id: str) -> bytes:
    """A complete HTTP/1.1 response carrying `{"error": {"code", "message", "request_id"}}`."""
    body = json.dumps(
        {
            "error": {
                "code": error_code(status),
                "message": message or reason,
                "request_id": request_id,
            }
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"X-Request-Id: {request_id}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    return head + body


def _write_json_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    from gunicorn import util

    request_id = uuid.uuid4().hex
    # gunicorn has already logged the cause; this line ties it to what the client was told.
    code = CODES.get(status_int, "bad_request")  # the body's, as in the app's own lines
    log.warning("answered %s %s (%s) request_id=%s", status_int, code, mesg or reason, request_id)
    util.write_nonblock(sock, error_bytes(status_int, reason, mesg[:200], request_id))


def install() -> None:
    from gunicorn import util

    util.write_error = _write_json_error
