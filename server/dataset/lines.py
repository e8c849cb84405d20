"""Which line of a JSON text holds the value at a path such as ("outlets", 3, "country"), so
an error in a dataset file can name the line to fix. Pure: text in, line number out.

The text has already been parsed once (it is valid JSON), so a tokenizer that only finds
strings and brackets is enough; it runs on errors only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]|[^\s\[\]{}:,"]+')

Path = Sequence[int | str]


def line_of(text: str, path: Path) -> int | None:
    """The line (1-based) of the value at `path`, or of the deepest part of the path that
    exists (a missing field: its object's line). None when not even the top is found."""
    tokens = ((m.group(), m.start()) for m in _TOKEN.finditer(text))
    found = _descend(tokens, path)
    return None if found is None else text.count("\n", 0, found) + 1


def _descend(tokens: Iterator[tuple[str, int]], path: Path) -> int | None:
    first = next(tokens, None)
    if first is None:
        return None
    token, pos = first
    for step in path:
        child = _child(tokens, token, step)
        if child is None:
            return pos
        token, pos = child
    return pos


def _child(
    tokens: Iterator[tuple[str, int]], opener: str, step: int | str
) -> tuple[str, int] | None:
    """The first token of the member `step` of the container opened by `opener`."""
    if opener == "{" and isinstance(step, str):
        for token, _pos in tokens:
            if token == "}":
                return None
            if token == ",":
                continue
            key = json.loads(token)
            next(tokens, None)  # the colon
            value = next(tokens, None)
            if value is None:
                return None
            if key == step:
                return value
            _skip(tokens, value[0])
    if opener == "[" and isinstance(step, int):
        index = 0
        for token, pos in tokens:
            if token == "]":
                return None
            if token == ",":
                index += 1
                continue
            if index == step:
                return token, pos
            _skip(tokens, token)
    return None


def _skip(tokens: Iterator[tuple[str, int]], first: str) -> None:
    """Consume the rest of a value whose first token was `first`."""
    if first not in ("{", "["):
        return
    depth = 1
    for token, _pos in tokens:
        if token in ("{", "["):
            depth += 1
        elif token in ("}", "]"):
            depth -= 1
            if depth == 0:
                return
