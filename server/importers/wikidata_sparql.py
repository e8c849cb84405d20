"""Reading SPARQL results (application/sparql-results+json) into items: one row per
combination of values, merged by ?item; the columns read are SPARQL_COLUMNS, any other is
counted as ignored (pure)."""

from __future__ import annotations

from typing import Any

from ..errors import ValidationFailed
from .wikidata_values import (
    COUNTRY,
    FUNDER,
    INCEPTION,
    INSTANCE_OF,
    ISO_CODE,
    LEGAL_FORM,
    OWNED_BY,
    PARENT,
    WEBSITE,
    Bundle,
    Edge,
    Reference,
    date_of,
    qid_of,
    share_of,
    sparql_time,
)

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
        reference=Reference(url, date_of(retrieved)) if url else None,
    )


def _read_row(row: dict[str, Any], bundle: Bundle, where: str) -> None:
    qid = qid_of(_cell(row, "item"))
    if qid is None:
        raise ValidationFailed(f"{where}: ?item must be a Wikidata item URI")
    item = bundle.item(qid)
    item.label = item.label or _cell(row, "itemLabel")
    item.modified = item.modified or date_of(_cell(row, "modified"))
    if (website := _cell(row, "website")) and website not in item.websites:
        item.websites.append(website)
    if (inception := _cell(row, "inception")) and item.inception is None:
        item.inception = sparql_time(inception, _cell(row, "inceptionPrecision"))
    for column, values in (
        ("country", item.countries),
        ("class", item.classes),
        ("legalForm", item.legal_forms),
    ):
        target = qid_of(_cell(row, column))
        if target is not None and target not in values:
            values.append(target)
            named = bundle.item(target)
            named.label = named.label or _cell(row, f"{column}Label")
            if column == "country":
                named.iso_code = named.iso_code or _cell(row, "countryCode")
    for column, prop in (("owner", OWNED_BY), ("parent", PARENT), ("funder", FUNDER)):
        target = qid_of(_cell(row, column))
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
        item = bundle.items[qid_of(_cell(row, "item")) or ""]
        item.line = item.line or line
    return bundle
