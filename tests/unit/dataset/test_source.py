"""Errors of a (merged) dataset named by file, line and the path within that file."""

from __future__ import annotations

import json

from server.dataset.source import DatasetSource, part_of, split_path
from server.errors import Conflict, ValidationFailed


def _part(name: str, data: dict) -> object:
    return part_of(name, json.dumps(data, indent=1), data)


def _line(data: dict, text: str) -> int:
    lines = json.dumps(data, indent=1).splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


A = {"outlets": [{"slug": "a"}, {"slug": "b"}]}
B = {"entities": [{"slug": "e"}], "outlets": [{"slug": "c", "country": "XX"}]}
COUNTRY = _line(B, '"XX"')  # line 10
SECOND = _line(A, '"b"') - 1  # the second outlet's "{"


def test_a_merged_index_is_found_in_its_file():
    source = DatasetSource([_part("a.json", A), _part("b.json", B)])
    assert source.where("outlets[2].country") == ("b.json", "outlets[0].country", COUNTRY)
    assert source.where("outlets[1]") == ("a.json", "outlets[1]", SECOND)
    assert source.where("entities[0].slug")[:2] == ("b.json", "entities[0].slug")


def test_an_error_names_file_line_and_field_once():
    source = DatasetSource([_part("a.json", A), _part("b.json", B)])
    err = source.error(ValidationFailed("outlets[2].country: bad code", field="outlets[2].country"))
    assert isinstance(err, ValidationFailed)
    assert err.message == f"b.json: line {COUNTRY}: outlets[0].country: bad code"
    assert err.field == "outlets[0].country" and err.extra == {"file": "b.json", "line": COUNTRY}


def test_an_error_keeps_its_kind_and_a_message_without_the_path():
    source = DatasetSource([_part("a.json", A)])
    err = source.error(Conflict("domain x belongs to 'rt'", field="outlets[1]", extra={"k": 1}))
    assert isinstance(err, Conflict) and err.status == 409
    assert err.message == f"a.json: line {SECOND}: outlets[1]: domain x belongs to 'rt'"
    assert err.extra["k"] == 1


def test_an_error_without_a_field_names_the_file():
    err = DatasetSource([_part("a.json", A)]).error(Conflict("the change conflicts"))
    assert err.message == "a.json: the change conflicts"


def test_split_path():
    assert split_path("outlets[3].labels[0].citation") == ["outlets", 3, "labels", 0, "citation"]
    assert split_path("@graph[12]") == ["@graph", 12]
