"""server/read/layered.py: a chain of `replaced` calls (layered, then compacted) equals the
same edits applied to a plain dict, as a mapping, whatever the edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from server.read import layered
from server.read.layered import Layered, replaced

keys = st.integers(min_value=0, max_value=60)
edits = st.lists(
    st.tuples(st.sets(keys, max_size=8), st.dictionaries(keys, st.integers(), max_size=8)),
    max_size=40,
)


@given(st.dictionaries(keys, st.integers(), max_size=50), edits)
@settings(max_examples=300, deadline=None)
def test_replaced_equals_the_same_edits_on_a_dict(base: dict[int, int], steps: list) -> None:
    layered.COMPACT_MIN = 10  # compaction happens within the examples too
    try:
        expected = dict(base)
        current: object = base
        for drop, new in steps:
            for key in drop:
                expected.pop(key, None)
            expected.update(new)
            current = replaced(current, drop, new)  # type: ignore[arg-type]
            assert isinstance(current, (dict, Layered))
            assert dict(current.items()) == expected
            assert len(current) == len(expected) and set(current) == set(expected)
            for key in range(-1, 62):
                assert (key in current) == (key in expected)
                assert current.get(key, "none") == expected.get(key, "none")
        assert base == dict(base)  # never mutated
    finally:
        layered.COMPACT_MIN = 256


def test_a_delta_is_small_and_the_base_shared() -> None:
    base = {i: i for i in range(10_000)}
    one = replaced(base, [1, 2], {2: -2, 20_000: 0})
    two = replaced(one, [3], {})
    assert isinstance(two, Layered) and two.delta_size == 4 and two._base is base
    assert 1 not in two and two[2] == -2 and 3 not in two and two[20_000] == 0
    assert len(two) == 9_999 and len(base) == 10_000
