"""rules.json: its shape, the extension's copy of it, and every tracking parameter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from server import urls
from server.urls import canonicalize, normalize_host, registrable_domain
from server.urls.rules import RULES_PATH, TRACKING_RULES, UNWRAP_RULES, load_rules

RULES = json.loads(RULES_PATH.read_text(encoding="utf-8"))
RULES_DATA_JS = Path(__file__).resolve().parents[3] / "extension/background/matching/rules-data.js"
# What the shared patterns may use: literals, classes, groups, alternation, quantifiers.
# No \d \w \s \b (Unicode-aware in Python, ASCII in JavaScript), no flags, no look-arounds,
# no named or back references: Python's re and JavaScript's RegExp read these alike.
_SAFE_PATTERN = re.compile(r"(?:[^\\(]|\\[.*+?()\[\]{}|/\\^$-]|\((?!\?)|\(\?:)*")


def test_the_extension_reads_the_same_data():
    text = RULES_DATA_JS.read_text(encoding="utf-8")
    m = re.search(r"^export const URL_RULES = (.*);$", text, re.M)
    assert m, "rules-data.js has no URL_RULES line: run node extension/tools/build-url-rules.mjs"
    shipped = json.loads(m.group(1))
    expected = {k: v for k, v in RULES.items() if k != "$comment"}
    assert shipped == expected, "run node extension/tools/build-url-rules.mjs"


def test_load_rules_is_what_the_package_uses():
    invisible, tracking, unwrap = load_rules()
    assert (tracking, unwrap) == (TRACKING_RULES, UNWRAP_RULES)
    assert invisible == urls.rules.INVISIBLE


def _patterns():
    for rule in RULES["unwrap"]:
        for field in ("path", "value"):
            if field in rule:
                yield rule["id"], rule[field]


@pytest.mark.parametrize(("rule", "pattern"), list(_patterns()))
def test_patterns_use_the_portable_subset(rule, pattern):
    assert _SAFE_PATTERN.fullmatch(pattern), f"{rule}: {pattern!r} leaves the portable subset"
    re.compile(pattern)


def test_invisible_names_are_unicode_names():
    import unicodedata

    for cp, name in RULES["invisible"].items():
        assert unicodedata.name(chr(int(cp, 16))) == name


@pytest.mark.parametrize("name", sorted(RULES["host_sets"]))
def test_host_sets_are_canonical_registrable_hosts(name):
    hosts = RULES["host_sets"][name]
    assert hosts == sorted(set(hosts))
    for host in hosts:
        assert normalize_host(host) == host
        assert registrable_domain(host) == host, f"{host} is not a registrable domain"


def test_rule_hosts_are_canonical():
    for rule in RULES["unwrap"] + RULES["tracking"]:
        for host in rule.get("hosts", ()):
            if host.startswith("@"):
                continue
            assert normalize_host(host.removeprefix("*.")) == host.removeprefix("*."), host


# --------------------------------------------------------------------------- tracking, one by one


def _tracking_cases():
    for rule in TRACKING_RULES:
        names = [(p, p) for p in sorted(rule.params)] + [(p + "x", p) for p in rule.prefixes]
        for key, listed in names:
            yield pytest.param(rule, key, id=f"{rule.id}:{listed}")


_GLOBAL = [r for r in TRACKING_RULES if not r.hosts]


def _is_global(key: str) -> bool:
    key = key.lower()
    return any(key in r.params or key.startswith(r.prefixes) for r in _GLOBAL)


@pytest.mark.parametrize(("rule", "key"), list(_tracking_cases()))
def test_each_tracking_parameter(rule, key):
    hosts = list(rule.hosts) or ["example.com"]
    for host in hosts:
        for spelled in (key, key.upper()):
            url = f"https://www.{host}/news/1?{spelled}=x&id=7"
            assert canonicalize(url) == f"https://{host}/news/1?id=7"
            assert (
                canonicalize(f"https://sub.{host}/a?{spelled}&b=1") == f"https://sub.{host}/a?b=1"
            )
    if rule.hosts and not _is_global(key):  # host-scoped: kept elsewhere
        assert canonicalize(f"https://example.org/a?{key}=x") == f"https://example.org/a?{key}=x"


@pytest.mark.parametrize("key", ["ref", "id", "page", "q", "v", "t", "p", "s", "amp", "outputType"])
def test_content_parameters_stay_on_other_hosts(key):
    # ref selects content on some sites (ref=branch); the others are ordinary identifiers.
    assert not _is_global(key)
    assert canonicalize(f"https://example.org/a?{key}=1") == f"https://example.org/a?{key}=1"


def test_every_tracking_rule_says_why():
    for rule in RULES["tracking"]:
        assert len(rule["why"]) > 20, rule["id"]
        assert rule["id"] in ("common", *[r.id for r in TRACKING_RULES])


def test_unwrap_rules_are_named_and_kinded():
    for rule in RULES["unwrap"]:
        assert rule["kind"] in urls.rules.KINDS and len(rule["name"]) > 20, rule["id"]


@pytest.mark.parametrize(
    ("pattern", "portable"),
    [(r"/web/([0-9]{1,14})/(.+)", True), (r"/(?:c|v)/(s/)?(.+)", True), (r"a\.b\*", True),
     (r"[^/]+", True), (r"\d+", False), (r"(?i)amp", False), (r"(?=x)", False),
     (r"(?P<t>.+)", False), (r"(?<t>.+)", False), (r"\w", False), (r"(a)\1", False)],
)  # fmt: skip
def test_the_subset_guard(pattern, portable):
    assert bool(_SAFE_PATTERN.fullmatch(pattern)) is portable
