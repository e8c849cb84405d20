"""Reading Wikidata JSON (pure): time values and their precision, proportions, references,
statement ranks and snak types, SPARQL rows, the relation an edge makes, and bad files.
Made-up items (Q1, Q2...) stand for shapes, not facts."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.errors import ValidationFailed
from server.importers.wikidata_claims import read_bundle, read_entity
from server.importers.wikidata_kinds import entity_kind, is_news, outlet_kind, relation_values
from server.importers.wikidata_values import (
    PERCENT_UNIT,
    Edge,
    Item,
    Reference,
    WikiDate,
    parse_time,
    share_of,
    sparql_time,
)

GREGORIAN = "http://www.wikidata.org/entity/Q1985727"


def time(text: str, precision: int, calendar: str = GREGORIAN) -> dict[str, Any]:
    return {"time": text, "timezone": 0, "before": 0, "after": 0, "precision": precision,
            "calendarmodel": calendar}  # fmt: skip


def snak(prop: str, value: Any, kind: str = "value") -> dict[str, Any]:
    if kind != "value":
        return {"snaktype": kind, "property": prop}
    if isinstance(value, str) and value.startswith("Q"):
        datavalue = {"value": {"entity-type": "item", "id": value}, "type": "wikibase-entityid"}
    else:
        datavalue = {"value": value, "type": "x"}
    return {"snaktype": "value", "property": prop, "datavalue": datavalue}


def statement(main: dict[str, Any], rank: str = "normal", **extra: Any) -> dict[str, Any]:
    return {"mainsnak": main, "type": "statement", "rank": rank, **extra}


# -- values --------------------------------------------------------------------------------


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from([9, 10, 11, 12, 14]))
def test_a_time_is_the_first_day_of_its_period(day: dt.date, precision: int) -> None:
    when = parse_time(time(f"+{day.isoformat()}T00:00:00Z", precision))
    assert when is not None and when.precision == min(precision, 11)
    assert when.day.year == day.year
    assert when.day <= day
    if precision >= 11:
        assert when.day == day
    if precision == 10:
        assert when.day == day.replace(day=1)
    if precision == 9:
        assert when.day == dt.date(day.year, 1, 1)


def test_year_precision_times_with_zero_month_and_day_are_read() -> None:
    assert parse_time(time("+1851-00-00T00:00:00Z", 9)) == WikiDate(dt.date(1851, 1, 1), 9)


@pytest.mark.parametrize(
    "value",
    [
        time("+1851-09-18T00:00:00Z", 8),  # a decade
        time("-0044-03-15T00:00:00Z", 11),  # BCE
        time("+1851-09-18T00:00:00Z", 11, "http://www.wikidata.org/entity/Q1985786"),  # Julian
        time("+1851-02-30T00:00:00Z", 11),
        "1851",
        None,
    ],
)
def test_what_is_not_a_gregorian_date_is_none(value: Any) -> None:
    assert parse_time(value) is None


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_sparql_date_without_precision_never_claims_more_than_it_shows(day: dt.date) -> None:
    when = sparql_time(f"{day.isoformat()}T00:00:00Z", None)
    assert when is not None and when.day == day
    if day.day != 1:
        assert when.precision == 11
    else:
        assert when.precision == (9 if day.month == 1 else 10)


def test_a_sparql_precision_column_is_used() -> None:
    assert sparql_time("2013-10-01T00:00:00Z", "11") == WikiDate(dt.date(2013, 10, 1), 11)


@given(st.decimals(min_value=0, max_value=1, places=4))
def test_a_proportion_of_one_is_a_percentage(amount: Decimal) -> None:
    share = share_of({"amount": f"+{amount}", "unit": "1"})
    assert share == (amount * 100).quantize(Decimal("0.01"))
    assert share is not None and 0 <= share <= 100


@pytest.mark.parametrize(
    ("value", "share"),
    [
        ({"amount": "+51", "unit": PERCENT_UNIT}, Decimal("51.00")),
        ({"amount": "+51", "unit": "1"}, None),  # over 1 without a unit: ambiguous
        ({"amount": "+0.5", "unit": "http://www.wikidata.org/entity/Q11573"}, None),
        ({"amount": "lots", "unit": "1"}, None),
        ("0.5", None),
    ],
)
def test_proportions_in_other_units_are_dropped(value: Any, share: Decimal | None) -> None:
    assert share_of(value) == share


# -- entity JSON ---------------------------------------------------------------------------


def test_statements_are_read_with_qualifiers_and_references() -> None:
    ignored: Any = __import__("collections").Counter()
    claims = {
        "P31": [statement(snak("P31", "Q11032"))],
        "P127": [
            statement(
                snak("P127", "Q2"),
                qualifiers={
                    "P1107": [snak("P1107", {"amount": "+0.25", "unit": "1"})],
                    "P580": [snak("P580", time("+2001-05-00T00:00:00Z", 10))],
                    "P582": [snak("P582", time("+2010-07-04T00:00:00Z", 11))],
                },
                references=[
                    {"snaks": {"P248": [snak("P248", "Q9")]}},
                    {
                        "snaks": {
                            "P854": [snak("P854", "https://example.org/owners")],
                            "P813": [snak("P813", time("+2020-02-02T00:00:00Z", 11))],
                        }
                    },
                ],
            ),
            statement(snak("P127", "Q3"), rank="deprecated"),
            statement(snak("P127", None, "somevalue")),
        ],
        "P749": [statement(snak("P749", "Q4"))],
        "P8324": [statement(snak("P8324", "Q5"))],
        "P856": [
            statement(snak("P856", "https://one.example/")),
            statement(
                snak("P856", "https://old.example/"),
                qualifiers={"P582": [snak("P582", time("+2000-01-01T00:00:00Z", 11))]},
            ),
        ],
        "P569": [statement(snak("P569", time("+1900-01-01T00:00:00Z", 11)))],
    }
    item = read_entity({"id": "Q1", "claims": claims, "modified": "2024-01-02T03:04:05Z"},
                       ignored, "line 1")  # fmt: skip
    assert item.classes == ["Q11032"] and item.websites == ["https://one.example/"]
    assert item.modified == dt.date(2024, 1, 2)
    owner, parent, funder = item.edges
    assert owner == Edge(
        "P127",
        "Q2",
        share=Decimal("25.00"),
        since=WikiDate(dt.date(2001, 5, 1), 10),
        until=WikiDate(dt.date(2010, 7, 4), 11),
        reference=Reference("https://example.org/owners", dt.date(2020, 2, 2)),
    )
    assert (parent.prop, parent.target, funder.prop, funder.target) == (
        "P749", "Q4", "P8324", "Q5",
    )  # fmt: skip
    assert ignored == {
        "P127: deprecated statement": 1,
        "P127: 'somevalue' statement": 1,
        "P856: ended statement": 1,
        "P569: unsupported property": 1,
    }


def test_a_dump_array_and_missing_entities_are_read() -> None:
    text = json.dumps([{"id": "Q1", "claims": {}}, {"id": "Q2", "missing": ""}])
    bundle = read_bundle(text)
    assert list(bundle.items) == ["Q1"] and bundle.ignored["missing entity"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{\n  \"entities\": {\n    \"Q1\": {\"id\": \"Q1\", \"claims\": {\"P31\": [1]}}}}",
         "line 3 (Q1): claims.P31 must be a list of statements"),
        ("{\"entities\": {}}\n\n}", "line 3, column 1: not valid JSON"),
        ("{\"head\": {}, \"results\": []}", "need 'head' and 'results' objects"),
        ("{\"head\": {\"vars\": [\"item\"]}, \"results\": {\"bindings\": {}}}",
         "results.bindings, a list of rows"),
    ],
)  # fmt: skip
def test_bad_files_say_where(text: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_bundle(text)
    assert message in caught.value.message


# -- SPARQL --------------------------------------------------------------------------------


def uri(qid: str) -> dict[str, str]:
    return {"type": "uri", "value": f"http://www.wikidata.org/entity/{qid}"}


def test_sparql_rows_merge_by_item_and_count_unknown_columns() -> None:
    rows = [
        {"item": uri("Q1"), "itemLabel": {"type": "literal", "value": "One"},
         "owner": uri("Q2"), "ownerLabel": {"type": "literal", "value": "Two"},
         "share": {"type": "literal", "value": "0.5"}, "other": {"type": "literal", "value": "x"}},
        {"item": uri("Q1"), "website": {"type": "uri", "value": "https://one.example/"},
         "owner": uri("Q2"), "share": {"type": "literal", "value": "0.5"}},
    ]  # fmt: skip
    text = json.dumps(
        {"head": {"vars": ["item", "itemLabel", "owner", "ownerLabel", "share", "website",
                           "other"]},
         "results": {"bindings": rows}}
    )  # fmt: skip
    bundle = read_bundle(text)
    one = bundle.items["Q1"]
    assert one.label == "One" and one.websites == ["https://one.example/"]
    assert one.edges == [Edge("P127", "Q2", share=Decimal("50.00"))]
    assert bundle.items["Q2"].label == "Two"
    assert bundle.ignored == {"?other: unsupported column": 2}


# -- vocabulary ----------------------------------------------------------------------------


def test_classes_and_legal_forms_in_masthead_words() -> None:
    assert is_news(["Q5", "Q11032"]) and not is_news(["Q4830453"])
    assert outlet_kind(["Q1126006"], []) == "public_service"
    assert outlet_kind(["Q11032"], ["nonprofit organization"]) == "nonprofit"
    assert outlet_kind(["Q11032"], ["public limited company"]) == "unknown"
    assert entity_kind(["Q5"], []) == "person"
    assert entity_kind(["Q99999999"], ["Gesellschaft mit beschränkter Haftung"]) == "company"
    assert entity_kind(["Q99999999"], [None]) == "other"


@given(
    st.sampled_from(["P127", "P749", "P8324"]),
    st.none() | st.dates(max_value=dt.date(2024, 1, 1)),
    st.none() | st.dates(max_value=dt.date(2024, 1, 1)),
    st.none() | st.dates(max_value=dt.date(2024, 1, 1)),
)
def test_a_relation_is_dated_by_its_source_and_its_dates_are_ordered(
    prop: str, since: dt.date | None, until: dt.date | None, retrieved: dt.date | None
) -> None:
    edge = Edge(
        prop,
        "Q2",
        since=WikiDate(since, 11) if since else None,
        until=WikiDate(until, 11) if until else None,
        reference=Reference("https://example.org/", retrieved),
    )
    item = Item("Q1", modified=dt.date(2024, 6, 1))
    values = relation_values(item, edge, "Two", dt.date(2025, 1, 1))
    assert values["kind"] == {"P127": "owned_by", "P749": "controlled_by",
                              "P8324": "funded_by"}[prop]  # fmt: skip
    assert values["as_of"] == (retrieved or dt.date(2024, 6, 1)).isoformat()
    if values["since"] and values["until"]:
        assert values["since"] <= values["until"]
    assert "https://example.org/" in values["note"]
