"""Article keys (server.matching.identify): a domain rule's path folds, AMP/mobile folding,
the shared vectors the extension runs too, the extension's DomainIndex against the server on
generated indexes and addresses, and the checks a path fold passes when stored."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from server import fields, urls
from server.matching import (
    MAX_ROUNDS,
    DomainIndex,
    PathFold,
    Rule,
    _may_fold,
    fold_path,
    identify,
    path_folds_of,
)

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "article_keys.json").read_text("utf-8")
)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)
CNN_AMP = (
    "https://amp.cnn.com/cnn/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl/index.html"
)
CNN_KEY = "https://cnn.com/2023/06/19/europe/titanic-shipwreck-vessel-missing-intl"


def index_of_document(doc: dict[str, Any]) -> DomainIndex:
    """A DomainIndex from the domain index document, read as the extension reads it: [host,
    prefix, outlet position], a 0 when the rule does not fold AMP/mobile variants, then the
    path folds. The outlet id is the outlet's position."""
    rules = []
    for i, r in enumerate(doc["rules"]):
        folds = tuple(PathFold(p, q) for p, q in (r[4] if len(r) > 4 else ()))
        rules.append(Rule(r[0], r[1], r[2], "primary", not (len(r) > 3 and r[3] == 0), i, folds))
    return DomainIndex(rules)


def rule(
    host: str, folds: tuple[tuple[str, str], ...] = (), fold: bool = True, oid: int = 1
) -> Rule:
    return Rule(host, "", oid, "primary", fold, oid, tuple(PathFold(*f) for f in folds))


# --------------------------------------------------------------------------- shared vectors


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["why"][:60])
def test_shared_vector_gives_the_outlet_and_the_article_key(case):
    index = index_of_document(VECTORS["index"])
    outlets = VECTORS["index"]["outlets"]
    resolved = urls.resolve(case["input"])
    key, matched = identify(index, resolved.canonical)
    assert key == case["key"]
    assert (outlets[matched.outlet_id]["slug"] if matched else None) == case["outlet"]
    assert (resolved.via.as_dict() if resolved.via else None) == case["via"]
    assert identify(index, key)[0] == key  # a key is its own key


def test_the_issue_cnn_amp_page_keys_like_the_main_site():
    index = DomainIndex([rule("amp.cnn.com", (("/cnn", ""),)), rule("cnn.com")])
    main = urls.canonicalize(CNN_AMP.replace("amp.cnn.com/cnn", "www.cnn.com"))
    assert identify(index, urls.canonicalize(CNN_AMP)) == (CNN_KEY, index.match_url(main))
    assert identify(index, main)[0] == CNN_KEY


# --------------------------------------------------------------------------- fold_path


@pytest.mark.parametrize(
    ("url", "folded"),
    [
        ("https://amp.cnn.com/cnn/2023/x", "https://amp.cnn.com/2023/x"),
        ("https://amp.cnn.com/CNN/2023/x", "https://amp.cnn.com/2023/x"),
        ("https://amp.cnn.com/cnn", "https://amp.cnn.com/"),
        ("https://amp.cnn.com/cnnx/2023", "https://amp.cnn.com/cnnx/2023"),
        ("https://amp.cnn.com/x/cnn/2023", "https://amp.cnn.com/x/cnn/2023"),
        ("https://amp.cnn.com:8443/cnn/a?b=1", "https://amp.cnn.com:8443/a?b=1"),
        ("https://amp.cnn.com/news/amp/n1", "https://amp.cnn.com/news/n1"),
        ("https://amp.cnn.com/news/ampx/n1", "https://amp.cnn.com/n/ampx/n1"),
        ("https://amp.cnn.com/newsx/n1", "https://amp.cnn.com/newsx/n1"),
    ],
)
def test_fold_path_replaces_the_longest_prefix_on_a_slash_boundary(url, folded):
    folds = (PathFold("/cnn", ""), PathFold("/news/amp", "/news"), PathFold("/news", "/n"))
    assert fold_path(url, folds) == folded


def test_fold_path_keeps_the_replacement_case_and_gives_a_canonical_url():
    assert fold_path("https://a.example/print/1", (PathFold("/print", "/Story"),)) == (
        "https://a.example/Story/1"
    )
    assert fold_path("https://a.example/p", (PathFold("/p", ""),)) == "https://a.example/"


# --------------------------------------------------------------------------- identify


def test_path_folds_apply_even_when_amp_variants_are_not_folded():
    index = DomainIndex([rule("m.daily.example", (("/print", "/story"),), fold=False)])
    url = "https://m.daily.example/print/1"
    assert identify(index, url)[0] == "https://m.daily.example/story/1"


