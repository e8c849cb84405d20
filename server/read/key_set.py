"""The article-key set the domain index carries (privacy mode): which articles have report
links, and how long a hash prefix the extension may send so that every bucket it can name
holds at least `K_ANONYMITY` of them.

Keys are the first 64 bits of an article's `url_sha256`, as ints. The index publishes the
first `KEY_HEX_DIGITS` hex digits of each (false-positive rate per lookup: n / 2**32) and
`prefix_bits`: the largest b such that every one of the 2**b buckets of b-bit prefixes
holds at least K_ANONYMITY keys (0 when there are fewer keys than that: one bucket, all of
them). A request names a bucket as the first `prefix_hex_digits` hex digits of the hash with
the bits past `prefix_bits` set to zero. The extension (background/matching/key-set.js)
holds the same constants.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from ..errors import BadRequest

K_ANONYMITY = 50
KEY_HEX_DIGITS = 8  # 32 bits per key in the index
MAX_PREFIX_BITS = 32
PAD_BYTES = 4096  # bucket answers are padded to a multiple of this


def prefix_bits(keys: Sequence[int], k: int = K_ANONYMITY) -> int:
    """The largest b for which every b-bit bucket of the sorted 64-bit `keys` holds >= k."""
    best = 0
    for bits in range(1, MAX_PREFIX_BITS + 1):
        if len(keys) < k << bits:  # 2**bits buckets of k cannot fit
            break
        shift = 64 - bits
        start = 0
        for bucket in range(1 << bits):
            end = bisect_left(keys, (bucket + 1) << shift, start)
            if end - start < k:
                return best
            start = end
        best = bits
    return best


def prefix_hex_digits(bits: int) -> int:
    """How many hex digits a bucket request carries (at least one)."""
    return max(1, -(-bits // 4))


def bucket_bounds(prefix: str, bits: int) -> tuple[str, str | None]:
    """The `url_sha256` range [low, high) of a bucket named by `prefix` (None: no upper bound)."""
    digits = len(prefix)
    step = 1 << (4 * digits - bits)
    high = int(prefix, 16) + step
    if high >= 16**digits:
        return prefix, None
    return prefix, f"{high:0{digits}x}"


def parse_bucket_prefix(prefix: str, bits: int) -> str:
    """The prefix, lower-cased, if it names a bucket of the current data version: exactly
    `prefix_hex_digits(bits)` hex digits with the bits past `bits` zero. A longer prefix
    would name fewer than k articles, so it is refused."""
    value = prefix.lower()
    digits = prefix_hex_digits(bits)
    ok = len(value) == digits and all(c in "0123456789abcdef" for c in value)
    if not ok or int(value, 16) & ((1 << (4 * digits - bits)) - 1):
        raise BadRequest(
            f"the prefix must be {digits} hexadecimal characters, the first {bits} bits of "
            f"the hash and the rest zero (this data version's prefix_bits is {bits})",
            field="prefix",
            code="bad_prefix",
        )
    return value


SHORT_SHIFT = 64 - 4 * KEY_HEX_DIGITS


def short_keys(keys: Sequence[int]) -> list[int]:
    """The distinct `KEY_HEX_DIGITS`-digit keys the index lists, sorted."""
    return sorted({key >> SHORT_SHIFT for key in keys})


def bucket_bits(keys: Sequence[int], k: int = K_ANONYMITY) -> int:
    """`key_set_document(keys, k)["prefix_bits"]` without the document."""
    return prefix_bits([s << SHORT_SHIFT for s in short_keys(keys)], k)


def key_set_document(keys: Sequence[int], k: int = K_ANONYMITY) -> dict[str, Any]:
    """The index's `article_keys` member. The bucket length is computed on the short keys the
    index lists (two articles may share one), so the extension, counting them, agrees."""
    short = short_keys(keys)
    bits = prefix_bits([s << SHORT_SHIFT for s in short], k)
    return {
        "k": k,
        "count": len(short),
        "prefix_bits": bits,
        "prefix_hex_digits": prefix_hex_digits(bits),
        "key_hex_digits": KEY_HEX_DIGITS,
        "keys": struct.pack(f">{len(short)}I", *short).hex(),  # 8 hex digits, 32 bits each
    }


def padded(body: bytes, block: int = PAD_BYTES) -> bytes:
    """A JSON object's bytes with a `padding` member of spaces, to a multiple of `block`."""
    extra = len(b',"padding":""')
    fill = (-(len(body) + extra)) % block
    return body[:-1] + b',"padding":"' + b" " * fill + b'"}'
