"""The read model: records, badges, matches and the article-key bitmap, all from memory."""

from __future__ import annotations

import json
from array import array

import pytest

from server.read import records
from server.read.build import build_read_model
from server.read.model import ReadModel
from server.read.rows import Tables
from server.urls import url_sha256
from server.web.jsonbytes import dumps

from .dataset import ARTICLE_URL, rows

BASE = "https://masthead.example"


@pytest.fixture(scope="module")
def model(load_rows) -> ReadModel:  # type: ignore[no-untyped-def]
    with load_rows(rows()).connect() as conn:
        return build_read_model(conn, 7)


def test_records_are_the_sql_paths_with_record_url_last(model, memory_engine):
    with memory_engine.connect() as conn:
        for outlet_id in (1, 2):
            want = records.outlet_record(
                conn, records.fetch_outlet_row(conn, outlet_id=outlet_id), BASE
            )
            got = dumps(model.record(outlet_id, BASE))
            assert got == dumps(want)
            assert list(json.loads(got))[-1] == "record_url"
    assert json.loads(dumps(model.record(1, "http://other")))["record_url"] == (
        "http://other/outlets/news"
    )
    assert model.record(99, BASE) is None


def test_badges_show_labels_in_force_and_current_owners(model):
    news = model.badges[1]
    assert news.labels == ("state_controlled",)  # the sanctions ended yesterday
    assert news.owner == "The State"  # through the holding; the former owner's relation ended
    assert model.badges[2].labels == () and model.badges[2].owner is None


def test_batch_outlet_and_domain_rule_are_serialized_once(model):
    assert json.loads(dumps(model.batch_outlet(1))) == {
        "slug": "news",
        "name": "News",
        "kind": "private",
        "country": "XX",
        "label_kinds": ["state_controlled"],
    }
    assert model.batch_outlet(1) is model.batch_outlet(1)
    assert model.batch_outlet(99) is None
    rule = model.rules[1]
    assert (
        dumps(model.domain_rule(rule))
        == b'{"host":"video.example","path_prefix":"/@other","role":"channel"}'
    )
    assert model.domain_rule(rule) is model.domain_rule(rule) and model.domain_rule(None) is None


def test_article_keys_say_when_no_query_is_needed(model):
    assert model.may_have_article(url_sha256(ARTICLE_URL))
    assert not model.may_have_article(url_sha256("https://news.example/other"))
    unknown = ReadModel(1, Tables([], {}, {}, {}, {}, {}, {}, None))
    assert unknown.may_have_article(url_sha256("https://news.example/other"))  # ask the database
    empty = ReadModel(1, Tables([], {}, {}, {}, {}, {}, {}, array("Q")))
    assert not empty.may_have_article(url_sha256(ARTICLE_URL))


def test_an_updated_model_keeps_no_earlier_model_alive(load_rows):  # type: ignore[no-untyped-def]
    """Models sharing the ownership composer must not keep the model (and tables) that made
    it: freed by reference counting alone, as server/read/gc.py assumes (no collection)."""
    import gc
    import weakref

    with load_rows(rows()).connect() as conn:
        first = build_read_model(conn, 7)
    second = ReadModel.updated(first, 8, first.tables(), {1}, rules=False, owners=False)
    assert second.records.composer is first.records.composer
    gone_model, gone_builder = weakref.ref(first), weakref.ref(first.records)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del first
        assert gone_model() is None and gone_builder() is None
    finally:
        if enabled:
            gc.enable()
    assert second.record(1, BASE) is not None
