"""server.matching: which rule a canonical URL falls under."""

from __future__ import annotations

import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from server.matching import DomainIndex, Rule
from server.urls import canonicalize, split

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


def rule(host: str, prefix: str = "", outlet_id: int = 1, rule_id: int | None = None) -> Rule:
    return Rule(host, prefix, outlet_id, "primary", True, outlet_id if rule_id is None else rule_id)


label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?", fullmatch=True)
subdomains = st.lists(label, min_size=1, max_size=3).map(".".join)
path_segment = st.from_regex(r"[A-Za-z0-9@_~.-]{1,8}", fullmatch=True).filter(
    lambda s: s not in (".", "..")
)
paths = st.lists(path_segment, max_size=4).map(lambda segs: "/" + "/".join(segs))


# --------------------------------------------------------------------------- examples


def test_rule_fields():
    assert Rule._fields == (
        "host",
        "path_prefix",
        "outlet_id",
        "role",
        "fold_variants",
        "rule_id",
        "path_folds",
    )
    assert rule("rt.com").path_folds == ()


def test_empty_index():
    index = DomainIndex([])
    assert len(index) == 0
    assert index.match("rt.com", "/") is None
    assert index.match_url("https://rt.com/") is None


def test_examples():
    index = DomainIndex(
        [
            rule("rt.com", outlet_id=1),
            rule("de.rt.com", outlet_id=2),
            rule("youtube.com", "/@rt", outlet_id=3),
            rule("youtube.com", "/@rt/videos/special", outlet_id=4),
            rule("someone.substack.com", outlet_id=5),
            rule("other.substack.com", outlet_id=6),
            rule("bbc.co.uk", "/news", outlet_id=7),
            rule("192.0.2.1", outlet_id=8),
            rule("[2001:db8::1]", outlet_id=9),
        ]
    )
    assert len(index) == 9

    def outlet(url: str) -> int | None:
        found = index.match_url(canonicalize(url))
        return None if found is None else found.outlet_id

    assert outlet("https://rt.com/news/1") == 1
    assert outlet("https://www.rt.com/") == 1
    assert outlet("https://m.rt.com/news/1") == 1
    assert outlet("https://arabic.rt.com/news/1") == 1
    assert outlet("https://de.rt.com/a") == 2
    assert outlet("https://m.de.rt.com/a") == 2
    assert outlet("https://youtube.com/@rt") == 3
    assert outlet("https://www.youtube.com/@RT/videos") == 3
    assert outlet("https://youtube.com/@rt/videos/special/1") == 4
    assert outlet("https://youtube.com/@rte") is None
    assert outlet("https://youtube.com/watch?v=abc") is None
    assert outlet("https://someone.substack.com/p/post") == 5
    assert outlet("https://other.substack.com/p/post") == 6
    assert outlet("https://third.substack.com/p/post") is None
    assert outlet("https://substack.com/") is None
    assert outlet("https://bbc.co.uk/news/world-1") == 7
    assert outlet("https://news.bbc.co.uk/news") == 7
    assert outlet("https://bbc.co.uk/sport") is None
    assert outlet("https://co.uk/news") is None
    assert outlet("http://192.0.2.1:8080/x") == 8
    assert outlet("http://[2001:DB8::1]/x") == 9
    assert outlet("https://rt.com.evil.example/") is None
    assert outlet("https://notrt.com/") is None


def test_rule_hosts_and_prefixes_are_normalized():
    index = DomainIndex(
        [
            rule("WWW.RT.COM.", outlet_id=1),
            rule("youtube.com", "/@RT/", outlet_id=2),
            rule("example.com", "/", outlet_id=3),
            rule("example.org", "news", outlet_id=4),
        ]
    )
    assert index.match("rt.com", "/").outlet_id == 1
    assert index.match("youtube.com", "/@rt/x").outlet_id == 2
    assert index.match("example.com", "/anything").outlet_id == 3
    assert index.match("example.org", "/news/1").outlet_id == 4
    assert index.match("example.org", "/newsy") is None


def test_first_duplicate_wins():
    index = DomainIndex([rule("rt.com", "/a", 1), rule("rt.com", "/a", 2), rule("rt.com", "", 3)])
    index2 = DomainIndex([rule("rt.com", "", 3), rule("rt.com", "", 4)])
    assert len(index) == 3
    assert index.match("rt.com", "/a/b").outlet_id == 1
    assert index.match("rt.com", "/b").outlet_id == 3
    assert index2.match("rt.com", "/").outlet_id == 3


def test_keeps_walking_up_when_no_prefix_matches():
    index = DomainIndex([rule("rt.com", "", 1), rule("de.rt.com", "/video", 2)])
    assert index.match("de.rt.com", "/video/1").outlet_id == 2
    assert index.match("de.rt.com", "/news/1").outlet_id == 1
    assert index.match("x.de.rt.com", "/news/1").outlet_id == 1


def test_a_rule_on_a_public_suffix_never_matches():
    index = DomainIndex([rule("github.io", "", 1), rule("co.uk", "", 2)])
    assert index.match("someone.github.io", "/") is None
    assert index.match("bbc.co.uk", "/") is None


