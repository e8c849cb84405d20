"""The Curator service on its own (no HTTP): validation, versions, revisions, cascades, revert."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server import db
from server.curation import Actor, Curator
from server.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from server.models import (
    Citation,
    DataVersion,
    DomainRule,
    Entity,
    Label,
    Outlet,
    Relation,
    Revision,
)

from .conftest import CITATION, entities_payload, outlet_payload

ACTOR = Actor(None, "tester")


@pytest.fixture
def ctx(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        yield db.session()


def _setup(session) -> Outlet:  # type: ignore[no-untyped-def]
    with Curator(session, ACTOR) as cur:
        for ent in entities_payload():
            cur.entities.create(ent)
        return cur.outlets.create(outlet_payload())


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


def test_nested_outlet_writes_every_record_with_a_revision_and_bumps_the_version_once(ctx):
    before = ctx.scalar(select(DataVersion.version))
    outlet = _setup(ctx)
    assert _count(ctx, DomainRule) == 2 and _count(ctx, Label) == 1
    assert _count(ctx, Relation) == 2  # the outlet's and the company's
    assert ctx.scalar(select(DataVersion.version)) == before + 1
    types = [r.record_type for r in ctx.scalars(select(Revision).order_by(Revision.id))]
    assert types.count("outlet") == 1 and types.count("domain_rule") == 2
    assert types.count("citation") == 3 and types.count("relation") == 2
    assert all(r.actor == "tester" for r in ctx.scalars(select(Revision)))
    assert outlet.version == 1


def test_identical_inline_citations_are_stored_once(ctx):
    _setup(ctx)
    with Curator(ctx, ACTOR) as cur:
        label = cur.labels.create(
            {
                "outlet": "harbour-ledger",
                "kind": "platform_label",
                "issuer": "X",
                "as_of": "2024-03-01",
                "citation": CITATION,
            }
        )
    cited = ctx.scalars(select(Citation).where(Citation.url == CITATION["url"])).all()
    assert len(cited) == 1 and label.citation_id == cited[0].id


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "owned_by", "object": "ava-marsh", "as_of": "2024-01-01"}, "citation"),
        (
            {"kind": "owned_by", "object": "ava-marsh", "as_of": "2024-01-01", "citation_id": 999},
            "citation_id",
        ),
        (
            {"kind": "owned_by", "object": "nobody", "as_of": "2024-01-01", "citation": CITATION},
            "object",
        ),
        (
            {
                "kind": "owned_by",
                "object": "ava-marsh",
                "as_of": "2024-01-01",
                "share": 150,
                "citation": CITATION,
            },
            "share",
        ),
        (
            {
                "kind": "owned_by",
                "object": "ava-marsh",
                "as_of": "2024-01-01",
                "since": "2020-01-01",
                "until": "2019-01-01",
                "citation": CITATION,
            },
            "until",
        ),
        (
            {
                "kind": "owned_by",
                "object": "ava-marsh",
                "as_of": "2999-01-01",
                "citation": CITATION,
            },
            "as_of",
        ),
        (
            {
                "kind": "owned_by",
                "object": "ava-marsh",
                "as_of": "2024-01-01",
                "citation": {"url": "ftp://files.example/x"},
            },
            "citation.url",
        ),
    ],
)
def test_bad_relation_is_refused_naming_the_field(ctx, payload, field):
    _setup(ctx)
    with pytest.raises(ValidationFailed) as info, Curator(ctx, ACTOR) as cur:
        cur.relations.create({"subject_outlet": "harbour-ledger", **payload})
    assert info.value.field == field, info.value.message
    assert info.value.status == 422


def test_nested_missing_citation_names_the_path(ctx):
    with Curator(ctx, ACTOR) as cur:
        for ent in entities_payload():
            cur.entities.create(ent)
    bad = outlet_payload()
    del bad["labels"][0]["citation"]
    with pytest.raises(ValidationFailed) as info, Curator(ctx, ACTOR) as cur:
        cur.outlets.create(bad)
    assert info.value.field == "labels[0].citation"
    assert _count(ctx, Outlet) == 0  # nothing of it was written


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "UK"}, "country"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"kind": "tabloid"}, "kind"),
        ({"name": None}, "name"),
        ({"founded": "not a date"}, "founded"),
        ({"domains": []}, "domains"),
    ],
)
def test_bad_outlet_patch_names_the_field(ctx, change, field):
    _setup(ctx)
    with pytest.raises(ValidationFailed) as info, Curator(ctx, ACTOR) as cur:
        cur.outlets.update("harbour-ledger", change, if_match=1)
    assert info.value.field == field


def test_country_is_upper_cased_and_hosts_normalised(ctx):
    _setup(ctx)
    with Curator(ctx, ACTOR) as cur:
        outlet = cur.outlets.update("harbour-ledger", {"country": "ie"}, if_match=1)
        rule = cur.domain_rules.create({"outlet": "harbour-ledger", "host": "WWW.Bücher.example"})
    assert outlet.country == "IE" and outlet.version == 2
    assert rule.host == "xn--bcher-kva.example"
    with pytest.raises(ValidationFailed) as info, Curator(ctx, ACTOR) as cur:
        cur.domain_rules.create({"outlet": "harbour-ledger", "host": "co.uk"})
    assert info.value.field == "host" and "public suffix" in info.value.message


def test_domain_of_another_outlet_is_a_conflict_naming_it(ctx):
    _setup(ctx)
    with pytest.raises(Conflict) as info, Curator(ctx, ACTOR) as cur:
        cur.outlets.create(
            {"slug": "copycat", "name": "Copycat", "domains": [{"host": "harbour-ledger.example"}]}
        )
    assert "harbour-ledger" in info.value.message and info.value.extra["outlet"] == "harbour-ledger"
    assert info.value.field == "domains[0]"
    assert ctx.scalar(select(Outlet).where(Outlet.slug == "copycat")) is None


def test_stale_if_match_is_412_with_the_current_version(ctx):
    _setup(ctx)
    with Curator(ctx, ACTOR) as cur:
        cur.outlets.update("harbour-ledger", {"name": "One"}, if_match=1)
    with pytest.raises(PreconditionFailed) as info, Curator(ctx, ACTOR) as cur:
        cur.outlets.update("harbour-ledger", {"name": "Two"}, if_match=1)
    assert info.value.extra["current_version"] == 2
    assert ctx.scalar(select(Outlet.name)) == "One"


@pytest.mark.committed  # two sessions at once: they cannot share one connection's SAVEPOINTs
def test_concurrent_sessions_from_the_same_version_one_wins(app, ctx):
    _setup(ctx)
    ctx.close()
    make = app.extensions["masthead.db"]
    first, second = make(), make()
    try:
        a = Curator(first, Actor(None, "a"))
        b = Curator(second, Actor(None, "b"))
        a.get("outlet", "harbour-ledger")
        b.get("outlet", "harbour-ledger")  # both loaded version 1
        a.outlets.update("harbour-ledger", {"name": "From A"}, if_match=1)
        a.commit()
        with pytest.raises(PreconditionFailed) as info:
            b.outlets.update("harbour-ledger", {"name": "From B"}, if_match=1)
        second.rollback()
        assert info.value.extra["current_version"] == 2
    finally:
        first.close()
        second.close()
    check = make()
    names = [
        r.after["name"]
        for r in check.scalars(
            select(Revision).where(Revision.record_type == "outlet", Revision.action == "update")
        )
    ]
    assert names == ["From A"]
    check.close()


def test_revert_of_an_update_restores_only_the_fields_it_changed(ctx):
    _setup(ctx)
    with Curator(ctx, ACTOR) as cur:
        cur.outlets.update("harbour-ledger", {"name": "Renamed"}, if_match=1)
        rename = cur.revisions[-1]
        cur.outlets.update("harbour-ledger", {"description": "Later edit"}, if_match=2)
    with Curator(ctx, ACTOR) as cur:
        rev = cur.revert(rename.id)
    outlet = ctx.scalar(select(Outlet))
    assert (outlet.name, outlet.description) == ("Harbour Ledger", "Later edit")
    assert rev.action == "revert" and rev.version == 4 == outlet.version
    with pytest.raises(Conflict), Curator(ctx, ACTOR) as cur:
        cur.revert(rename.id)  # nothing left to undo


def test_delete_cascades_with_revisions_and_revert_restores_all_of_it(ctx):
    _setup(ctx)
    with Curator(ctx, ACTOR) as cur:
        cur.articles.create({"url": "https://harbourledger.example.co.uk/a/1", "title": "A"})
    with Curator(ctx, ACTOR) as cur:
        deletion = cur.delete("outlet", "harbour-ledger", if_match=1)
    assert _count(ctx, DomainRule) == 0 and _count(ctx, Label) == 0
    assert len(deletion.before["_cascade"]) == 5  # 2 domains, 1 label, 1 relation, 1 article
    with Curator(ctx, ACTOR) as cur:
        cur.revert(deletion.id)
    outlet = ctx.scalar(select(Outlet))
    assert outlet.id == deletion.record_id and outlet.version == 2  # numbering continues
    assert {r.host for r in ctx.scalars(select(DomainRule))} == {
        "harbourledger.example.co.uk",
        "harbour-ledger.example",
    }
    assert _count(ctx, Label) == 1
    from server.models import Article

    assert ctx.scalar(select(Article.outlet_id)) == outlet.id


def test_revert_of_a_create_deletes_and_a_missing_revision_is_404(ctx):
    _setup(ctx)
    create = ctx.scalar(
        select(Revision).where(Revision.record_type == "outlet", Revision.action == "create")
    )
    with Curator(ctx, ACTOR) as cur:
        cur.revert(create.id)
    assert _count(ctx, Outlet) == 0 and _count(ctx, DomainRule) == 0
    with pytest.raises(NotFound), Curator(ctx, ACTOR) as cur:
        cur.revert(10**6)


def test_an_entity_others_are_owned_by_cannot_be_deleted(ctx):
    _setup(ctx)
    with pytest.raises(Conflict) as info, Curator(ctx, ACTOR) as cur:
        cur.delete("entity", "coastal-media", if_match=1)
    assert "relation" in info.value.message
    assert ctx.scalar(select(Entity).where(Entity.slug == "coastal-media")) is not None


def test_a_cited_citation_cannot_be_deleted(ctx):
    _setup(ctx)
    cited = ctx.scalar(select(Citation).where(Citation.url == CITATION["url"]))
    with pytest.raises(Conflict), Curator(ctx, ACTOR) as cur:
        cur.delete("citation", cited.id, if_match=1)


def test_an_entity_cannot_own_itself(ctx):
    _setup(ctx)
    rel = ctx.scalar(select(Relation).where(Relation.subject_entity_id.is_not(None)))
    with pytest.raises(ValidationFailed) as info, Curator(ctx, ACTOR) as cur:
        cur.relations.update(rel.id, {"object": "coastal-media"}, if_match=1)
    assert info.value.field == "object"
