"""What Wikidata's statements say in Masthead's vocabulary: which items are news outlets,
an outlet's kind, an owner's entity kind, and the relation an edge statement makes (pure).
Only classes whose ids are well known are listed; anything else says nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .wikidata_values import FUNDER, OWNED_BY, PARENT, Edge, Item, WikiDate

# P31 classes that make an item a news outlet.
NEWS_CLASSES = frozenset(
    {
        "Q11032",  # newspaper
        "Q1110794",  # daily newspaper
        "Q1153191",  # online newspaper
        "Q17232649",  # news website
        "Q192283",  # news agency
        "Q1193236",  # news media
        "Q41298",  # magazine
        "Q1002697",  # periodical
        "Q1616075",  # television station
        "Q2001305",  # television channel
        "Q14350",  # radio station
        "Q15265344",  # broadcaster
        "Q1126006",  # public broadcaster
    }
)
PUBLIC_BROADCASTER = "Q1126006"

ENTITY_CLASSES = {
    "Q5": "person",  # human
    "Q6256": "government",  # country
    "Q3624078": "government",  # sovereign state
    "Q7188": "government",  # government
    "Q327333": "public_body",  # government agency
    "Q163740": "nonprofit",  # nonprofit organization
    "Q157031": "nonprofit",  # foundation
    "Q783794": "company",  # company
    "Q4830453": "company",  # business
    "Q891723": "company",  # public company
    "Q6881511": "company",  # enterprise
    "Q219577": "company",  # holding company
    "Q5621421": "company",  # privately held company
    "Q1331793": "company",  # media company
}

# Words of a legal form's (or class's) English label, in the order they are tried.
LABEL_WORDS = (
    ("cooperative", "cooperative"),
    ("co-operative", "cooperative"),
    ("nonprofit", "nonprofit"),
    ("non-profit", "nonprofit"),
    ("not-for-profit", "nonprofit"),
    ("foundation", "nonprofit"),
    ("charit", "nonprofit"),
    ("trust", "trust"),
    ("government agency", "public_body"),
    ("statutory corporation", "public_body"),
    ("public body", "public_body"),
    ("company", "company"),
    ("corporation", "company"),
    ("limited", "company"),
    ("gmbh", "company"),
    ("gesellschaft", "company"),
    ("société anonyme", "company"),
    ("plc", "company"),
    ("llc", "company"),
)

RELATION_OF = {OWNED_BY: "owned_by", PARENT: "controlled_by", FUNDER: "funded_by"}
PROPERTY_NAMES = {OWNED_BY: "owned by", PARENT: "parent organization", FUNDER: "funder"}


def is_news(classes: Iterable[str]) -> bool:
    return any(c in NEWS_CLASSES for c in classes)


def label_kind(labels: Iterable[str | None]) -> str | None:
    for label in labels:
        text = (label or "").lower()
        for word, kind in LABEL_WORDS:
            if word in text:
                return kind
    return None


def entity_kind(classes: Iterable[str], form_labels: Iterable[str | None]) -> str:
    """An owner's kind: by its class, else by its legal form's label, else 'other'."""
    for qid in classes:
        if qid in ENTITY_CLASSES:
            return ENTITY_CLASSES[qid]
    return label_kind(form_labels) or "other"


def outlet_kind(classes: Iterable[str], form_labels: Iterable[str | None]) -> str:
    """An outlet's kind, only where Wikidata says it plainly: a public broadcaster is
    public_service; a nonprofit or cooperative legal form says so; otherwise unknown (who
    owns it says more, and a maintainer judges that)."""
    if PUBLIC_BROADCASTER in classes:
        return "public_service"
    kind = label_kind(form_labels)
    return kind if kind in ("nonprofit", "cooperative") else "unknown"


def _day(when: WikiDate | None) -> str | None:
    return when.day.isoformat() if when else None


def relation_values(item: Item, edge: Edge, target_name: str, accessed: dt.date) -> dict[str, Any]:
    """The relation an edge of `item` makes (without its object and citation): kind, share,
    since/until (a year or month as its first day, said in the note), and `as_of` the date
    its source states: the reference's retrieved date, else the item's `modified`, else
    the day it was read (`accessed`). The note names the statement and its reference."""
    ref = edge.reference
    as_of = (ref.retrieved if ref else None) or item.modified or accessed
    note = (
        f"Wikidata {item.qid}: {PROPERTY_NAMES[edge.prop]} ({edge.prop}) "
        f"{target_name} ({edge.target})"
    )
    for name, when in (("start time", edge.since), ("end time", edge.until)):
        if when is not None:
            note += f", {name} {when.shown()}"
    note += "."
    if ref is not None:
        retrieved = f" (retrieved {ref.retrieved.isoformat()})" if ref.retrieved else ""
        note += f" Wikidata's reference: {ref.url}{retrieved}."
    since, until = _day(edge.since), _day(edge.until)
    if since and until and until < since:
        since = until = None
        note += " Its start and end are out of order: neither is kept."
    return {
        "kind": RELATION_OF[edge.prop],
        "share": float(edge.share) if edge.share is not None else None,
        "since": since,
        "until": until,
        "as_of": as_of.isoformat(),
        "note": note[:2000],
    }
