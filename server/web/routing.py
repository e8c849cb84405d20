"""URL converters: `<int:...>` path ids are database ids, so an id no column can hold is a 404
at routing time and never reaches a query (SQLite overflows past 2**63 - 1, PostgreSQL's
integer columns past 2**31 - 1)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from ..models.base import MAX_ID

__all__ = ["MAX_ID", "IdConverter", "digits_up_to", "init_app"]


def digits_up_to(most: int) -> str:
    """A regular expression matching the decimal numbers 1 to `most`, without leading zeros."""
    top = str(most)
    options = [rf"[1-9]\d{{0,{len(top) - 2}}}"] if len(top) > 1 else []
    for i, digit in enumerate(top):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(top) - i - 1
            options.append(
                f"{top[:i]}[{low}-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else "")
            )
    options.append(top)
    return "(?:" + "|".join(options) + ")"


class IdConverter(IntegerConverter):
    """`int` matching only 1 to MAX_ID.

    The bound is in the pattern, not only in `to_python`: werkzeug answers 405 instead of 404
    when a rule for another method matches the path text but its converter refuses the value.
    """

    regex = digits_up_to(MAX_ID)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    # Before any blueprint: a rule takes its converter when it is added to the map.
    app.url_map.converters["int"] = IdConverter
