"""The batch results memo: bounded in entries and in bytes, oldest dropped first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.read.memo import ENTRY_OVERHEAD, Memo


def test_the_oldest_entries_go_when_the_byte_budget_is_passed():
    memo = Memo(1000, 10 * (100 + ENTRY_OVERHEAD))
    for i in range(25):
        memo.put(i, f"v{i}", 100)
    assert len(memo) == 10 and memo.get(14) is None and memo.get(15) == "v15"
    assert memo.nbytes == 10 * (100 + ENTRY_OVERHEAD)


def test_an_entry_larger_than_the_budget_is_never_kept():
    memo = Memo(1000, 1000)
    memo.put("a", "small", 10)
    memo.put("big", "x", 5000)
    assert memo.get("big") is None and memo.get("a") == "small"


def test_putting_a_key_again_counts_it_once():
    memo = Memo(10, 10_000)
    memo.put("a", 1, 100)
    memo.put("a", 2, 300)
    assert memo.get("a") == 2 and len(memo) == 1 and memo.nbytes == 300 + ENTRY_OVERHEAD


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3000)), max_size=200),
    st.integers(1, 30),
    st.integers(1, 20_000),
)
def test_a_memo_never_holds_more_than_its_bounds(puts, most, budget):
    memo = Memo(most, budget)
    for key, size in puts:
        memo.put(key, size, size)
        assert len(memo) <= most and memo.nbytes <= budget
        if size + ENTRY_OVERHEAD <= budget:  # the newest entry is always kept
            assert memo.get(key) == size
