"""Wikidata's values and the items read from them: time values with their precision,
proportions, references, and the `Item`/`Bundle` the two file shapes are read into (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

ENTITY_URI = "http://www.wikidata.org/entity/"
PERCENT_UNIT = ENTITY_URI + "Q11229"
QID = re.compile(r"^Q[1-9][0-9]{0,11}$")

# Statement properties read from an item; qualifier and reference properties are read
# where these statements carry them (P580/P582 start/end, P1107 share; P854 URL, P813
# retrieved).
WEBSITE, COUNTRY, INCEPTION, INSTANCE_OF, LEGAL_FORM, ISO_CODE = (
    "P856",
    "P17",
    "P571",
    "P31",
    "P1454",
    "P297",
)
OWNED_BY, PARENT, FUNDER = "P127", "P749", "P8324"
EDGE_PROPERTIES = (OWNED_BY, PARENT, FUNDER)
SUPPORTED = frozenset(
    {WEBSITE, COUNTRY, INCEPTION, INSTANCE_OF, LEGAL_FORM, ISO_CODE, *EDGE_PROPERTIES}
)
DAY, MONTH, YEAR = 11, 10, 9


@dataclass(frozen=True)
class WikiDate:
    """A Wikidata time value: the first day of the period it names, and its precision
    (9 year, 10 month, 11 day)."""

    day: dt.date
    precision: int

    def shown(self) -> str:
        if self.precision >= DAY:
            return self.day.isoformat()
        return self.day.isoformat()[:7] if self.precision == MONTH else str(self.day.year)


@dataclass(frozen=True)
class Reference:
    url: str
    retrieved: dt.date | None


@dataclass(frozen=True)
class Edge:
    """One owned-by / parent / funder statement of an item."""

    prop: str
    target: str
    share: Decimal | None = None
    since: WikiDate | None = None
    until: WikiDate | None = None
    reference: Reference | None = None


@dataclass
class Item:
    qid: str
    label: str | None = None
    aliases: list[str] = field(default_factory=list)
    modified: dt.date | None = None
    classes: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    iso_code: str | None = None
    inception: WikiDate | None = None
    legal_forms: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    line: int | None = None


@dataclass
class Bundle:
    items: dict[str, Item] = field(default_factory=dict)
    ignored: Counter[str] = field(default_factory=Counter)

    def item(self, qid: str) -> Item:
        found = self.items.get(qid)
        if found is None:
            found = self.items[qid] = Item(qid)
        return found

    def merge(self, other: Bundle) -> None:
        """Add `other`'s items (an item already here is kept) and its counts."""
        for qid, item in other.items.items():
            self.items.setdefault(qid, item)
        self.ignored.update(other.ignored)


# -- values ------------------------------------------------------------------------------


def parse_time(value: Any, precision: int | None = None) -> WikiDate | None:
    """'+1877-12-06T00:00:00Z' (precision 11) -> 1877-12-06; a year or month is its first
    day. None for what is not a Gregorian date of year precision or finer."""
    if isinstance(value, dict):
        precision = value.get("precision")
        if value.get("calendarmodel", ENTITY_URI + "Q1985727") != ENTITY_URI + "Q1985727":
            return None
        value = value.get("time")
    if not isinstance(value, str) or not isinstance(precision, int) or precision < YEAR:
        return None
    match = re.match(r"^\+?(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    precision = min(precision, DAY)
    try:
        return WikiDate(
            dt.date(year, month if precision >= MONTH else 1, day if precision >= DAY else 1),
            precision,
        )
    except ValueError:
        return None


def sparql_time(value: str, precision: str | None) -> WikiDate | None:
    """A SPARQL dateTime. Without its precision (a `?xPrecision` column) the date is read at
    the finest precision it surely has: a first of January as a year, another first of a
    month as a month, any other day as a day."""
    if precision is not None and precision.isdigit():
        return parse_time(value, int(precision))
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        return None
    _year, month, day = match.groups()
    guess = DAY if day != "01" else (YEAR if month == "01" else MONTH)
    return parse_time(value, guess)


def share_of(value: Any) -> Decimal | None:
    """A proportion (P1107) as a percentage: amount 0.51 with unit 1 -> 51; amount 51 with
    unit percent -> 51. None for anything else (a fraction over 1, another unit)."""
    if not isinstance(value, dict):
        return None
    try:
        amount = Decimal(str(value.get("amount", "")).lstrip("+"))
    except InvalidOperation:
        return None
    unit = value.get("unit")
    if unit == "1" and 0 <= amount <= 1:
        percent = amount * 100
    elif unit == PERCENT_UNIT and 0 <= amount <= 100:
        percent = amount
    else:
        return None
    return percent.quantize(Decimal("0.01"))


def qid_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id") or (
            f"Q{value['numeric-id']}" if isinstance(value.get("numeric-id"), int) else None
        )
    if isinstance(value, str):
        value = value.removeprefix(ENTITY_URI)
        return value if QID.match(value) else None
    return None


def snak_value(snak: Any) -> Any:
    """The value of a 'value' snak, else None."""
    if not isinstance(snak, dict) or snak.get("snaktype") != "value":
        return None
    datavalue = snak.get("datavalue")
    return datavalue.get("value") if isinstance(datavalue, dict) else None


def first(snaks: Any, prop: str) -> Any:
    if not isinstance(snaks, dict):
        return None
    for snak in snaks.get(prop) or []:
        value = snak_value(snak)
        if value is not None:
            return value
    return None


def date_of(text: Any) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def reference_of(references: Any) -> Reference | None:
    """The first reference with a URL (P854); its retrieved date (P813) when it has one."""
    for ref in references if isinstance(references, list) else []:
        snaks = ref.get("snaks") if isinstance(ref, dict) else None
        url = first(snaks, "P854")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            retrieved = parse_time(first(snaks, "P813"))
            return Reference(url, retrieved.day if retrieved else None)
    return None
