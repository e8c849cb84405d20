"""Reading Wikidata's two JSON shapes into items: entity JSON (Special:EntityData/Q1.json,
wbgetentities, or a dump's array of entities: claims -> mainsnak, qualifiers, references) and
SPARQL results (application/sparql-results+json: head.vars, results.bindings).

Pure functions: text in, a `Bundle` out. Only the properties the importer uses are read
(SUPPORTED); every other statement, a deprecated one, an unknown or "no value" one, is
counted in `Bundle.ignored` by what it is. A file that is not JSON, or not in either shape,
is a ValidationFailed naming its line and column, or the line of the entity at fault.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import ValidationFailed

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


def _qid_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id") or (
            f"Q{value['numeric-id']}" if isinstance(value.get("numeric-id"), int) else None
        )
    if isinstance(value, str):
        value = value.removeprefix(ENTITY_URI)
        return value if QID.match(value) else None
    return None


def _snak_value(snak: Any) -> Any:
    """The value of a 'value' snak, else None."""
    if not isinstance(snak, dict) or snak.get("snaktype") != "value":
        return None
    datavalue = snak.get("datavalue")
    return datavalue.get("value") if isinstance(datavalue, dict) else None


def _first(snaks: Any, prop: str) -> Any:
    if not isinstance(snaks, dict):
        return None
    for snak in snaks.get(prop) or []:
        value = _snak_value(snak)
        if value is not None:
            return value
    return None


def _date(text: Any) -> dt.date | None:
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
        url = _first(snaks, "P854")
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            retrieved = parse_time(_first(snaks, "P813"))
            return Reference(url, retrieved.day if retrieved else None)
    return None


# -- entity JSON -------------------------------------------------------------------------


def _text(values: Any, lang: str = "en") -> str | None:
    """The English (else 'mul', else any) label of a labels map."""
    if not isinstance(values, dict) or not values:
        return None
    for key in (lang, "mul", *sorted(values)):
        entry = values.get(key)
        if isinstance(entry, dict) and isinstance(entry.get("value"), str):
            text = entry["value"].strip()
            if text:
                return text
    return None


def _aliases(values: Any) -> list[str]:
    if not isinstance(values, dict):
        return []
    out = []
    for entry in values.get("en") or []:
        text = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(text, str) and text.strip():
            out.append(text.strip())
    return out


def _read_statement(
    item: Item, prop: str, statement: dict[str, Any], ignored: Counter[str]
) -> None:
    rank = statement.get("rank", "normal")
    if rank == "deprecated":
        ignored[f"{prop}: deprecated statement"] += 1
        return
    snak = statement.get("mainsnak")
    value = _snak_value(snak)
    if value is None:
        kind = snak.get("snaktype", "?") if isinstance(snak, dict) else "?"
        ignored[f"{prop}: '{kind}' statement"] += 1
        return
    qualifiers = statement.get("qualifiers")
    ended = _first(qualifiers, "P582") is not None
    if prop in EDGE_PROPERTIES:
        target = _qid_of(value)
        if target is None:
            ignored[f"{prop}: value is not an item"] += 1
            return
        item.edges.append(
            Edge(
                prop,
                target,
                share=share_of(_first(qualifiers, "P1107")),
                since=parse_time(_first(qualifiers, "P580")),
                until=parse_time(_first(qualifiers, "P582")),
                reference=reference_of(statement.get("references")),
            )
        )
    elif prop in (WEBSITE, COUNTRY) and ended:
        ignored[f"{prop}: ended statement"] += 1
    elif prop == WEBSITE and isinstance(value, str):
        item.websites.append(value)
    elif prop == INCEPTION:
        when = parse_time(value)
        if when is None:
            ignored[f"{prop}: not a Gregorian date"] += 1
        elif item.inception is None:
            item.inception = when
    elif prop == ISO_CODE and isinstance(value, str):
        item.iso_code = item.iso_code or value.strip().upper()
    elif (qid := _qid_of(value)) is not None:
        {COUNTRY: item.countries, INSTANCE_OF: item.classes, LEGAL_FORM: item.legal_forms}[
            prop
        ].append(qid)
    else:
        ignored[f"{prop}: unexpected value"] += 1


def read_entity(data: Any, ignored: Counter[str], where: str) -> Item:
    """One entity of Special:EntityData / wbgetentities / a dump."""
    if not isinstance(data, dict):
        raise ValidationFailed(f"{where}: an entity must be a JSON object")
    qid = data.get("id")
    if not isinstance(qid, str) or not QID.match(qid):
        raise ValidationFailed(f'{where}: an entity needs an item id such as "Q42"')
    claims = data.get("claims", data.get("statements", {}))
    if not isinstance(claims, dict):
        raise ValidationFailed(f"{where} ({qid}): 'claims' must be an object of properties")
    item = Item(
        qid,
        label=_text(data.get("labels")),
        aliases=_aliases(data.get("aliases")),
        modified=_date(data.get("modified")),
    )
    for prop, statements in claims.items():
        if not isinstance(statements, list) or not all(isinstance(s, dict) for s in statements):
            raise ValidationFailed(f"{where} ({qid}): claims.{prop} must be a list of statements")
        if prop not in SUPPORTED:
            ignored[f"{prop}: unsupported property"] += len(statements)
            continue
        for statement in statements:
            _read_statement(item, prop, statement, ignored)
    return item


# -- SPARQL results --------------------------------------------------------------------------

# The columns the importer reads; `xLabel` columns name the item of column `x`.
SPARQL_COLUMNS = {
    "item": None,
    "website": WEBSITE,
    "country": COUNTRY,
    "countryCode": ISO_CODE,
    "inception": INCEPTION,
    "class": INSTANCE_OF,
    "legalForm": LEGAL_FORM,
    "owner": OWNED_BY,
    "parent": PARENT,
    "funder": FUNDER,
    "share": "P1107",
    "start": "P580",
    "end": "P582",
    "reference": "P854",
    "retrieved": "P813",
    "modified": "schema:dateModified",
}


def _cell(row: dict[str, Any], name: str) -> str | None:
    cell = row.get(name)
    if isinstance(cell, dict) and isinstance(cell.get("value"), str):
        return cell["value"].strip() or None
    return None


def _row_edge(row: dict[str, Any], prop: str, target: str, bundle: Bundle) -> Edge:
    """One owner/parent/funder cell of a row, with the row's qualifier columns."""
    share = None
    if (text := _cell(row, "share")) is not None:
        share = share_of({"amount": text, "unit": "1"})
    start, end, url = _cell(row, "start"), _cell(row, "end"), _cell(row, "reference")
    retrieved = _cell(row, "retrieved")
    return Edge(
        prop,
        target,
        share=share,
        since=sparql_time(start, _cell(row, "startPrecision")) if start else None,
        until=sparql_time(end, _cell(row, "endPrecision")) if end else None,
        reference=Reference(url, _date(retrieved)) if url else None,
    )


