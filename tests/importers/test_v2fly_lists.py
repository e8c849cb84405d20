"""Reading v2fly lists (pure): rule types, attributes, sections, include trees; and which
hosts are not news hosts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.errors import ValidationFailed
from server.importers.host_kinds import non_news_reason
from server.importers.v2fly_lists import read_list, read_tree

LISTS = {
    "top": "include:a\ninclude:b @cn\ninclude:c @-ads\n",
    "a": "# intro\na.example\n\n## Edition\nfull:www.A.example # comment\n",
    "b": "b1.example @cn\nb2.example\n",
    "c": "c1.example @ads\nc2.example\ninclude:a\n",
}


def test_sections_attributes_and_types():
    groups = read_list("a", LISTS["a"])
    assert [(g.heading, g.line) for g in groups] == [("intro", 1), ("Edition", 4)]
    entry = groups[1].entries[0]
    assert (entry.type, entry.value, entry.line) == ("full", "a.example", 5)
    (entry,) = read_list("b", "x.example @cn &org\n")[0].entries
    assert entry.attrs == frozenset({"cn"})


def test_a_tree_reads_each_list_once_with_its_include_filter():
    groups = read_tree("top", LISTS.get)
    hosts = [(g.list_name, e.value) for g in groups for e in g.entries]
    assert hosts == [
        ("a", "a.example"),
        ("a", "a.example"),
        ("b", "b1.example"),
        ("c", "c2.example"),
    ]


def test_a_cycle_is_read_once():
    lists = {"x": "include:y\nx.example\n", "y": "include:x\ny.example\n"}
    assert [e.value for g in read_tree("x", lists.get) for e in g.entries] == [
        "x.example",
        "y.example",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("wat:x.example\n", "line 1: unknown rule type"), ("\n\ninclude:Bad Name\n", "line 3")],
)
def test_bad_lines(text, message):
    with pytest.raises(ValidationFailed, match=message):
        read_list("l", text)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("vod-dash-uk-live.akamaized.net", "cdn"),
        ("36krcdn.com", "cdn"),
        ("cbsistatic.com", "static"),
        ("forbesimg.com", "static"),
        ("guardianapis.com", "api"),
        ("shop-rt.com", "shop"),
        ("wsjshop.com", "shop"),
        ("nyti.ms", "short link"),
        ("ads.sohu.com", "ads"),
        ("bbc", "public suffix"),
        ("asahishimbun.sc.omtrdc.net", "cdn"),
        ("theguardiandns.com", "infrastructure"),
        ("dev-theguardian.com", "infrastructure"),
        ("rt.com", None),
        ("rtde.world", None),
        ("actualidad-rt.com", None),
        ("sputnikglobe.com", None),
        ("rt.rs", None),
    ],
)
def test_non_news_hosts(host, reason):
    assert non_news_reason(host) == reason


@given(st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,10}){0,2}\.com", fullmatch=True))
def test_an_ads_attribute_always_marks_the_host(host):
    assert non_news_reason(host, frozenset({"ads"})) == "ads"