def test_folds_of_the_rule_matched_after_folding_apply_too():
    index = DomainIndex(
        [
            rule("amp.example.com", (("/edition", ""),), oid=1),
            rule("example.com", (("/news/amp", "/news"),), oid=2),
        ]
    )
    key, matched = identify(index, "https://amp.example.com/edition/news/amp/1")
    assert key == "https://example.com/news/1" and matched is not None and matched.outlet_id == 2


def test_a_fold_cycle_across_rules_of_one_host_stops_after_max_rounds():
    index = DomainIndex(
        [
            Rule("loop.example", "", 1, "primary", True, 1, (PathFold("/a", "/x/a"),)),
            Rule("loop.example", "/x", 2, "primary", True, 2, (PathFold("/x/a", "/a"),)),
        ]
    )
    key, matched = identify(index, "https://loop.example/a/1")
    assert key in ("https://loop.example/a/1", "https://loop.example/x/a/1")
    assert matched is not None and MAX_ROUNDS >= 2


def test_a_url_of_no_rule_is_its_own_key():
    index = DomainIndex([rule("amp.cnn.com", (("/cnn", ""),))])
    assert identify(index, "https://example.org/cnn/1") == ("https://example.org/cnn/1", None)


@pytest.mark.parametrize(
    ("canonical", "may"),
    [
        ("https://daily.org/a", False),  # ("news.example" has an "amp" in it)
        ("https://www.daily.org/a", True),
        ("https://m.daily.org/a", True),
        ("https://mobile.daily.org/a", True),
        ("https://daily.org/amp/a", True),
        ("https://daily.org/a?outputType=AMP", True),
    ],
)
def test_folding_is_skipped_only_when_it_cannot_change_the_url(canonical, may):
    assert _may_fold(canonical) is may


def test_stored_path_folds_are_read_from_json_text_or_lists():
    assert path_folds_of("[]") == () and path_folds_of(None) == () and path_folds_of([]) == ()
    stored = [{"prefix": "/cnn", "replacement": ""}]
    assert path_folds_of(stored) == (PathFold("/cnn", ""),)
    assert path_folds_of(json.dumps(stored)) == (PathFold("/cnn", ""),)


# --------------------------------------------------------------------------- properties

segment = st.sampled_from(["a", "b", "cnn", "amp", "news", "x1", "Print"])
path_of = st.lists(segment, min_size=1, max_size=3).map(lambda s: "/" + "/".join(s))
fold_sets = st.lists(st.tuples(path_of, st.one_of(st.just(""), path_of)), max_size=4)
hosts = st.sampled_from(["amp.site.example", "m.site.example", "site.example", "other.example"])
queries = st.sampled_from(["", "?page=2", "?outputType=amp", "?amp=1&b=2"])


def _valid(folds: list[tuple[str, str]]) -> tuple[PathFold, ...] | None:
    items = [{"prefix": p.lower(), "replacement": q} for p, q in folds]
    try:
        fields.check_path_folds(items)  # type: ignore[arg-type]
    except ValueError:
        return None
    return tuple(PathFold(i["prefix"], i["replacement"]) for i in items)


@PROPERTY_SETTINGS
@given(fold_sets, fold_sets, st.booleans(), hosts, st.lists(segment, max_size=5), queries)
@example([], [("/b", "/amp/b/a")], True, "amp.site.example", ["b"], "")  # an AMP replacement
def test_an_article_key_is_its_own_key(folds_a, folds_b, fold, host, segments, query):
    """One rule per host with folds that pass the stored-value check: identifying a key
    gives the key back, so an article stored under it is found again."""
    a, b = _valid(folds_a), _valid(folds_b)
    if a is None or b is None:
        return
    index = DomainIndex(
        [
            Rule("amp.site.example", "", 1, "primary", fold, 1, a),
            Rule("site.example", "", 2, "primary", True, 2, b),
        ]
    )
    url = urls.canonicalize(f"https://{host}/{'/'.join(segments)}{query}")
    key, _ = identify(index, url)
    assert urls.canonicalize(key) == key
    assert identify(index, key)[0] == key


@PROPERTY_SETTINGS
@given(fold_sets, hosts, st.lists(segment, max_size=5), queries)
def test_path_folds_change_only_the_path(folds, host, segments, query):
    checked = _valid(folds)
    if checked is None:
        return
    url = urls.canonicalize(f"https://{host}/{'/'.join(segments)}{query}")
    folded = fold_path(url, checked)
    assert urls.split(folded)[0] == urls.split(url)[0]
    assert folded.partition("?")[2] == url.partition("?")[2]