def _read_row(row: dict[str, Any], bundle: Bundle, where: str) -> None:
    qid = _qid_of(_cell(row, "item"))
    if qid is None:
        raise ValidationFailed(f"{where}: ?item must be a Wikidata item URI")
    item = bundle.item(qid)
    item.label = item.label or _cell(row, "itemLabel")
    item.modified = item.modified or _date(_cell(row, "modified"))
    if (website := _cell(row, "website")) and website not in item.websites:
        item.websites.append(website)
    if (inception := _cell(row, "inception")) and item.inception is None:
        item.inception = sparql_time(inception, _cell(row, "inceptionPrecision"))
    for column, values in (
        ("country", item.countries),
        ("class", item.classes),
        ("legalForm", item.legal_forms),
    ):
        target = _qid_of(_cell(row, column))
        if target is not None and target not in values:
            values.append(target)
            named = bundle.item(target)
            named.label = named.label or _cell(row, f"{column}Label")
            if column == "country":
                named.iso_code = named.iso_code or _cell(row, "countryCode")
    for column, prop in (("owner", OWNED_BY), ("parent", PARENT), ("funder", FUNDER)):
        target = _qid_of(_cell(row, column))
        if target is None:
            continue
        edge = _row_edge(row, prop, target, bundle)
        if edge not in item.edges:
            item.edges.append(edge)
        named = bundle.item(target)
        named.label = named.label or _cell(row, f"{column}Label")


def read_sparql(data: dict[str, Any], lines: list[int]) -> Bundle:
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise ValidationFailed("SPARQL results need 'head' and 'results' objects")
    columns = head.get("vars")
    bindings = results.get("bindings")
    if not isinstance(columns, list) or "item" not in columns:
        raise ValidationFailed("SPARQL results need an ?item column (head.vars)")
    if not isinstance(bindings, list):
        raise ValidationFailed("SPARQL results need results.bindings, a list of rows")
    bundle = Bundle()
    known = set(SPARQL_COLUMNS) | {f"{c}Label" for c in SPARQL_COLUMNS}
    known |= {f"{c}Precision" for c in ("inception", "start", "end")}
    for column in columns:
        if column not in known:
            bundle.ignored[f"?{column}: unsupported column"] += len(bindings)
    for n, row in enumerate(bindings):
        line = lines[n] if n < len(lines) else None
        where = f"line {line}: row {n + 1}" if line else f"row {n + 1}"
        if not isinstance(row, dict):
            raise ValidationFailed(f"{where}: a row must be a JSON object")
        _read_row(row, bundle, where)
        item = bundle.items[_qid_of(_cell(row, "item")) or ""]
        item.line = item.line or line
    return bundle


# -- the file ------------------------------------------------------------------------------


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None


def _lines_of(text: str, needles: list[str], start: int = 0) -> list[int]:
    """The line of each needle, searched in order from where the last one was found."""
    out, pos = [], start
    for needle in needles:
        found = text.find(needle, pos)
        if found < 0:
            out.append(0)
            continue
        out.append(text.count("\n", 0, found) + 1)
        pos = found + len(needle)
    return out


def read_bundle(text: str) -> Bundle:
    """The items of an entity JSON or SPARQL results file."""
    data = _load(text)
    if isinstance(data, dict) and "head" in data:
        results = data.get("results")
        rows = results.get("bindings") if isinstance(results, dict) else None
        count = len(rows) if isinstance(rows, list) else 0
        return read_sparql(data, _lines_of(text, ['"item"'] * count, text.find('"bindings"')))
    if isinstance(data, dict) and isinstance(data.get("entities"), dict):
        entities = list(data["entities"].values())
        needles = [f'"{key}"' for key in data["entities"]]
    elif isinstance(data, list):
        entities = data
        needles = [f'"{e.get("id")}"' if isinstance(e, dict) else "{" for e in data]
    else:
        raise ValidationFailed(
            'line 1: not Wikidata JSON: expected entity JSON ({"entities": {...}}, as '
            "Special:EntityData gives, or a dump's list of entities) or SPARQL results "
            '({"head": ..., "results": ...})'
        )
    bundle = Bundle()
    for entity, line in zip(entities, _lines_of(text, needles), strict=True):
        where = f"line {line}" if line else "entity"
        if isinstance(entity, dict) and "missing" in entity:
            bundle.ignored["missing entity"] += 1
            continue
        item = read_entity(entity, bundle.ignored, where)
        item.line = line or None
        bundle.items[item.qid] = item
    return bundle
