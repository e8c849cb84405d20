"""Bulk writing (server/curation/bulk.py), what imports use: records written a chunk at a time
still get one `create` revision each holding what was written, the data version moves once,
a revert of a bulk-created record works as for any other, a conflict inside a chunk writes
nothing, and a change after a create sees the created record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server import db
from server.curation import Actor, Curator, bulk
from server.curation.history import values_of
from server.errors import Conflict
from server.importers import run_import
from server.models import DataVersion, DomainRule, Entity, Outlet, Relation, Revision

ACTOR = Actor(None, "tester")
CITE = {"url": "https://example.org/register", "accessed": "2026-11-30"}


@pytest.fixture
def ctx(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        yield db.session()


def dataset(n: int) -> dict:
    return {
        "format": "masthead-dataset/1",
        "entities": [{"slug": "owner-a", "name": "Owner A", "kind": "company"}],
        "outlets": [
            {
                "slug": f"bulk-{i}",
                "name": f"Bulk {i}",
                "citation": CITE,
                "domains": [{"host": f"bulk-{i}.example"}],
                "relations": [
                    {
                        "kind": "owned_by",
                        "object": "owner-a",
                        "as_of": "2026-11-01",
                        "citation": CITE,
                    }
                ],
            }
            for i in range(n)
        ],
    }


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_every_record_written_in_chunks_has_its_create_revision(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 4)  # several chunks for a few records
    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(dataset(7)), encoding="utf-8")
    version = ctx.scalar(select(DataVersion.version))
    report = run_import(ctx, path, "json")
    ctx.commit()
    assert report.counts == {
        "Entity": 1,
        "Citation": 1,
        "Outlet": 7,
        "DomainRule": 7,
        "Relation": 7,
    }
    assert ctx.scalar(select(DataVersion.version)) == version + 1
    for model, name in ((Outlet, "outlet"), (DomainRule, "domain_rule"), (Relation, "relation")):
        for record in ctx.scalars(select(model)):
            (rev,) = ctx.scalars(
                select(Revision).where(
                    Revision.record_type == name, Revision.record_id == record.id
                )
            )
            assert rev.action == "create" and rev.actor == "import:bulk.json"
            assert rev.after == values_of(record) and rev.version == record.version == 1


def test_a_record_created_in_bulk_is_reverted_like_any_other(ctx, tmp_path):
    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(dataset(3)), encoding="utf-8")
    run_import(ctx, path, "json")
    ctx.commit()
    outlet = ctx.scalar(select(Outlet).where(Outlet.slug == "bulk-1"))
    create = ctx.scalar(
        select(Revision).where(Revision.record_type == "outlet", Revision.record_id == outlet.id)
    )
    with Curator(ctx, ACTOR) as cur:
        cur.revert(create.id)
    assert ctx.scalar(select(Outlet).where(Outlet.slug == "bulk-1")) is None
    assert ctx.scalar(select(DomainRule).where(DomainRule.host == "bulk-1.example")) is None
    assert count(ctx, Outlet) >= 2


def test_a_conflict_inside_a_chunk_writes_nothing(ctx):
    before = (count(ctx, Outlet), count(ctx, Revision))
    with pytest.raises(Conflict), Curator(ctx, ACTOR) as cur, cur.bulk():
        cur.outlets.create({"slug": "one", "name": "One", "domains": [{"host": "same.example"}]})
        cur.outlets.create({"slug": "two", "name": "Two", "domains": [{"host": "same.example"}]})
    ctx.rollback()
    assert (count(ctx, Outlet), count(ctx, Revision)) == before


def test_a_change_after_a_bulk_create_is_an_update_of_it(ctx):
    with Curator(ctx, ACTOR) as cur, cur.bulk():
        cur.entities.create({"slug": "later", "name": "Later"})
        cur.entities.update("later", {"name": "Later Still"}, if_match=None)
    entity = ctx.scalar(select(Entity).where(Entity.slug == "later"))
    assert entity.name == "Later Still" and entity.version == 2
    actions = ctx.scalars(
        select(Revision.action)
        .where(Revision.record_type == "entity", Revision.record_id == entity.id)
        .order_by(Revision.id)
    ).all()
    assert actions == ["create", "update"]


def test_a_dry_run_in_bulk_leaves_the_session_clean(ctx, tmp_path: Path):
    from server.importers import dry_run

    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(dataset(3)), encoding="utf-8")
    _report, lines = dry_run(ctx, path, "json")
    assert any(line.startswith("+ outlet 'bulk-0'") for line in lines)
    report = run_import(ctx, path, "json")  # the same ids again: nothing stale in the way
    ctx.commit()
    assert report.counts["Outlet"] == 3 and count(ctx, Outlet) >= 3