# --------------------------------------------------------------------------- stored values


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("cnn", "must start with '/'"),
        ("/cnn/", "must start with '/'"),
        ("/a/../b", "write it '/b'"),
        ("/caf\u00e9", "write it '/caf%C3%A9'"),
        ("/a?b", "write it '/a'"),
    ],
)
def test_a_fold_prefix_must_be_written_as_a_canonical_path(value, message):
    with pytest.raises(ValueError, match=message.replace("?", r"\?")):
        fields.check_fold_prefix(value)


def test_a_fold_prefix_is_lower_cased_and_a_replacement_keeps_its_case():
    assert fields.check_fold_prefix("/CNN") == "/cnn"
    assert fields.check_fold_prefix("/caf%c3%a9") == "/caf%c3%a9"
    assert fields.check_fold_replacement("/Story") == "/Story"
    assert fields.check_fold_replacement("") == ""
    with pytest.raises(ValueError, match="write it '/caf%C3%A9'"):
        fields.check_fold_replacement("/caf%c3%a9")


@pytest.mark.parametrize(
    ("folds", "message"),
    [
        ([("/cnn", ""), ("/cnn", "/x")], "folded twice"),
        ([("/a", "/a/b")], "would be folded again by the prefix /a"),
        ([("/a", "/b"), ("/b", "/a")], "would be folded again"),
        ([("/cnn", ""), ("/x", "/cnn/x")], "would be folded again by the prefix /cnn"),
    ],
)
def test_path_folds_that_could_fold_twice_are_refused(folds, message):
    items = [{"prefix": p, "replacement": q} for p, q in folds]
    with pytest.raises(ValueError, match=message):
        fields.check_path_folds(items)  # type: ignore[arg-type]


def test_path_folds_that_fold_once_are_kept():
    items = [{"prefix": "/cnn", "replacement": ""}, {"prefix": "/news/amp", "replacement": "/news"}]
    assert fields.check_path_folds(items) == items  # type: ignore[arg-type]


# --------------------------------------------------------------------------- server = extension

ORACLE = Path(__file__).with_name("article_key_oracle.mjs")


class Oracle:
    """The extension's DomainIndex in one Node process: a case in, its answer out."""

    def __init__(self, node: str) -> None:
        self.proc = subprocess.Popen(
            [node, str(ORACLE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, index: dict[str, Any], url: str) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"index": index, "url": url}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the Node oracle stopped"
        return json.loads(line)

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def oracle() -> Iterator[Oracle]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    o = Oracle(node)
    yield o
    o.close()


def _server(index: dict[str, Any], url: str) -> Any:
    try:
        resolved = urls.resolve(url)
    except urls.InvalidURL:
        return None
    key, matched = identify(index_of_document(index), resolved.canonical)
    if matched is None:
        return None
    via = resolved.via.as_dict() if resolved.via else None
    return {"outlet": matched.outlet_id, "key": key, "via": via}


fold_pairs = st.lists(
    st.tuples(path_of.map(str.lower), st.one_of(st.just(""), path_of)), max_size=3
)
index_rules = st.lists(
    st.tuples(
        st.sampled_from(["amp.site.example", "m.site.example", "site.example", "other.example"]),
        st.sampled_from(["", "/a", "/news"]),
        st.integers(0, 1),
        st.booleans(),
        fold_pairs,
    ),
    min_size=1,
    max_size=5,
)
wrappers = st.sampled_from(
    ["{}", "https://web.archive.org/web/20170802120000/{}", "https://www.google.com/amp/s/{}",
     "https://www.google.com/url?q={}&sa=U", "{}?outputType=amp"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(index_rules, hosts, st.lists(segment, max_size=5), queries, wrappers)
def test_server_and_extension_make_the_same_article_key(
    oracle, rules, host, segments, query, wrapper
):
    doc_rules: list[list[Any]] = []
    for rule_host, prefix, outlet, fold, folds in rules:
        entry: list[Any] = [rule_host, prefix, outlet]
        doc_rules.append(
            [*entry, int(fold), [list(f) for f in folds]]
            if folds
            else entry + ([] if fold else [0])
        )
    index = {"data_version": 1, "outlets": [{"slug": "a"}, {"slug": "b"}], "rules": doc_rules}
    url = wrapper.format(f"https://{host}/{'/'.join(segments)}{query}")
    assert oracle.ask(index, url) == _server(index, url)
