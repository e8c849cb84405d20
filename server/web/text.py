"""Text no database stores alike, refused at the edge with a 400 that names the field.

A NUL character (U+0000): PostgreSQL refuses it in text (the statement fails), SQLite stores
it. A lone surrogate (U+D800 to U+DFFF): no UTF-8 encoder writes it. Either would reach a
query or the encoder from a path, a query string, an admin form, the change-comment header
or a JSON body; the guard here looks at the first four before any view runs (a path holding
a NUL is a 404: no record's key has one), and `server/web/jsonbody.py` uses `find_in_json`
on bodies.

Query strings and forms cannot carry lone surrogates (Werkzeug decodes percent-escapes that
are not UTF-8 as text, never as surrogates), and gunicorn refuses a NUL in a header; a NUL
reaches the app only percent-encoded, so an ordinary request costs a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask import Flask, request

from ..errors import BadRequest, NotFound

CODE = "invalid_text"
COMMENT_HEADER = "X-Masthead-Comment"
MAX_FIELD_NAME = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD = re.compile("[\x00\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def text_problem(value: str) -> str | None:
    """What in `value` no database stores, or None."""
    if "\x00" in value:
        return "a NUL character (U+0000)"
    if not value.isascii() and _SURROGATE.search(value) is not None:
        return "a lone surrogate (U+D800 to U+DFFF)"
    return None


def printable(text: str, most: int = MAX_FIELD_NAME) -> str:
    """Text fit to send back (a field name, an echoed URL): what no encoder writes, and
    NUL, replaced by U+FFFD, cut to `most` characters ("..." at the end when cut)."""
    cleaned = _BAD.sub("\ufffd", text[: most + 1])
    return cleaned if len(cleaned) <= most else cleaned[: most - 3] + "..."


def _child(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    name = printable(key)
    return f"{path}.{name}" if path else name


def find_in_json(value: Any) -> tuple[str, str] | None:
    """(field, problem) of the first text in a JSON value (keys included) that no database
    stores, or None. `field` is the path to it: `message`, `patch.text`, `urls[2]`. Walked
    without recursion: the value may be deep."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node)
            if problem is not None:
                return path or "body", problem
        elif isinstance(node, dict):
            for key, child in reversed(list(node.items())):
                problem = text_problem(key)
                if problem is not None:
                    return _child(path, key), problem + " in its name"
                stack.append((_child(path, key), child))
        elif isinstance(node, list):
            stack.extend((_child(path, i), child) for i, child in reversed(list(enumerate(node))))
    return None


def refusal(field: str, problem: str) -> BadRequest:
    return BadRequest(f"{field} contains {problem}, which is never stored", field=field, code=CODE)


def _check_pairs(pairs: Iterable[tuple[str, str]]) -> None:
    for name, value in pairs:
        for text, suffix in ((name, " in its name"), (value, "")):
            problem = text_problem(text)
            if problem is not None:
                raise refusal(printable(name), problem + suffix)


def check_request() -> None:
    """Refuse a request whose path, query string, form or change comment holds such text."""
    environ = request.environ
    if "\x00" in environ.get("PATH_INFO", ""):  # no record's key holds one
        raise NotFound("nothing is found at a path holding a NUL character", field="path")
    query = environ.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:  # the only ways a decoded argument holds a NUL
        _check_pairs(request.args.items(multi=True))
    content_type = environ.get("CONTENT_TYPE", "")
    if content_type.startswith(FORM_TYPES) and not environ.get("PATH_INFO", "").startswith("/api/"):
        _check_pairs(request.form.items(multi=True))
    comment = environ.get("HTTP_X_MASTHEAD_COMMENT")
    if comment is not None and "\x00" in comment:
        raise refusal(COMMENT_HEADER, "a NUL character (U+0000)")


def init_app(app: Flask) -> None:
    app.before_request(check_request)
