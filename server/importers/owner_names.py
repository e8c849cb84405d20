"""Owner names as lists spell them, reconciled to one entity each: 'Nexstar', 'Nexstar Media
Group' and 'Nexstar Broadcasting' are one owner. Pure functions.

`owner_key` normalises one spelling: case, accents, punctuation, a leading 'The', a name
written twice, trailing company forms ('Inc', 'LLC', 'Corporation', 'Group'), then a small
curated table of spellings normalising cannot join (typos, another form of the name).
`reconcile` joins the keys of a whole list: two spellings are one owner when, without their
trade words ('Broadcasting', 'Communications', 'Television', 'Media', 'Network'), they are
the same name AND the list also uses that bare name ('Nexstar') or one spelling extends the
other ('Multicultural Television Broadcasting'). So 'Capital Broadcasting' and 'Capital
Communications', which may be different companies, stay two owners.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .reconcile import name_key

# Trailing words that say what form of company a name is, not which one.
COMPANY_FORMS = frozenset(
    {"inc", "incorporated", "llc", "l", "c", "ltd", "corp", "corporation", "co", "company"}
    | {"group", "holdings"}
)
# Trailing words that say what trade it is in: dropped only to compare two spellings.
TRADE_WORDS = frozenset(
    {"broadcasting", "broadcast", "broadcasters", "communications", "television"}
    | {"telecasting", "media", "network", "networks", "enterprises"}
)

# Spellings normalising cannot join (typos, other forms of the name): key -> the owner's key.
SPELLINGS = {
    "gray televisoin": "gray",
    "university of noth carolina": "university of north carolina",
    "sout carolina educational tv commission": "south carolina educational tv",
    "south carolina educational tv commission": "south carolina educational tv",
    "south carolina educational television commission": "south carolina educational tv",
    "south corolina educational": "south carolina educational tv",
    "state board of education state of idaho": "idaho state board of education",
    "state board of education stateof idaho": "idaho state board of education",
    "spanish broadcasting systems": "spanish broadcasting system",
    "tri state christian tv": "tri state christian",
    "united communcations": "united",
    "word of god fellowship daystar": "daystar",
    "lbi media liberman": "liberman",
    "televisa grupo televisa": "televisa",
    "sainte partners": "sainte",
    "nbc universal": "nbc",
}

# The name an owner is shown by where the spelling most rows use is not its full name
# (key -> one of the list's own spellings).
NAMES = {
    "sinclair": "Sinclair Broadcast Group",
    "nexstar": "Nexstar Media Group",
    "gray": "Gray Television",
    "hearst": "Hearst Television",
    "tribune": "Tribune Broadcasting",
    "raycom": "Raycom Media",
    "e w scripps": "E. W. Scripps Company",
    "ion": "Ion Media Networks",
    "daystar": "Daystar Television Network",
    "liberman": "Liberman Broadcasting",
    "south carolina educational tv": "South Carolina Educational Television Commission",
    "idaho state board of education": "Idaho State Board of Education",
    "university of north carolina": "University of North Carolina",
    "united": "United Communications",
}


def _halved(text: str) -> str:
    """'AbcAbc' -> 'Abc': a name written twice over (a copying slip)."""
    half = len(text) // 2
    return text[:half] if len(text) % 2 == 0 and half and text[:half] == text[half:] else text


def _strip(words: list[str], tail: frozenset[str]) -> list[str]:
    """`words` without trailing words of `tail` (never down to nothing)."""
    end = len(words)
    while end > 1 and words[end - 1] in tail:
        end -= 1
    return words[:end]


def owner_key(name: str) -> str:
    """The key a spelling is known by: normalised, company forms dropped ('' when blank)."""
    words = name_key(name).split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    full = " ".join(words)
    stem = _halved(" ".join(_strip(words, COMPANY_FORMS)))
    return SPELLINGS.get(full) or SPELLINGS.get(stem) or stem


def bare_key(key: str) -> str:
    """A key without its trade words ('nexstar broadcasting' -> 'nexstar')."""
    return " ".join(_strip(key.split(), TRADE_WORDS | COMPANY_FORMS))


def _extends(longer: str, shorter: str) -> bool:
    return longer == shorter or longer.startswith(shorter + " ")


def join_keys(keys: Iterable[str]) -> dict[str, str]:
    """{key: the key of the owner it is}: keys with the same bare name are joined when the
    bare name is itself one of the keys or one key extends the other; an owner's key is the
    shortest of its keys."""
    by_bare: dict[str, list[str]] = {}
    for key in sorted(set(keys), key=lambda k: (len(k), k)):
        by_bare.setdefault(bare_key(key), []).append(key)
    out: dict[str, str] = {}
    for bare, group in by_bare.items():
        if bare in group:  # the list uses the bare name: every spelling is that owner
            out.update((k, bare) for k in group)
            continue
        for key in group:  # shortest first: join a key to the first one it extends
            out[key] = next((out[k] for k in group if k in out and _extends(key, k)), key)
    return out


def owner_name(key: str, spellings: Iterable[str]) -> str:
    """The name an owner is shown by: the curated one, else its spelling most rows use
    (on a tie the longer)."""
    if key in NAMES:
        return NAMES[key]
    counts = Counter(" ".join(s.split()) for s in spellings if s.strip())
    if not counts:
        return key
    return max(counts, key=lambda s: (counts[s], len(s)))


def reconcile(names: Iterable[str]) -> dict[str, tuple[str, str]]:
    """{spelling: (owner key, owner name)} for every non-blank spelling given."""
    given = [n for n in names if n.strip()]
    keys = {n: owner_key(n) for n in set(given)}
    owner_of = join_keys(keys.values())
    spellings: dict[str, list[str]] = {}
    for name in given:  # every row's spelling, so the most used one can be told
        spellings.setdefault(owner_of[keys[name]], []).append(name)
    names_of = {key: owner_name(key, found) for key, found in spellings.items()}
    return {n: (owner_of[k], names_of[owner_of[k]]) for n, k in keys.items()}
