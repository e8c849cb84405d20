"""One JSON encoding for the whole API: orjson, with the standard library's exact format."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

import orjson
from hypothesis import given
from hypothesis import strategies as st

from server.web.jsonbytes import dumps


def stdlib(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_values(floats):
    scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text() | floats
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=20,
    )


# Where both libraries write floats the same way: shares, percentages, coordinates.
plain_floats = st.floats(min_value=1e-4, max_value=1e15) | st.just(0.0)


@given(json_values(plain_floats))
def test_same_bytes_as_the_standard_library(value):
    assert dumps(value) == stdlib(value)


@given(json_values(st.floats(allow_nan=False, allow_infinity=False)))
def test_any_finite_float_reads_back_the_same(value):
    assert json.loads(dumps(value)) == json.loads(stdlib(value))


def test_what_orjson_declines_goes_through_the_standard_library():
    assert dumps({"n": 2**70}) == stdlib({"n": 2**70})
    assert dumps({1: "a"}) == b'{"1":"a"}'
    try:
        dumps({"share": Decimal("1.5")})
    except TypeError as exc:  # as the standard library: not JSON serializable
        assert "Decimal" in str(exc)
    else:
        raise AssertionError("a Decimal must not be written silently")


def _with_fragments(value, picks):
    """The value with some of its parts (containers too) replaced by `orjson.Fragment`s of
    their bytes."""
    if next(picks):
        return orjson.Fragment(dumps(value))
    if isinstance(value, dict):
        return {k: _with_fragments(v, picks) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_fragments(v, picks) for v in value]
    return value


@given(json_values(plain_floats), st.lists(st.booleans(), min_size=1))
def test_documents_made_of_fragments_are_the_whole_documents_bytes(value, choices):
    """The read path embeds pre-serialized parts as fragments: the bytes must be those of
    the document serialized whole, wherever the fragments sit (containers included)."""
    picks = itertools.cycle(choices)
    whole = orjson.Fragment(dumps(value))
    assert dumps({"a": _with_fragments(value, picks), "b": [whole]}) == stdlib(
        {"a": value, "b": [value]}
    )


def test_the_bytes_hold_just_the_document():
    """What the read model and the caches keep must not carry orjson's spare buffer room."""
    import tracemalloc

    tracemalloc.start()
    try:
        kept = [dumps(["x" * 3000, i]) for i in range(50)]
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 50 * 4000, held / 50
    assert kept[0] == stdlib(["x" * 3000, 0])
