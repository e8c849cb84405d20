"""Loading the tables: raw driver values normalized as SQLAlchemy's types would, shared."""

from __future__ import annotations

from decimal import Decimal

import pytest

from server.read.build import _share, load_tables
from server.urls import url_sha256

from .dataset import ARTICLE_URL, rows


@pytest.fixture(scope="module")
def tables(load_rows):  # type: ignore[no-untyped-def]
    with load_rows(rows()).connect() as conn:
        return load_tables(conn)


def test_rules_by_id_with_their_outlet(tables):
    assert [(r.rule_id, r.host, r.path_prefix, r.outlet_id) for r in tables.rules] == [
        (1, "news.example", "", 1),
        (2, "video.example", "/@other", 2),
    ]
    assert tables.rules[0].fold_variants is True and tables.rules[1].fold_variants is False


def test_outlets_keep_json_text_and_share_low_cardinality_values(tables):
    news, other = tables.outlets[1], tables.outlets[2]
    assert news[:2] == ("news", "News") and news[12] == 1 and other[12] is None
    assert news[2] == '["The News"]'  # decoded only when a record needs it
    assert news[5] is other[5]  # the same languages text, one object
    assert news[10] is other[10]  # "active"
    assert str(news[7]) == "1999-03-04"


def test_relations_split_by_subject_in_id_order(tables):
    assert [r[0] for r in tables.relations_of_outlet[1]] == [1, 3]
    assert [r[0] for r in tables.relations_of_entity[1]] == [2]
    assert tables.relations_of_outlet[1][0][5] == 51.0  # share, as a float
    assert tables.relations_of_outlet[1][1][7] is not None  # until


def test_labels_in_the_sql_paths_order(tables):
    assert [lab[0] for lab in tables.labels[1]] == ["sanctioned", "state_controlled"]


def test_article_keys_hold_the_first_64_bits_of_each_hash(tables):
    assert list(tables.article_keys) == [int(url_sha256(ARTICLE_URL)[:16], 16)]


@pytest.mark.parametrize(
    ("raw", "share"),
    [(None, None), (50, 50.0), (33.333, 33.33), (12.5, 12.5), (Decimal("7.10"), 7.1)],
)
def test_shares_round_to_the_column_scale(raw, share):
    assert _share(raw) == share