def test_large_index_builds_and_matches_quickly():
    # CPU time of this process, not wall time: other processes on a loaded machine do not count.
    rules = []
    for i in range(200_000):
        if i % 10 == 0:
            rules.append(rule(f"www.site{i}.com", "", i))
        elif i % 10 == 1:
            rules.append(rule("youtube.com", f"/@channel{i}", i))
        else:
            rules.append(rule(f"s{i}.example{i % 5000}.co.uk", "", i))
    started = time.process_time()
    index = DomainIndex(rules)
    built = time.process_time() - started
    assert len(index) == 200_000
    assert built < 2.0, f"building 200k rules took {built:.2f}s"  # ~0.2 s on a laptop

    hosts = [f"news.s{i}.example{i % 5000}.co.uk" for i in range(2, 20_000, 10)]
    started = time.process_time()
    for host in hosts:
        assert index.match(host, "/world/2024/05/01/story") is not None
    per_match = (time.process_time() - started) / len(hosts)
    assert per_match < 100e-6, f"match took {per_match * 1e6:.1f} µs"
    assert index.match("youtube.com", "/@channel199991/videos").outlet_id == 199_991
    assert index.match("youtube.com", "/watch") is None
    assert index.match("m.site10.com", "/a").outlet_id == 10


# --------------------------------------------------------------------------- properties


@PROPERTY_SETTINGS
@given(subdomains, paths)
def test_host_rule_covers_subdomains_not_otherwise_ruled(sub, path):
    index = DomainIndex([rule("rt.com", "", 1), rule("unrelated.com", "", 2)])
    host, canonical_path = split(canonicalize(f"https://{sub}.rt.com{path}"))
    assert index.match(host, canonical_path).outlet_id == 1
    assert index.match(f"{sub}.rt.com", path).outlet_id == 1
    assert index.match(f"{sub}.rt.co", path) is None


@PROPERTY_SETTINGS
@given(subdomains, subdomains, paths)
def test_most_specific_host_wins(specific, deeper, path):
    index = DomainIndex([rule("rt.com", "", 1), rule(f"{specific}.rt.com", "", 2)])
    assert index.match(f"{specific}.rt.com", path).outlet_id == 2
    assert index.match(f"{deeper}.{specific}.rt.com", path).outlet_id == 2
    assume(not f"{deeper}.rt.com".endswith(f".{specific}.rt.com") and deeper != specific)
    assert index.match(f"{deeper}.rt.com", path).outlet_id == 1


@PROPERTY_SETTINGS
@given(st.lists(path_segment, min_size=1, max_size=3), paths, paths)
def test_longest_path_prefix_wins(prefix_segments, inner, other):
    prefix = "/" + "/".join(prefix_segments)
    index = DomainIndex(
        [
            rule("youtube.com", prefix, 1),
            rule("youtube.com", prefix + "/deeper", 2),
        ]
    )
    assert index.match("youtube.com", prefix).outlet_id == 1
    assert index.match("youtube.com", prefix.upper()).outlet_id == 1
    assert index.match("youtube.com", prefix + inner.rstrip("/")).outlet_id in (1, 2)
    assert index.match("youtube.com", prefix + "/deeper" + inner).outlet_id == 2
    assert index.match("youtube.com", prefix + "x" + inner) is None
    lowered = other.lower()
    matched = index.match("youtube.com", other)
    if lowered == prefix.lower() or lowered.startswith(prefix.lower() + "/"):
        assert matched is not None
    else:
        assert matched is None


@PROPERTY_SETTINGS
@given(label, label, paths)
def test_substack_style_sibling_hosts_are_told_apart(a, b, path):
    assume(a != b)
    index = DomainIndex([rule(f"{a}.substack.com", "", 1), rule(f"{b}.substack.com", "", 2)])
    assert index.match(f"{a}.substack.com", path).outlet_id == 1
    assert index.match(f"{b}.substack.com", path).outlet_id == 2
    assert index.match(f"x{a}.substack.com", path) is None
    assert index.match("substack.com", path) is None


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["rt.com", "de.rt.com", "x.de.rt.com"]),
                          st.sampled_from(["", "/a", "/a/b", "/b"])), max_size=8),
       st.sampled_from(["rt.com", "de.rt.com", "x.de.rt.com", "y.x.de.rt.com"]),
       st.sampled_from(["/", "/a", "/a/b", "/a/b/c", "/b", "/ab", "/c"]))  # fmt: skip
def test_matches_a_brute_force_reference(pairs, host, path):
    rules = [rule(h, p, i) for i, (h, p) in enumerate(pairs)]
    index = DomainIndex(rules)
    expected = None
    chain = [host.split(".", i)[-1] for i in range(host.count(".")) if host.split(".", i)[-1]]
    for candidate in chain:
        here = [r for r in rules if r.host == candidate]
        if not here:
            continue
        hits = [
            r for r in here
            if not r.path_prefix or path == r.path_prefix or path.startswith(r.path_prefix + "/")
        ]  # fmt: skip
        if hits:
            longest = max(len(r.path_prefix) for r in hits)
            expected = next(r for r in hits if len(r.path_prefix) == longest)
            break
    assert index.match(host, path) == expected


@pytest.mark.parametrize("host", ["", "[::1]", "localhost", "com"])
def test_odd_hosts_do_not_crash(host):
    index = DomainIndex([rule("rt.com")])
    assert index.match(host, "/") is None
