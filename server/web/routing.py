"""URL converters: `<int:...>` path ids are database ids, so an id no column can hold is a 404
at routing time and never reaches a query (SQLite overflows past 2**63 - 1, PostgreSQL's
integer columns past 2**31 - 1)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # the largest value of the integer id columns


class IdConverter(IntegerConverter):
    """`int` with the bounds of an id: 1 to MAX_ID unless a rule says otherwise."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    # Before any blueprint: a rule takes its converter when it is added to the map.
    app.url_map.converters["int"] = IdConverter
