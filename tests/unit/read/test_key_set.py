"""The index's article-key set: the bucket length it publishes gives every bucket at least k
keys, and a request must name exactly such a bucket."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.errors import BadRequest
from server.read.key_set import (
    K_ANONYMITY,
    KEY_HEX_DIGITS,
    PAD_BYTES,
    bucket_bounds,
    key_set_document,
    padded,
    parse_bucket_prefix,
    prefix_bits,
    prefix_hex_digits,
)

EXTENSION_KEYS = Path(__file__).parents[3] / "extension/background/matching/key-set.js"


def _buckets(keys: list[int], bits: int) -> dict[int, int]:
    counts = {b: 0 for b in range(1 << bits)}
    for key in keys:
        counts[key >> (64 - bits)] += 1
    return counts


keys_64 = st.lists(st.integers(0, 2**64 - 1), max_size=3000, unique=True).map(sorted)


@settings(max_examples=60, deadline=None)
@given(keys=keys_64, k=st.integers(1, 80))
def test_every_bucket_at_the_published_length_holds_k_keys(keys, k):
    bits = prefix_bits(keys, k)
    counts = _buckets(keys, bits)
    if len(keys) >= k:
        assert min(counts.values()) >= k
        # ... and it is the longest such length.
        assert bits == 32 or min(_buckets(keys, bits + 1).values()) < k
    else:
        assert bits == 0  # one bucket: every key


@pytest.mark.parametrize("n", [6, 4_500, 450_000])
def test_random_key_sets_of_the_seed_and_benchmark_sizes(n):
    rng = random.Random(n)
    keys = sorted(rng.getrandbits(64) for _ in range(n))
    bits = prefix_bits(keys)
    assert min(_buckets(keys, bits).values()) >= min(K_ANONYMITY, n)


@settings(max_examples=100, deadline=None)
@given(key=st.integers(0, 2**256 - 1), bits=st.integers(0, 32))
def test_a_bucket_holds_exactly_the_hashes_that_share_its_bits(key, bits):
    digest = f"{key:064x}"
    digits = prefix_hex_digits(bits)
    head = int(digest[:digits], 16) >> (4 * digits - bits) << (4 * digits - bits)
    prefix = parse_bucket_prefix(f"{head:0{digits}x}", bits)
    low, high = bucket_bounds(prefix, bits)
    assert low <= digest and (high is None or digest < high)
    same = int(digest[:16], 16) >> (64 - bits) if bits else 0
    assert int(low.ljust(16, "0"), 16) >> (64 - bits) == same if bits else low == "0"


@pytest.mark.parametrize(
    ("prefix", "bits"),
    [("664c2", 4), ("6", 5), ("", 0), ("g", 0), ("66", 4), ("6a", 6), ("7", 3)],
)
def test_a_prefix_that_names_no_bucket_of_this_length_is_refused(prefix, bits):
    with pytest.raises(BadRequest) as err:
        parse_bucket_prefix(prefix, bits)
    assert err.value.field == "prefix" and err.value.code == "bad_prefix"


def test_bucket_prefixes_are_lower_cased():
    assert parse_bucket_prefix("A", 4) == "a"
    assert parse_bucket_prefix("6C", 6) == "6c"
    assert parse_bucket_prefix("0", 0) == "0"


def test_the_key_set_document_lists_short_keys_sorted():
    keys = sorted([0x664C26D334DED5FC, 0x0123456789ABCDEF, 0xFFFFFFFF00000000])
    doc = key_set_document(keys)
    assert doc == {
        "k": K_ANONYMITY,
        "count": 3,
        "prefix_bits": 0,
        "prefix_hex_digits": 1,
        "key_hex_digits": KEY_HEX_DIGITS,
        "keys": "01234567664c26d3ffffffff",
    }


def test_padding_brings_an_answer_to_a_multiple_of_the_block():
    for doc in ({"articles": []}, {"articles": ["x" * 5000]}):
        body = padded(json.dumps(doc, separators=(",", ":")).encode())
        assert len(body) % PAD_BYTES == 0
        assert {k: v for k, v in json.loads(body).items() if k != "padding"} == doc


def test_the_extension_uses_the_same_k_and_key_length():
    source = EXTENSION_KEYS.read_text(encoding="utf-8")
    assert re.search(rf"export const K_ANONYMITY = {K_ANONYMITY};", source)
    assert re.search(rf"export const KEY_HEX_DIGITS = {KEY_HEX_DIGITS};", source)


@settings(max_examples=40, deadline=None)
@given(keys=keys_64, k=st.integers(1, 80), collide=st.integers(0, 50))
def test_the_listed_keys_themselves_fill_every_bucket_the_index_publishes(keys, k, collide):
    # Keys sharing their first 32 bits are listed once; the extension counts what is listed.
    keys = sorted(set(keys) | {(key | 0xFFFF) for key in keys[:collide]})
    doc = key_set_document(keys, k)
    listed = [int(doc["keys"][i : i + 8], 16) << 32 for i in range(0, len(doc["keys"]), 8)]
    assert listed == sorted(set(listed)) and doc["count"] == len(listed)
    counts = _buckets(listed, doc["prefix_bits"])
    assert min(counts.values()) >= min(k, len(listed))
