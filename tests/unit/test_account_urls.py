"""Account URLs: the shared vectors (tests/vectors/account_urls.json, run by the extension too),
platform host aliases, the web-preview segment, and properties of account prefixes (a handle
never matches another handle that merely starts like it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from server import urls
from server.matching import DomainIndex, Rule
from server.urls.platforms import account_path, account_prefix, path_key, platform_host
from server.urls.rules import PLATFORMS

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "account_urls.json").read_text("utf-8")
)


def index_of(doc: dict[str, Any]) -> DomainIndex:
    return DomainIndex(
        Rule(r[0], r[1], r[2], "account", True, i) for i, r in enumerate(doc["rules"])
    )


INDEX = index_of(VECTORS["index"])
SLUGS = [o["slug"] for o in VECTORS["index"]["outlets"]]


def outlet_of(index: DomainIndex, url: str) -> str | None:
    rule = index.match_url(urls.resolve(url).canonical)
    return None if rule is None else SLUGS[rule.outlet_id]


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["why"][:60])
def test_account_vector(case: dict[str, Any]) -> None:
    assert outlet_of(INDEX, case["url"]) == case["outlet"]


def test_aliases_fold_to_the_platform_host() -> None:
    assert platform_host("twitter.com") == "x.com"
    assert platform_host("telegram.me") == "t.me"
    assert platform_host("fb.com") == "facebook.com"
    assert platform_host("youtu.be") == "youtu.be"  # a video link, not a channel
    assert platform_host("rt.com") == "rt.com"


def test_the_preview_segment_is_dropped_only_before_a_name() -> None:
    assert account_path("t.me", "/s/rt_russian") == "/rt_russian"
    assert account_path("t.me", "/s") == "/s"
    assert account_path("t.me", "/s/") == "/s/"
    assert account_path("t.me", "/sx/rt") == "/sx/rt"
    assert account_path("x.com", "/s/rt") == "/s/rt"


def test_every_platform_host_is_canonical() -> None:
    for platform in PLATFORMS:
        for host in (platform.host, *platform.aliases):
            assert urls.normalize_host(host) == host


HANDLE = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)
HOSTS = st.sampled_from(
    [
        (p.host, a)
        for p in PLATFORMS
        if p.accounts  # news.google.com, vimeo.com...: no account shapes
        for a in (p.host, *p.aliases, "m." + p.host, "www." + p.host)
    ]
)
TAILS = st.sampled_from(["", "/", "/status/123", "/videos", "/12345", "/posts/1?ref=x"])


@settings(max_examples=300, deadline=None)
@given(HOSTS, HANDLE, HANDLE, TAILS)
def test_an_account_matches_its_pages_and_no_other_handle(
    hosts: tuple[str, str], handle: str, other: str, tail: str
) -> None:
    host, alias = hosts
    reserved = next(p for p in PLATFORMS if p.host == host).reserved
    assume(handle.lower() not in reserved and other.lower() not in reserved)
    index = DomainIndex([Rule(host, "/" + handle, 1, "account", True, 1)])
    url = f"https://{alias}/{handle.swapcase()}{tail}"
    assert index.match_url(urls.resolve(url).canonical) is not None
    if other.lower() != handle.lower():
        assert index.match_url(urls.resolve(f"https://{alias}/{other}{tail}").canonical) is None
    # a longer handle that starts with this one is another account
    assert index.match_url(urls.resolve(f"https://{alias}/{handle}x{tail}").canonical) is None


@pytest.mark.parametrize(
    ("host", "path", "account"),
    [
        ("twitter.com", "/RT_com/status/1", ("x.com", "/RT_com")),
        ("mobile.twitter.com", "/RT_com", ("x.com", "/RT_com")),
        ("x.com", "/home", None),
        ("x.com", "/", None),
        (
            "youtube.com",
            "/channel/UCpwvZwUam-URkxB7g4USKpg/videos",
            ("youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg"),
        ),
        ("m.youtube.com", "/@rtlnieuws", ("youtube.com", "/@rtlnieuws")),
        ("youtube.com", "/watch", None),
        ("youtube.com", "/channel", None),
        ("t.me", "/s/rt_russian/5", ("t.me", "/rt_russian")),
        ("telegram.me", "/rt_russian", ("t.me", "/rt_russian")),
        ("ok.ru", "/group/54899130892291", ("ok.ru", "/group/54899130892291")),
        ("ok.ru", "/group", None),
        ("facebook.com", "/profile.php", None),
        ("linkedin.com", "/company/cgtn-america", ("linkedin.com", "/company/cgtn-america")),
        ("rumble.com", "/vwbbjn-putin-announces.html", None),
        ("tiktok.com", "/@russian_rt/video/1", ("tiktok.com", "/@russian_rt")),
        ("rt.com", "/news", None),
    ],
)
def test_account_prefix_of_an_address(
    host: str, path: str, account: tuple[str, str] | None
) -> None:
    assert account_prefix(host, path) == account


@settings(max_examples=200, deadline=None)
@given(HOSTS, HANDLE, TAILS)
def test_an_accounts_own_rule_matches_the_address_it_came_from(
    hosts: tuple[str, str], handle: str, tail: str
) -> None:
    host, alias = hosts
    platform = next(p for p in PLATFORMS if p.host == host)
    shape = platform.accounts[0]
    segments = [handle if s == "*" else "@" + handle if s == "@*" else s for s in shape]
    assume(handle.lower() not in platform.reserved)
    url = urls.resolve(f"https://{alias}/{'/'.join(segments)}{tail}").canonical
    found = account_prefix(*urls.split(url))
    assert found is not None and found[0] == host
    index = DomainIndex([Rule(found[0], found[1], 1, "account", True, 1)])
    assert index.match_url(url) is not None


@pytest.mark.parametrize("case", VECTORS["prefixes"], ids=lambda c: c["url"][:60])
def test_account_prefix_vector(case: dict[str, Any]) -> None:
    found = account_prefix(*urls.split(urls.resolve(case["url"]).canonical))
    assert (list(found) if found else None) == case["account"]


@pytest.mark.parametrize(("host", "path", "key"), VECTORS["path_keys"], ids=lambda v: str(v)[:50])
def test_path_key_vector(host: str, path: str, key: str) -> None:
    assert path_key(host, path) == key


CHANNEL_ID = st.from_regex(r"UC[A-Za-z0-9_-]{22}", fullmatch=True)
PATHS = st.lists(st.from_regex(r"[A-Za-z0-9@._~-]{0,12}", fullmatch=True), max_size=5).map(
    lambda segments: "/" + "/".join(segments)
)
ANY_HOST = st.sampled_from(
    ["youtube.com", "m.youtube.com", "x.com", "t.me", "rutube.ru", "rt.com", "notyoutube.com"]
)


@settings(max_examples=300, deadline=None)
@given(ANY_HOST, PATHS)
def test_path_key_only_ever_changes_case_and_is_idempotent(host: str, path: str) -> None:
    key = path_key(host, path)
    assert key.lower() == path.lower()
    assert path_key(host, key) == key
    assert path_key(host, path.lower()) == path.lower()
    if not host.endswith("youtube.com") or host == "notyoutube.com":
        assert key == path.lower()


@settings(max_examples=300, deadline=None)
@given(CHANNEL_ID, CHANNEL_ID, TAILS, st.sampled_from(["www.youtube.com", "m.youtube.com"]))
def test_a_channel_id_matches_only_in_its_own_case(
    channel: str, other: str, tail: str, alias: str
) -> None:
    index = DomainIndex([Rule("youtube.com", "/channel/" + channel, 1, "account", True, 1)])

    def matches(path: str) -> bool:
        return index.match_url(urls.resolve(f"https://{alias}{path}").canonical) is not None

    assert matches(f"/channel/{channel}{tail}")
    assert matches(f"/CHANNEL/{channel}{tail.upper()}")
    assert matches(f"/channel/{other}{tail}") == (other == channel)
    if channel.swapcase() != channel:
        assert not matches(f"/channel/{channel.swapcase()}{tail}")


@settings(max_examples=200, deadline=None)
@given(HANDLE, TAILS)
def test_a_youtube_handle_matches_in_any_case(handle: str, tail: str) -> None:
    index = DomainIndex([Rule("youtube.com", "/@" + handle, 1, "account", True, 1)])
    for spelled in (handle, handle.swapcase(), handle.lower(), handle.upper()):
        url = urls.resolve(f"https://www.youtube.com/@{spelled}{tail}").canonical
        assert index.match_url(url) is not None
