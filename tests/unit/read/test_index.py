"""The domain index: rules sorted, outlets numbered once, served gzipped with an ETag."""

from __future__ import annotations

import gzip
import json

import pytest

from server.read.build import build_read_model
from server.read.index import DomainIndex, domain_index_document

from .dataset import rows


@pytest.fixture(scope="module")
def model(load_rows):  # type: ignore[no-untyped-def]
    with load_rows(rows()).connect() as conn:
        return build_read_model(conn, 4)


def test_document_lists_rules_by_host_with_outlet_positions(model):
    doc = domain_index_document(model)
    assert doc["data_version"] == 4
    assert doc["rules"] == [["news.example", "", 0], ["video.example", "/@other", 1, 0]]
    assert doc["outlets"][0] == {
        "slug": "news",
        "name": "News",
        "kind": "private",
        "country": "XX",
        "labels": ["state_controlled"],
        "owner": "The State",
    }


def test_served_form_is_made_once(model):
    index = DomainIndex(model, "public, max-age=60")
    assert json.loads(index.body) == domain_index_document(model)
    assert gzip.decompress(index.gzipped) == index.body
    assert index.etag.startswith("v4-") and index.quoted == f'"{index.etag}"'
    assert ("Content-Encoding", "gzip") in index.gzip_headers
    assert ("Cache-Control", "public, max-age=60") in index.not_modified_headers
