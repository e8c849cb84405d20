"""Reading Wikipedia's perennial-sources list (pure): status, year and domains only."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.errors import ValidationFailed
from server.importers.rsp_rows import STATUS, read_sources


def line(**row: object) -> str:
    base = {"name": "Example News", "status": "gr", "rsp_last": "2024", "alltext": ""}
    return json.dumps({**base, **row})


def test_domains_status_and_year_never_the_summary():
    text = line(
        alltext="| {{WP:RSPUSES|example.com|www.example.org/en/|https://x.example/a}}",
        summary="Editors say many things here.",
    )
    (source,) = read_sources(text)
    assert source.domains == [("example.com", ""), ("example.org", "/en"), ("x.example", "/a")]
    assert source.text == "Example News: generally reliable (last discussed 2024)"
    assert "Editors" not in repr(source)


def test_the_domain_field_is_used_without_a_template_and_public_suffixes_are_left_out():
    text = "\n".join(
        [
            line(domain="example.net", rsp_last=None),
            "",
            line(alltext="{{WP:RSPUSES|blogspot.com|news.example}}"),
        ]
    )
    first, second = read_sources(text)
    assert (first.domains, first.year, first.line) == ([("example.net", "")], None, 1)
    assert (second.domains, second.left_out, second.line) == (
        [("news.example", "")],
        ["blogspot.com"],
        3,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "line 1: not valid JSON"),
        ("[1]", "line 1: expected a JSON object"),
        (line(name=""), "line 1: name"),
        (line(status="x"), "line 1: status: unknown code 'x'"),
        (line(alltext="{{WP:RSPUSES|exa mple.com}}"), "line 1: domain 'exa mple.com'"),
    ],
)
def test_a_bad_line_is_named(text, message):
    with pytest.raises(ValidationFailed, match=message):
        read_sources(text)


@given(st.sampled_from(sorted(STATUS)), st.one_of(st.none(), st.integers(1900, 2099)))
def test_the_label_text_says_status_and_year(status, year):
    (source,) = read_sources(line(status=status, rsp_last=str(year) if year else None))
    assert STATUS[status] in source.text
    assert (str(year) in source.text) == (year is not None)
