"""Parsing JSON request bodies with the limits the rest of the server relies on: a body
nested deeper than MAX_DEPTH or with an integer past 64 bits (no id column holds it) is
refused as invalid JSON, and so is one whose text no database stores (a NUL character or a
lone surrogate, `server/web/text.py`), naming the field that holds it. Every refusal is an
`InvalidJSON`, a ValueError.

`loads` serves `request.get_json()` (through the app's JSON provider) and the views' own body
parsing alike; `loads(data, check_text=False)` leaves text as sent (a batch lookup answers a
bad URL in its place, without failing the others).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from .text import find_in_json

MAX_DEPTH = 64
INT64 = 2**63
_SURROGATE = re.compile("[\ud800-\udfff]")
# A NUL or a surrogate written as an escape: only then may parsed text hold one.
_TEXT_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")


class InvalidJSON(ValueError):
    """A body refused as JSON; `field` names where, when one field is at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _int64(digits: str) -> int:
    value = int(digits)
    if not -INT64 <= value < INT64:
        raise InvalidJSON(f"the number {digits[:30]} does not fit in 64 bits")
    return value


def _check_depth(value: Any) -> None:
    """Nesting depth, walked without recursion (the value may be deep)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_DEPTH:
            raise InvalidJSON(f"the body is nested deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children)


def _check_text(value: Any) -> None:
    found = find_in_json(value)
    if found is not None:
        field, problem = found
        raise InvalidJSON(f"{field} contains {problem}, which is never stored", field)


_DECODER = json.JSONDecoder(parse_int=_int64)


def _text_of(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    # As json.loads detects it (UTF-8, -16 or -32). Bytes that are not UTF-8 become lone
    # surrogates, refused below with the field that holds them (or, unchecked, kept as text
    # no URL parser accepts).
    try:
        return data.decode(json.detect_encoding(data), "surrogateescape")
    except UnicodeDecodeError as exc:
        raise InvalidJSON(f"the body is not valid text: {exc.reason}") from None


def loads(data: bytes | str, *, check_text: bool = True, **kwargs: Any) -> Any:
    """json.loads with the limits above; every refusal is an InvalidJSON (a ValueError)."""
    text = _text_of(data)
    try:
        if kwargs:
            value = json.loads(text, **{"parse_int": _int64, **kwargs})
        else:
            value = _DECODER.decode(text)
    except RecursionError:
        raise InvalidJSON(f"the body is nested deeper than {MAX_DEPTH} levels") from None
    except InvalidJSON:
        raise
    except ValueError as exc:
        raise InvalidJSON(f"the body is not valid JSON: {exc}") from None
    # Each check needs a walk; these cheap tests on the text skip it for ordinary bodies.
    if text.count("[") + text.count("{") > MAX_DEPTH:
        _check_depth(value)
    if check_text and (
        (not text.isascii() and _SURROGATE.search(text)) or _TEXT_ESCAPE.search(text)
    ):
        _check_text(value)
    return value


def request_body(max_bytes: int | None = None) -> bytes:
    """The request's body: a 413 past `max_bytes` (else the app's MAX_CONTENT_LENGTH) before
    it is read, a 415 when it is not empty and not declared JSON (`application/json` or
    `application/*+json`): a page's form or a text/plain post is never read as JSON."""
    if max_bytes is not None:
        request.max_content_length = max_bytes
    try:
        data = request.get_data(cache=True)
    except RequestEntityTooLarge:
        most = request.max_content_length or 0
        raise PayloadTooLarge(
            f"the body is larger than the {most:,} bytes this accepts", field="body"
        ) from None
    limit = request.max_content_length
    if limit is not None and request.content_length is None and len(data) >= limit:
        # A chunked body (no Content-Length) is cut at the limit by Werkzeug without a word:
        # one that reaches it is refused, never parsed half-read.
        raise PayloadTooLarge(
            f"the body is larger than the {limit:,} bytes this accepts", field="body"
        )
    if data and not request.is_json:
        raise UnsupportedMediaType(
            f"the body must be JSON, sent as Content-Type: application/json "
            f"(not {request.mimetype or 'without a type'})",
            field="Content-Type",
        )
    return data


def request_json(data: bytes, *, check_text: bool = True) -> Any:
    """`loads` of a request body, every refusal a 400 `invalid_json` (naming the field at
    fault when there is one)."""
    try:
        return loads(data, check_text=check_text)
    except InvalidJSON as exc:
        raise BadRequest(str(exc), field=exc.field, code="invalid_json") from None


class BoundedJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads(s, **kwargs)


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
