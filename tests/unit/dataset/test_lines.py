"""Finding the line of a value in a JSON text by its path."""

from __future__ import annotations

import json

from server.dataset.lines import line_of

TEXT = json.dumps(
    {
        "entities": [{"slug": "a", "relations": []}],
        "outlets": [
            {"slug": "rt", "name": "RT", "domains": [{"host": "rt.com"}, {"host": 'x\\"]}'}]},
            {"slug": "bbc", "country": "XX", "labels": [{"kind": "sanctioned"}]},
        ],
    },
    indent=1,
)
LINES = TEXT.splitlines()


def line_with(text: str) -> int:
    return next(n for n, line in enumerate(LINES, 1) if text in line)


def test_the_line_of_a_nested_value():
    assert line_of(TEXT, ["outlets", 1, "country"]) == line_with('"country": "XX"')
    assert line_of(TEXT, ["outlets", 0, "domains", 1, "host"]) == line_with('"x\\\\\\"]}"')


def test_strings_with_brackets_and_escapes_do_not_confuse_it():
    assert line_of(TEXT, ["outlets", 1, "slug"]) == line_with('"slug": "bbc"')


def test_a_missing_field_points_at_its_object():
    label = line_of(TEXT, ["outlets", 1, "labels", 0])
    assert line_of(TEXT, ["outlets", 1, "labels", 0, "citation"]) == label
    assert LINES[label - 1].strip() == "{"


def test_an_index_past_the_end_points_at_the_list():
    assert line_of(TEXT, ["outlets", 7, "slug"]) == line_with('"outlets": [')


def test_the_top_level_and_an_empty_text():
    assert line_of(TEXT, []) == 1
    assert line_of("", ["outlets"]) is None
