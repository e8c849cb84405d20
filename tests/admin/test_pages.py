"""Read pages on the seeded data: the outlet list (search and filters), the outlet page
(domains, ownership tree, labels, sources, articles and report links, history), escaping."""

from __future__ import annotations

import re

import pytest

from server import db
from server.admin.diff import revision_rows, word_diff
from server.admin.ownership_tree import ownership_tree
from server.curation import Actor, Curator
from server.models import Revision

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def signed_in(seeded, editor):  # type: ignore[no-untyped-def]
    return editor


def names_in_list(html: str) -> list[str]:
    return re.findall(r'<td><a href="/admin/outlets/[^"]+">([^<]+)</a></td>', html)


def test_outlet_list_searches_names_and_domains(signed_in) -> None:
    first = signed_in.text("/admin/outlets")
    assert len(names_in_list(first)) == 50 and "showing 1\u201350" in first
    second = names_in_list(signed_in.text("/admin/outlets?offset=50"))
    assert second and not set(second) & set(names_in_list(first))
    by_domain = names_in_list(signed_in.text("/admin/outlets?q=actualidad.rt.com"))
    assert by_domain == ["RT"]
    by_name = names_in_list(signed_in.text("/admin/outlets?q=sputnik"))
    assert any("Sputnik" in n for n in by_name)


def test_outlet_list_filters_by_country_and_kind(signed_in) -> None:
    html = signed_in.text("/admin/outlets?country=RU&kind=state_controlled")
    names = names_in_list(html)
    assert "RT" in names
    assert "BBC" not in " ".join(names)
    public = names_in_list(signed_in.text("/admin/outlets?kind=public_service"))
    assert "RT" not in public and public


def test_outlet_list_says_what_is_wrong_with_a_filter(signed_in) -> None:
    resp = signed_in.get("/admin/outlets?country=Russia")
    assert resp.status_code == 400
    assert "ISO 3166" in resp.get_data(as_text=True)


def test_outlet_page_shows_the_whole_record(signed_in) -> None:
    html = signed_in.text("/admin/outlets/rt")
    for text in (
        "de.rt.com",
        "swentr.site",  # a mirror
        "ANO TV-Novosti",
        "Government of the Russian Federation",
        "ultimate owner",
        "Council of the European Union",  # a label's issuer
        "Sources",
        "Russian defense ministry slams Reuters report",  # the reference article
        "disputes",
        "History",
    ):
        assert text in html, text
    # The tree nests the funder under the operator.
    tree = html[html.index('class="owntree"') : html.index("Ultimate owners")]
    assert tree.index("ANO TV-Novosti") < tree.index("Government of the Russian Federation")
    assert tree.count("<ul>") >= 2


def test_unknown_outlet_is_a_404_page(signed_in) -> None:
    resp = signed_in.get("/admin/outlets/no-such-outlet")
    assert resp.status_code == 404
    assert "no outlet" in resp.get_data(as_text=True)


def test_html_in_data_is_escaped_everywhere(app, signed_in) -> None:
    with app.app_context(), Curator(db.session(), Actor(None, XSS), comment=XSS) as cur:
        cur.outlets.create(
            {
                "slug": "xss-test",
                "name": XSS,
                "description": XSS,
                "other_names": [XSS],
                "domains": [{"host": "xss-test.example"}],
                "labels": [
                    {
                        "kind": "platform_label",
                        "issuer": XSS,
                        "text": XSS,
                        "as_of": "2024-01-01",
                        "citation": {"url": "https://example.com/x", "title": XSS},
                    }
                ],
            }
        )
    for path in (
        "/admin/outlets?q=xss",
        "/admin/outlets/xss-test",
        "/admin/outlets/xss-test/edit",
        "/admin/outlets/xss-test/history",
        "/admin/history",
    ):
        html = signed_in.text(path)
        assert XSS not in html, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, path


def test_ownership_tree_merges_shared_owners() -> None:
    def edge(slug: str, kind: str = "owned_by", share: float | None = None) -> dict:
        return {
            "kind": kind,
            "object": {"slug": slug, "name": slug.upper(), "kind": "company", "country": None},
            "share": share,
            "since": None,
            "until": None,
            "as_of": "2024-01-01",
            "citation": {"url": "https://example.com"},
        }

    ownership = {
        "paths": [
            [edge("holding", share=51), edge("state")],
            [edge("holding", share=51), edge("fund"), edge("person")],
            [edge("other", share=49)],
        ]
    }
    roots = ownership_tree(ownership)
    assert [n.slug for n in roots] == ["holding", "other"]
    holding = roots[0]
    assert holding.share == 51 and not holding.ultimate
    assert [n.slug for n in holding.children] == ["state", "fund"]
    assert holding.children[0].ultimate
    assert holding.children[1].children[0].slug == "person"
    assert roots[1].ultimate


def test_revision_diff_lists_only_changed_fields_and_diffs_long_text() -> None:
    long_before = "RT is a Russian state-funded international television network " * 2
    long_after = long_before.replace("international", "global")
    rev = Revision(
        record_type="outlet",
        record_id=1,
        version=2,
        action="update",
        actor="erin",
        before={"id": 1, "version": 1, "name": "RT", "country": "RU", "description": long_before},
        after={"id": 1, "version": 2, "name": "RT.com", "country": "RU", "description": long_after},
    )
    view = revision_rows(rev)
    assert [c.name for c in view.changes] == ["name", "description"]
    assert view.changes[0].before == "RT" and view.changes[0].after == "RT.com"
    words = view.changes[1].words
    assert words is not None
    assert {s.text for s in words if s.op == "del"} == {"international"}
    assert {s.text for s in words if s.op == "ins"} == {"global"}


def test_word_diff_keeps_the_text_in_order() -> None:
    segments = word_diff("a b c d", "a x c d e")
    assert "".join(s.text for s in segments if s.op != "del") == "a x c d e"
    assert "".join(s.text for s in segments if s.op != "ins") == "a b c d"
