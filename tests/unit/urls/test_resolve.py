"""server.urls.resolve and unwrap: the shared vectors, the contract, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server import urls
from server.urls import InvalidURL, Resolved, Via, canonicalize, fold_variants, resolve, unwrap
from server.urls.rules import INVISIBLE, KINDS, UNWRAP_RULES
from server.urls.unwrap import MAX_DEPTH, with_scheme

from .helpers import PROPERTY_SETTINGS, RESOLVE_VECTORS, TEMPLATES, articles, wrap

RT = "https://rt.com/news/398374-russia-syria-losses-reuters"


def _id(case: dict) -> str:
    text = case["input"]
    return repr(text if len(text) <= 70 else text[:67] + "...")


# --------------------------------------------------------------------------- shared vectors


def test_vector_file_shape():
    inputs = [case["input"] for case in RESOLVE_VECTORS]
    assert len(inputs) == len(set(inputs)), "duplicate inputs"
    for case in RESOLVE_VECTORS:
        keys = set(case) - {"rule", "depth_bound"}
        assert keys in ({"input", "canonical", "folded", "via"}, {"input", "error"}), case
        if case.get("via"):
            assert set(case["via"]) == {"kind", "host", "captured"}
            assert case["via"]["kind"] in KINDS


def test_every_rule_and_kind_has_vectors():
    rules = {case.get("rule") for case in RESOLVE_VECTORS}
    assert {r.id for r in UNWRAP_RULES} <= rules, "an unwrap rule without a vector"
    for kind in KINDS:
        reached = [c for c in RESOLVE_VECTORS if (c.get("via") or {}).get("kind") == kind]
        assert len(reached) >= 3, kind
        kind_rules = {r.id for r in UNWRAP_RULES if r.kind == kind}
        refused = [c for c in RESOLVE_VECTORS if c.get("rule") in kind_rules and not c["via"]]
        assert refused, f"no vector where a {kind} wrapper's target is refused"


@pytest.mark.parametrize("case", RESOLVE_VECTORS, ids=_id)
def test_vector(case):
    if "error" in case:
        with pytest.raises(InvalidURL) as info:
            resolve(case["input"])
        assert info.value.code == case["error"]
        return
    result = resolve(case["input"])
    assert result.canonical == case["canonical"]
    assert fold_variants(result.canonical) == case["folded"]
    assert (result.via.as_dict() if result.via else None) == case["via"]
    if not case.get("depth_bound"):  # past MAX_DEPTH layers what is left stays wrapped
        assert resolve(result.canonical) == (result.canonical, None), "resolve is idempotent"
    unwrapped = unwrap(case["input"])
    try:
        canonicalize(case["input"])
    except InvalidURL:  # unwrap does not default the scheme: only resolve does
        assert unwrapped == (case["input"], None)
        return
    assert canonicalize(unwrapped.target) == case["canonical"]
    assert unwrapped.via == result.via


# --------------------------------------------------------------------------- the issue's inputs


@pytest.mark.parametrize(
    "raw",
    [
        "https://web.archive.org/web/20170802120000/https://www.rt.com/news/398374-russia-syria-losses-reuters/",
        "https://archive.ph/2017.08.02-120000/https://www.rt.com/news/398374-russia-syria-losses-reuters/",
        "https://www.google.com/amp/s/www.rt.com/news/398374-russia-syria-losses-reuters/amp/",
        "https://www-rt-com.cdn.ampproject.org/c/s/www.rt.com/news/398374-russia-syria-losses-reuters/",
        "https://www.rt.com/news/398374-russia-syria-losses-reuters/?outputType=amp/",
        "https://www-rt-com.translate.goog/news/398374-russia-syria-losses-reuters/?_x_tr_sl=en&_x_tr_tl=de&_x_tr_hl=de",
        "https://via.hypothes.is/https://www.rt.com/news/398374-russia-syria-losses-reuters/",
        "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.rt.com%2Fnews%2F398374-russia-syria-losses-reuters%2F&h=AT0",
        "https://www.google.com/url?q=https://www.rt.com/news/398374-russia-syria-losses-reuters/&sa=U",
        "https://out.reddit.com/t3_6r1abc?url=https%3A%2F%2Fwww.rt.com%2Fnews%2F398374-russia-syria-losses-reuters%2F&token=AQ",
        "rt.com/news/398374-russia-syria-losses-reuters",
        "\ufeffhttps://www.rt.com/news/398374-russia-syria-losses-reuters/",
    ],
)  # fmt: skip
def test_issue_inputs_give_the_rt_article(raw):
    assert fold_variants(resolve(raw).canonical) == RT


def test_wayback_answer_says_how():
    raw = "https://web.archive.org/web/20170802120000/https://www.rt.com/news/398374-russia-syria-losses-reuters/"
    assert resolve(raw).via.as_dict() == {
        "kind": "archive",
        "host": "web.archive.org",
        "captured": "2017-08-02",
    }


def test_scheme_less_dataset_address():
    assert resolve("www.cnn.com/2017/09/13/politics/story/index.html") == (
        "https://cnn.com/2017/09/13/politics/story",
        None,
    )


# --------------------------------------------------------------------------- contract


def test_types_and_exports():
    result = resolve("https://archive.ph/newest/https://rt.com/a")
    assert isinstance(result, Resolved) and isinstance(result.via, Via)
    canonical, via = result
    assert canonical == "https://rt.com/a" and via.kind == "archive"
    assert unwrap("not a url") == ("not a url", None)
    for name in ("resolve", "unwrap", "Via", "Unwrapped", "Resolved", "front_door"):
        assert name in urls.__all__


@pytest.mark.parametrize("value", [None, 42, b"https://rt.com/"])
def test_resolve_refuses_non_strings_like_canonicalize(value):
    with pytest.raises(InvalidURL) as info:
        resolve(value)
    with pytest.raises(InvalidURL) as expected:
        canonicalize(value)
    assert info.value.code == expected.value.code


@pytest.mark.parametrize("char", sorted(INVISIBLE))
def test_invisible_character_inside_is_named(char):
    with pytest.raises(InvalidURL) as info:
        resolve(f"https://rt.com/news/1{char}2")
    assert info.value.code == "malformed"
    assert f"U+{ord(char):04X} {INVISIBLE[char]}" in info.value.message
    assert "position 22" in info.value.message  # after the 21 characters of https://rt.com/news/1
    # at either end it is only trimmed
    assert resolve(f"{char}https://rt.com/news/1{char}").canonical == "https://rt.com/news/1"
    assert canonicalize(f"{char} https://rt.com/news/1 {char}") == "https://rt.com/news/1"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("hello", "unsupported_scheme"), ("mailto:a@b.org", "unsupported_scheme"),
     ("ftp://b.org/x", "unsupported_scheme"), ("https:///x", "no_host"), ("\u200b", "empty"),
     ("rt.com:99999/x", "bad_port")],
)  # fmt: skip
def test_front_door_errors(raw, code):
    with pytest.raises(InvalidURL) as info:
        resolve(raw)
    assert info.value.code == code


def test_depth_is_bounded():
    url = "https://rt.com/a"
    for depth in range(1, MAX_DEPTH + 2):
        url = wrap("https://www.google.com/url?q={enc}", url)
        left = resolve(url).canonical
        assert (left == "https://rt.com/a") == (depth <= MAX_DEPTH)
    assert left == "https://google.com/url?q=https%3A%2F%2Frt.com%2Fa"


# --------------------------------------------------------------------------- properties

_forms = st.sampled_from([(rule, form) for rule, forms in TEMPLATES.items() for form in forms])
_kinds = {r.id: r.kind for r in UNWRAP_RULES}


def test_every_rule_has_a_template():
    assert set(TEMPLATES) == set(_kinds)


@PROPERTY_SETTINGS
@given(articles(), _forms)
def test_any_wrapped_article_resolves_to_the_article(article, form):
    rule, template = form
    result = resolve(wrap(template, article))
    assert result.canonical == canonicalize(article)
    assert result.via is not None and result.via.kind == _kinds[rule]


@PROPERTY_SETTINGS
@given(articles(), _forms, _forms)
def test_nested_wrappers_unwrap_and_report_the_outermost_copy(article, outer, inner):
    result = resolve(wrap(outer[1], wrap(inner[1], article)))
    assert result.canonical == canonicalize(article)
    kinds = [_kinds[outer[0]], _kinds[inner[0]]]
    expected = next((k for k in kinds if k != "redirect"), "redirect")
    assert result.via is not None and result.via.kind == expected


@PROPERTY_SETTINGS
@given(articles())
def test_scheme_less_articles_read_as_https(article):
    bare = article.partition("://")[2]
    assert resolve(bare).canonical == canonicalize(article)
    assert resolve("//" + bare).canonical == canonicalize(article)


@PROPERTY_SETTINGS
@given(st.text(max_size=300) | articles() | _forms.map(lambda f: f[1]))
def test_resolve_only_raises_invalid_url_and_unwrap_never_raises(raw):
    unwrapped = unwrap(raw)
    assert isinstance(unwrapped.target, str)
    try:
        canonical, via = resolve(raw)
    except InvalidURL as exc:
        assert exc.code in urls.ERROR_CODES and exc.message
        return
    assert canonicalize(canonical) == canonical
    assert via is None or via.kind in KINDS


@pytest.mark.parametrize(
    ("text", "schemeless", "expected"),
    [("rt.com/a", True, "https://rt.com/a"), ("//rt.com/a", True, "https://rt.com/a"),
     ("https:/rt.com/a", True, "https://rt.com/a"), ("HTTP:rt.com", True, "HTTP://rt.com"),
     ("localhost:5000", True, "https://localhost:5000"), ("[::1]/x", True, "https://[::1]/x"),
     ("rt.com/a", False, None), ("ftp://rt.com", True, "ftp://rt.com"),
     ("javascript:alert(1)", True, "javascript:alert(1)"), ("hello", True, None),
     ("https:///x", True, "https:///x")],
)  # fmt: skip
def test_with_scheme(text, schemeless, expected):
    # the same cases as extension/test/unit/hosts.test.js
    assert with_scheme(text, schemeless) == expected
