"""A domain rule's path folds on the read path: loaded with the rules, applied by the
lookup, shown in the outlet's record (as the SQL path shows it) and shipped to the extension
in the domain index document."""

from __future__ import annotations

from typing import Any

import pytest

from server.matching import PathFold
from server.read import lookup, records
from server.read.build import build_read_model
from server.read.index import domain_index_document
from server.read.model import ReadModel
from server.web.jsonbytes import dumps

from .dataset import ARTICLE_URL, rows

BASE = "https://masthead.example"
FOLDS = [{"prefix": "/edition", "replacement": ""}, {"prefix": "/print", "replacement": "/Story"}]


def folded_rows() -> dict[str, list[dict[str, Any]]]:
    data = rows()
    amp = {"id": 3, "outlet_id": 1, "host": "amp.news.example", "path_prefix": ""}
    data["domain_rules"] = [
        *({**r, "path_folds": []} for r in data["domain_rules"]),  # executemany: same keys
        amp | {"role": "mirror", "fold_variants": True, "path_folds": FOLDS},
    ]
    return data


@pytest.fixture(scope="module")
def model(load_rows) -> ReadModel:  # type: ignore[no-untyped-def]
    with load_rows(folded_rows()).connect() as conn:
        return build_read_model(conn, 9)


def test_rules_are_loaded_with_their_path_folds(model):
    by_host = {r.host: r for r in model.rules}
    assert by_host["amp.news.example"].path_folds == (
        PathFold("/edition", ""),
        PathFold("/print", "/Story"),
    )
    assert by_host["news.example"].path_folds == ()


def test_lookup_keys_the_folded_page_like_the_main_site(model):
    key, rule = lookup.identify(model, "https://amp.news.example/edition/2024/05/story")
    assert key == ARTICLE_URL
    assert rule is not None and rule.host == "news.example"
    key, _ = lookup.identify(model, "https://amp.news.example/print/1")
    assert key == "https://news.example/Story/1"


def test_single_lookup_of_a_folded_page_finds_the_article(model):
    loaded: list[str] = []

    def load(canonical: str) -> tuple[dict[str, Any] | None, dict[str, list[Any]], int | None]:
        loaded.append(canonical)
        return {"canonical_url": canonical}, {}, None

    raw = "amp.news.example/edition/2024/05/story"
    body = lookup.single_lookup(model, raw, lookup.parse_url(raw), BASE, load)
    assert loaded == [ARTICLE_URL]
    assert b'"canonical_url":"' + ARTICLE_URL.encode() + b'"' in body


def test_batch_lookup_gives_the_folded_key(model):
    body = lookup.batch_lookup(model, ["https://amp.news.example/edition/2024/05/story"])
    assert b'"canonical_url":"' + ARTICLE_URL.encode() + b'"' in body
    assert b'"slug":"news"' in body


def test_record_shows_the_path_folds_as_the_sql_path_does(model, memory_engine):
    with memory_engine.connect() as conn:
        want = records.outlet_record(conn, records.fetch_outlet_row(conn, outlet_id=1), BASE)
    assert dumps(model.record(1, BASE)) == dumps(want)
    domains = {d["host"]: d for d in want["domains"]}
    assert domains["amp.news.example"]["path_folds"] == FOLDS
    assert domains["news.example"]["path_folds"] == []


def test_index_document_ships_the_fold_flag_and_the_folds(model):
    rules = domain_index_document(model)["rules"]
    assert ["amp.news.example", "", 0, 1, [["/edition", ""], ["/print", "/Story"]]] in rules
    assert ["news.example", "", 0] in rules
    assert ["video.example", "/@other", 1, 0] in rules
