"""The read model follows curation writes through the change log (issue #18): after each
kind of write it is updated, not rebuilt, and equals, part for part, a model built from the
whole tables at the same version."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from server import db
from server.curation import Actor, Curator
from server.models import Citation, DataVersion, DomainRule, Entity, Relation
from server.read import service
from server.read.build import build_read_model
from server.read.index import domain_index_document
from server.read.model import ReadModel
from server.web.jsonbytes import dumps
from tests.databases import app_config
from tests.workers import background_workers

from .conftest import CITATION, Api, entities_payload, make_token, outlet_payload

ACTOR = Actor(None, "tester")
BASE = "https://masthead.example"


def assert_as_built_whole(model: ReadModel) -> None:
    with db.connect() as conn:
        whole = build_read_model(conn, model.version)
    assert model.outlets == whole.outlets and model.rules == whole.rules
    assert model.rules_of == whole.rules_of and model.badges == whole.badges
    assert model.labels == whole.labels and model.entities == whole.entities
    assert model.relations_of_outlet == whole.relations_of_outlet
    assert model.relations_of_entity == whole.relations_of_entity
    for oid in whole.outlets:
        assert dumps(model.record(oid, BASE)) == dumps(whole.record(oid, BASE)), oid
    assert model.record(-1, BASE) is None
    assert dumps(domain_index_document(model)) == dumps(domain_index_document(whole))
    assert list(model.linked_keys) == list(whole.linked_keys)
    assert list(model.article_keys or []) == list(whole.article_keys or [])


def write(change: Any) -> ReadModel:
    """Run `change(cur)` in a unit of work, then read the model the next lookup uses."""
    with Curator(db.session(), ACTOR) as cur:
        change(cur)
    return service.read_model()


def write_steps() -> list[Any]:
    """One write of each kind the change log records, in an order that works on the seed."""

    def setup(cur: Curator) -> None:
        for ent in entities_payload():
            cur.entities.create(ent)
        cur.outlets.create(outlet_payload())

    steps: list[Any] = [
        setup,
        lambda cur: cur.update("outlet", "harbour-ledger", {"name": "HL"}, if_match=None),
        lambda cur: cur.update(
            "entity", "coastal-media", {"name": "Coastal Holdings"}, if_match=None
        ),
        lambda cur: cur.labels.create(
            {
                "outlet": "rt",
                "kind": "platform_label",
                "issuer": "X",
                "as_of": "2024-03-01",
                "citation": CITATION,
            }
        ),
        lambda cur: cur.remove(
            cur.scalar(select(DomainRule).where(DomainRule.role == "mirror")),
            if_match=None,
        ),
        lambda cur: cur.update(
            "citation",
            cur.scalar(select(Citation.id).where(Citation.url == CITATION["url"])),
            {"publisher": "Another publisher"},
            if_match=None,
        ),
        lambda cur: cur.remove(
            cur.scalar(
                select(Relation)
                .join(Entity, Relation.object_entity_id == Entity.id)
                .where(Entity.slug == "ava-marsh")
            ),
            if_match=None,
        ),
        lambda cur: cur.delete("entity", "ava-marsh", if_match=None),
        lambda cur: cur.delete("outlet", "harbour-ledger", if_match=None),
    ]
    return steps


def test_each_kind_of_write_updates_the_model_without_a_full_build(seeded: Flask) -> None:
    with seeded.test_request_context("/"):
        first = service.read_model()
        full = service.BUILDS["full"]
        updates = service.BUILDS["updates"]

        steps = write_steps()
        version = first.version
        for step in steps:
            model = write(step)
            version += 1
            assert model.version == version
            assert_as_built_whole(model)
        assert service.BUILDS["full"] == full
        assert service.BUILDS["updates"] == updates + len(steps)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_gap_in_the_change_log_makes_a_full_build(seeded: Flask) -> None:
    with seeded.test_request_context("/"):
        service.read_model()
        full = service.BUILDS["full"]
        session = db.session()
        # A version bumped without a change log (not the unit of work): the model cannot
        # know what changed.
        session.execute(update(DataVersion).values(version=DataVersion.version + 1))
        session.commit()
        model = service.read_model()
        assert service.BUILDS["full"] == full + 1
        assert_as_built_whole(model)


def test_a_bulk_import_is_one_change_read_from_the_change_log(seeded: Flask) -> None:
    """Records written in bulk (an import) are logged with their version like any other
    write: the read model updates what the import touched, once, with no full build, and
    then holds what it wrote."""
    with seeded.test_request_context("/"):
        service.read_model()
        full = service.BUILDS["full"]
        updates = service.BUILDS["updates"]

        def import_(cur: Curator) -> None:
            with cur.bulk():
                for ent in entities_payload():
                    cur.entities.create(ent)
                cur.outlets.create(outlet_payload())
            cur.update(
                "outlet", "rt", {"description": "Bulk and single in one run."}, if_match=None
            )

        model = write(import_)
        assert service.BUILDS["full"] == full
        assert service.BUILDS["updates"] == updates + 1
        assert_as_built_whole(model)
        slugs = {row[0] for row in model.outlets.values()}  # rows.Tables.outlets: slug first
        assert "harbour-ledger" in slugs


@pytest.fixture
def two_workers(seeded: Flask, database_url: str) -> Iterator[list[Flask]]:
    """Two apps on one committed database, each checking the version in the background as
    a gunicorn worker does."""
    config = {**app_config(database_url), "DATA_VERSION_POLL": True}
    with background_workers({**config, "DATA_VERSION_CHECK_INTERVAL": 0.2}) as apps:
        yield apps


def rt_description(worker: Flask) -> str:
    resp = worker.test_client().get("/api/v1/lookup", query_string={"url": "https://rt.com/x"})
    assert resp.status_code == 200
    return str(resp.get_json()["outlet"]["description"])


def test_a_patch_reaches_both_workers_within_two_seconds_without_a_full_build(
    two_workers: list[Flask],
) -> None:
    writer, other = two_workers
    for worker in two_workers:
        assert rt_description(worker) != "Edited"
    full = service.BUILDS["full"]
    client = writer.test_client()
    api = Api(client, make_token(writer, "erin", "editor"))
    etag = client.get("/api/v1/outlets/rt").headers["ETag"]
    assert api.patch("/outlets/rt", {"description": "Edited"}, if_match=etag).status_code == 200
    deadline = time.monotonic() + 2.0
    for worker in (writer, other):
        while rt_description(worker) != "Edited":
            assert time.monotonic() < deadline, "not visible within 2 s"
            time.sleep(0.02)
    assert service.BUILDS["full"] == full
