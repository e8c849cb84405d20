"""Reading Wikidata's two JSON shapes into items: entity JSON (Special:EntityData/Q1.json,
wbgetentities, or a dump's array of entities: claims -> mainsnak, qualifiers, references) and
SPARQL results (`wikidata_sparql`).

Pure functions: text in, a `Bundle` out. Only the properties the importer uses are read
(SUPPORTED); every other statement, a deprecated one, an unknown or "no value" one, is
counted in `Bundle.ignored` by what it is. A file that is not JSON, or not in either shape,
is a ValidationFailed naming its line and column, or the line of the entity at fault.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..errors import ValidationFailed
from .wikidata_sparql import read_sparql
from .wikidata_values import (
    COUNTRY,
    EDGE_PROPERTIES,
    INCEPTION,
    INSTANCE_OF,
    ISO_CODE,
    LEGAL_FORM,
    QID,
    SUPPORTED,
    WEBSITE,
    Bundle,
    Edge,
    Item,
    date_of,
    first,
    parse_time,
    qid_of,
    reference_of,
    share_of,
    snak_value,
)

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
    value = snak_value(snak)
    if value is None:
        kind = snak.get("snaktype", "?") if isinstance(snak, dict) else "?"
        ignored[f"{prop}: '{kind}' statement"] += 1
        return
    qualifiers = statement.get("qualifiers")
    ended = first(qualifiers, "P582") is not None
    if prop in EDGE_PROPERTIES:
        target = qid_of(value)
        if target is None:
            ignored[f"{prop}: value is not an item"] += 1
            return
        item.edges.append(
            Edge(
                prop,
                target,
                share=share_of(first(qualifiers, "P1107")),
                since=parse_time(first(qualifiers, "P580")),
                until=parse_time(first(qualifiers, "P582")),
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
    elif (qid := qid_of(value)) is not None:
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
        modified=date_of(data.get("modified")),
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
