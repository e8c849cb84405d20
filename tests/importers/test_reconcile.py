"""The pure helpers bulk importers fit lists with: slugs, name keys, host resolution."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from server import urls
from server.fields import SLUG_PATTERN
from server.importers.reconcile import HostMap, name_key, name_keys, slugify, unique_slug

LABEL = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True)
# A rule host is never a public suffix (ru.com and us.com are private ones: nothing below them
# walks up to them), as the curation refuses one.
HOST = (
    st.lists(LABEL, min_size=1, max_size=3)
    .map(lambda labels: ".".join(labels) + ".com")
    .filter(lambda host: not urls.is_public_suffix(host))
)
PATH = st.lists(LABEL, max_size=3).map(lambda parts: "".join("/" + p for p in parts))


@given(st.text(max_size=120), st.sets(st.from_regex(SLUG_PATTERN, fullmatch=True)))
def test_unique_slug_is_a_valid_slug_not_taken_before(name, taken):
    before = set(taken)
    slug = unique_slug(slugify(name), taken, "fr")
    assert re.fullmatch(SLUG_PATTERN, slug) and slug not in before and slug in taken


def test_a_taken_slug_gets_the_country_then_a_number():
    taken = {"bbc", "bbc-bw"}
    assert unique_slug("bbc", taken, "bw") == "bbc-2"
    assert unique_slug("cnn", taken, "us") == "cnn"
    assert unique_slug("cnn", taken, "us") == "cnn-us"


def test_names_compare_without_case_accents_or_a_trailing_acronym():
    assert name_key("France Télévisions") == name_key("FRANCE TELEVISIONS")
    assert "islamic republic of iran broadcasting" in name_keys(
        "Islamic Republic of Iran Broadcasting (IRIB)"
    )


@given(HOST, PATH, st.lists(LABEL, max_size=2), PATH)
def test_a_rule_resolves_its_subdomains_and_deeper_paths(host, prefix, sub, deeper):
    hosts = HostMap([(host, prefix, "outlet")])
    below = ".".join([*sub, host])
    assert hosts.resolve(below, prefix + deeper) == "outlet"
    assert hosts.resolve(below, prefix + deeper, whole=not prefix) == "outlet"


@given(HOST, LABEL)
def test_the_most_specific_rule_wins(host, part):
    hosts = HostMap([(host, "", "whole"), (host, "/" + part, "part"), ("x." + host, "", "sub")])
    assert hosts.resolve(host, f"/{part}/story") == "part"
    assert hosts.resolve(host, "/other" + part) == "whole"
    assert hosts.resolve("x." + host, f"/{part}") == "sub"
    assert hosts.resolve(host, "/other", whole=False) == "whole"  # stored: never carved up
    hosts.add("planned." + host, "", "planned")
    assert hosts.resolve("planned." + host, "/-x", whole=False) == "whole"
    assert hosts.resolve("planned." + host, "/-x") == "planned"
