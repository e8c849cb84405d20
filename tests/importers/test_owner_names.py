"""Owner-name reconciliation (server/importers/owner_names.py): pure functions, examples
from the Local News Dataset and properties over generated names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.importers.owner_names import (
    COMPANY_FORMS,
    NAMES,
    SPELLINGS,
    TRADE_WORDS,
    join_keys,
    owner_key,
    owner_name,
    reconcile,
)


def owners(*names: str) -> dict[str, str]:
    return {spelling: name for spelling, (_key, name) in reconcile(names).items()}


def test_nexstar_spellings_are_one_owner_named_in_full():
    got = owners("Nexstar", "Nexstar Media Group", "Nexstar Broadcasting", "Nexstar")
    assert set(got.values()) == {"Nexstar Media Group"}


def test_sinclair_spellings_are_one_owner():
    got = owners("Sinclair", "Sinclair Broadcast Group", "Sinclair Broadcasting Group")
    assert set(got.values()) == {"Sinclair Broadcast Group"}


@pytest.mark.parametrize(
    "spellings",
    [
        ("Entravision", "Entravision Communications", "entravision"),
        ("Local TV", "Local TV LLC", "Local TV, LLC"),
        ("LeSea", "LeSEA Broadcasting", "Lesea Broadcasting"),
        ("Gray Television", "Gray Televisoin"),  # a typo, from the curated table
        ("Daystar", "Word of God Fellowship (Daystar)"),
        ("Silver Point Capital", "Silver Point Capital "),
        ("Multicultural Television", "Multicultural Television Broadcasting"),
    ],
)
def test_spellings_of_one_owner_are_joined(spellings):
    assert len(set(owners(*spellings).values())) == 1


@pytest.mark.parametrize(
    "spellings",
    [
        # Without the bare name in the list, two trades of one word may be two companies.
        ("Capital Broadcasting Corporation", "Capital Communications"),
        ("Northwest Broadcasting", "Northwest Television, LLC"),
        ("Southern Broadcasting", "Southern TV Corporation"),
        ("NRJ Holdings", "NRJ TV"),
    ],
)
def test_owners_that_may_differ_stay_apart(spellings):
    assert len(set(owners(*spellings).values())) == 2


def test_a_name_written_twice_over_is_read_once():
    name = "Metropolitan Indianapolis Public Broadcasting"
    assert owner_key(name + name) == owner_key(name)


def test_owner_name_prefers_the_curated_name_then_the_most_used_spelling():
    assert owner_name("nexstar", ["Nexstar"] * 5) == "Nexstar Media Group"
    assert owner_name("x", ["X Media", "X", "X"]) == "X"
    assert owner_name("x", ["X", "X Media"]) == "X Media"  # a tie: the longer


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8).filter(
    lambda w: w not in COMPANY_FORMS | TRADE_WORDS | {"the"}
)
NAME = (
    st.lists(WORD, min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda n: owner_key(n) not in NAMES and owner_key(n) not in SPELLINGS.values())
)


@given(NAME, st.sampled_from([", Inc.", " LLC", " Corporation", " Co.", " Group"]))
def test_company_forms_and_case_do_not_change_the_key(name, form):
    key = owner_key(name)
    assert owner_key(name.upper() + form) == key
    assert owner_key(f"  {name.title()}{form}  ") == key
    assert owner_key("The " + name) == key


@given(NAME, st.sampled_from(sorted(TRADE_WORDS)))
def test_the_bare_name_joins_its_trade_spellings(name, trade):
    joined = join_keys([owner_key(name), owner_key(f"{name} {trade}")])
    assert len(set(joined.values())) == 1


@given(st.lists(NAME, min_size=1, max_size=8))
def test_every_spelling_gets_one_of_the_names_given(names):
    result = reconcile(names)
    assert set(result) == {n for n in names if n.strip()}
    for _key, shown in result.values():
        assert shown in {" ".join(n.split()) for n in names}


@given(st.lists(NAME, min_size=1, max_size=8))
def test_reconciling_is_stable(names):
    first = reconcile(names)
    assert reconcile(list(reversed(names))) == first
    # Reconciling the owners' names again joins nothing more.
    shown = {name for _key, name in first.values()}
    assert len(set(reconcile(shown).values())) == len(shown)
