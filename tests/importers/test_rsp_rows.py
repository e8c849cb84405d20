"""Reading Wikipedia's perennial-sources list (pure): status, year and domains only."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.errors import ValidationFailed
from server.importers.rsp_rows import STATUS, extract_of, read_csv_sources, read_sources


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


CSV_HEAD = "id,name,status,status_n,wiki_url,urls,urls_n,info\n"


def csv_row(name: str, status: str, urls: str, info: str = "Summary.") -> str:
    quote = lambda v: '"' + v.replace('"', '""') + '"'  # noqa: E731
    return f"1,{quote(name)},{quote(status)},1,https://x.example,{quote(urls)},1,{quote(info)}\n"


def test_the_csv_gives_status_blacklisting_and_domains_with_their_lines():
    text = (
        CSV_HEAD
        + csv_row("RT (Russia Today)", '["Deprecated"]', '["www.rt.com", "www.rt.com/on-air"]')
        + csv_row("Multi", '["Generally reliable"]', '["a.example"]', "two\nlines\r\nthree")
        + csv_row("Lenta.ru", '["Blacklisted", "Deprecated"]', '["lenta.ru/?x=1#y"]')
        + csv_row("Odd", '["Wikipedia:Reliable sources/Noticeboard"]', '["odd.example"]')
        + csv_row("Wiki", '["No consensus"]', '["www.wikidata.org/wiki/q1#p856", "w.example"]')
    )
    sources, notes = read_csv_sources(text)
    assert [(s.line, s.name, s.status, s.year) for s in sources] == [
        (2, "RT (Russia Today)", "d", None),
        (3, "Multi", "gr", None),
        (6, "Lenta.ru", "d", None),
        (8, "Wiki", "nc", None),
    ]
    rt, _multi, lenta, wiki = sources
    assert rt.domains == [("rt.com", ""), ("rt.com", "/on-air")]
    assert rt.text == "RT (Russia Today): deprecated"
    assert lenta.domains == [("lenta.ru", "")] and lenta.blacklisted
    assert lenta.text == "Lenta.ru: deprecated, blacklisted"
    assert wiki.domains == [("w.example", "")]
    assert wiki.left_out == ["www.wikidata.org/wiki/q1#p856"]
    assert notes == [
        "line 7: Odd: status ['wikipedia:reliable sources/noticeboard'] is not one RSP status"
    ]
    assert "Summary" not in repr(sources)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("name,urls\n", "line 1: missing column(s) 'status'"),
        (CSV_HEAD + csv_row("", '["Deprecated"]', "[]"), "line 2: name: this cell is empty"),
        (CSV_HEAD + csv_row("X", "[Deprecated", "[]"), "line 2: status: not a JSON array"),
        (CSV_HEAD + csv_row("X", '["Deprecated"]', '{"a": 1}'), "line 2: urls: expected a JSON"),
        (CSV_HEAD + csv_row("X", '["Deprecated"]', '["a b.example"]'), "line 2: domain"),
    ],
)
def test_a_bad_csv_line_is_named(text, message):
    with pytest.raises(ValidationFailed, match=re.escape(message)):
        read_csv_sources(text)


def test_which_extract_a_file_is():
    assert extract_of("\n" + line()) == "audiodude"
    assert extract_of(CSV_HEAD) == "kudusch"


def test_a_copied_anchor_falls_back_to_the_linked_name():
    text = "\n".join(
        [
            line(id="Asian_News_International", name="Asian News International"),
            line(id="Asian News International", name="Australian Strategic Policy Institute"),
        ]
    )
    assert [s.name for s in read_sources(text)] == [
        "Asian News International",
        "Australian Strategic Policy Institute",
    ]


@given(
    st.lists(
        st.sampled_from(
            ["Generally reliable", "No consensus", "Deprecated", "Blacklisted", "Other"]
        ),
        max_size=4,
    )
)
def test_a_csv_row_is_read_only_with_exactly_one_status(words):
    text = CSV_HEAD + csv_row("X", json.dumps(words), '["x.example"]')
    sources, notes = read_csv_sources(text)
    statuses = {w for w in words if w not in ("Blacklisted", "Other")}
    assert len(sources) + len(notes) == 1
    assert bool(sources) == (len(statuses) == 1 and len([w for w in words if w in statuses]) == 1)
    if sources:
        assert sources[0].blacklisted == ("Blacklisted" in words)
