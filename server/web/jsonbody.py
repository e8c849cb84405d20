"""Parsing JSON request bodies with the limits the rest of the server relies on: a body
nested deeper than MAX_DEPTH, with a lone surrogate (text no database or encoder accepts) or
an integer past 64 bits (no id column holds it) is refused as invalid JSON (ValueError).

`loads` serves `request.get_json()` (through the app's JSON provider) and the curation
views' own body parsing alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 64
INT64 = 2**63
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _int64(digits: str) -> int:
    value = int(digits)
    if not -INT64 <= value < INT64:
        raise ValueError(f"the number {digits[:30]} does not fit in 64 bits")
    return value


def _check_tree(value: Any) -> None:
    """Depth and surrogates, walked without recursion (the value may be deep)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise ValueError("the body contains a lone surrogate (\\ud800-\\udfff)")
            continue
        if not isinstance(node, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise ValueError(f"the body is nested deeper than {MAX_DEPTH} levels")
        items = list(node.items()) if isinstance(node, dict) else [(None, v) for v in node]
        for key, child in items:
            if key is not None:
                stack.append((key, depth + 1))
            stack.append((child, depth + 1))


_DECODER = json.JSONDecoder(parse_int=_int64)


def loads(data: bytes | str, **kwargs: Any) -> Any:
    """json.loads with the limits above; every refusal is a ValueError."""
    if isinstance(data, bytes):
        # As json.loads detects it (UTF-8, -16 or -32), but strict: surrogates do not decode.
        text = data.decode(json.detect_encoding(data))
        may_have_surrogates = False
    else:
        text = data
        may_have_surrogates = not text.isascii() and _SURROGATE.search(text) is not None
    try:
        if kwargs:
            value = json.loads(text, **{"parse_int": _int64, **kwargs})
        else:
            value = _DECODER.decode(text)
    except RecursionError:
        raise ValueError(f"the body is nested deeper than {MAX_DEPTH} levels") from None
    # Both checks need a walk; these cheap tests on the text skip it for ordinary bodies.
    deep = text.count("[") + text.count("{") > MAX_DEPTH
    if deep or may_have_surrogates or _SURROGATE_ESCAPE.search(text):
        _check_tree(value)
    return value


class BoundedJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads(s, **kwargs)


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
