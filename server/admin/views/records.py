"""Edit forms for the parts of a record: domain rules, relations (ownership edges), labels,
citations, and the entities (owners, operators, funders) relations point to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from ... import db
from ...curation import Curator
from ...models import Citation, DomainRule, Entity, Label, Outlet, Relation
from .. import queries
from ..blueprint import bp
from ..forms import RecordForm, options
from ..ownership_tree import entity_ownership, ownership_tree
from ..record_forms import CitationForm, DomainRuleForm, EntityForm, LabelForm, RelationForm
from ..security import requires
from .pages import Page, delete_record, edit_page, form_page, new_page, referrer_or


def _delete(record_type: str, record_id: int, done: str, what: str) -> Response:
    return delete_record(record_type, record_id, done, referrer_or(done), what)


def _outlet_url(outlet_id: int, anchor: str) -> str:
    outlet = db.session().get(Outlet, outlet_id)
    if outlet is None:
        return url_for("maintainer.outlets")
    return url_for("maintainer.outlet", slug=outlet.slug, _anchor=anchor)


# -- domain rules ----------------------------------------------------------------------------


@bp.route("/outlets/<slug>/domains/new", methods=["GET", "POST"])
@requires("editor")
def domain_new(slug: str) -> Page:
    outlet = queries.get_outlet(db.session(), slug)
    form = DomainRuleForm()
    return new_page(
        form,
        lambda cur: cur.domain_rules.create({"outlet": slug, **form.create_payload()}),
        lambda r: (
            f"Domain rule {r.host}{r.path_prefix} added.",
            url_for("maintainer.outlet", slug=slug, _anchor="domains"),
        ),
        outlet=outlet,
    )


@bp.route("/domains/<int:rule_id>/edit", methods=["GET", "POST"])
@requires("editor")
def domain_edit(rule_id: int) -> Page:
    rule = queries.get_by_id(db.session(), DomainRule, rule_id, "domain rule")
    return edit_page(
        DomainRuleForm,
        rule,
        lambda r: _outlet_url(r.outlet_id, "domains"),
        "Domain rule saved.",
        outlet=rule.outlet,
    )


@bp.post("/domains/<int:rule_id>/delete")
@requires("editor")
def domain_delete(rule_id: int) -> Response:
    rule = queries.get_by_id(db.session(), DomainRule, rule_id, "domain rule")
    return _delete("domain_rule", rule_id, _outlet_url(rule.outlet_id, "domains"), "Domain rule")


# -- relations -------------------------------------------------------------------------------


def _relation_choices(form: RecordForm) -> None:
    pairs = [("", "— choose —"), *queries.choices(db.session(), Entity)]
    form.object.choices = options(pairs)  # type: ignore[attr-defined]


def _new_relation(subject: dict[str, str], form: RelationForm) -> Callable[[Curator], Relation]:
    def work(cur: Curator) -> Relation:
        owner = form.owner_payload()
        slug = None
        if owner is not None:
            existing = cur.find(Entity, owner["slug"])
            slug = existing.slug if existing is not None else cur.entities.create(owner).slug
        return cur.relations.create(form.new_payload(subject, slug))  # type: ignore[no-any-return]

    return work


def _relation_new_page(subject: dict[str, str], name: str, back: str) -> Page:
    form = RelationForm()
    _relation_choices(form)
    if request.method == "GET":
        form.as_of.data = dt.date.today()
        form.object.data = request.args.get("object") or form.object.data
    elif form.validate_on_submit() and not form.object.data and not form.new_owner_name.data:
        form.object.errors = ["Choose an entity, or name a new one below."]
        return form_page(form, subject_name=name, back=back, obj=None)
    return new_page(
        form,
        _new_relation(subject, form),
        lambda r: (
            f"Relation added: {name} {r.kind.replace('_', ' ')} {r.object_entity.name}.",
            back,
        ),
        subject_name=name,
        back=back,
    )


@bp.route("/outlets/<slug>/relations/new", methods=["GET", "POST"])
@requires("editor")
def relation_new(slug: str) -> Page:
    outlet = queries.get_outlet(db.session(), slug)
    back = url_for("maintainer.outlet", slug=slug, _anchor="ownership")
    return _relation_new_page({"subject_outlet": slug}, outlet.name, back)


@bp.route("/entities/<slug>/relations/new", methods=["GET", "POST"])
@requires("editor")
def entity_relation_new(slug: str) -> Page:
    entity = queries.get_entity(db.session(), slug)
    back = url_for("maintainer.entity", slug=slug)
    return _relation_new_page({"subject_entity": slug}, entity.name, back)


def _relation_back(rel: Relation) -> str:
    if rel.subject_outlet_id is not None:
        return _outlet_url(rel.subject_outlet_id, "ownership")
    entity = db.session().get(Entity, rel.subject_entity_id)
    return (
        url_for("maintainer.entity", slug=entity.slug) if entity else url_for("maintainer.entities")
    )


def _subject_name(rel: Relation) -> str:
    subject = rel.subject_outlet or rel.subject_entity
    return subject.name if subject is not None else "?"


@bp.route("/relations/<int:relation_id>/edit", methods=["GET", "POST"])
@requires("editor")
def relation_edit(relation_id: int) -> Page:
    rel = queries.get_by_id(db.session(), Relation, relation_id, "relation")
    return edit_page(
        RelationForm,
        rel,
        _relation_back,
        "Relation saved.",
        prepare=_relation_choices,
        subject_name=_subject_name(rel),
        back=_relation_back(rel),
    )


@bp.post("/relations/<int:relation_id>/delete")
@requires("editor")
def relation_delete(relation_id: int) -> Response:
    rel = queries.get_by_id(db.session(), Relation, relation_id, "relation")
    return _delete("relation", relation_id, _relation_back(rel), "Relation")


# -- labels ----------------------------------------------------------------------------------


@bp.route("/outlets/<slug>/labels/new", methods=["GET", "POST"])
@requires("editor")
def label_new(slug: str) -> Page:
    outlet = queries.get_outlet(db.session(), slug)
    form = LabelForm()
    if request.method == "GET":
        form.as_of.data = dt.date.today()
    return new_page(
        form,
        lambda cur: cur.labels.create({"outlet": slug, **form.create_payload()}),
        lambda lab: (
            f"Label by {lab.issuer} added.",
            url_for("maintainer.outlet", slug=slug, _anchor="labels"),
        ),
        outlet=outlet,
    )


@bp.route("/labels/<int:label_id>/edit", methods=["GET", "POST"])
@requires("editor")
def label_edit(label_id: int) -> Page:
    label = queries.get_by_id(db.session(), Label, label_id, "label")
    return edit_page(
        LabelForm,
        label,
        lambda lab: _outlet_url(lab.outlet_id, "labels"),
        "Label saved.",
        outlet=label.outlet,
    )


@bp.post("/labels/<int:label_id>/delete")
@requires("editor")
def label_delete(label_id: int) -> Response:
    label = queries.get_by_id(db.session(), Label, label_id, "label")
    return _delete("label", label_id, _outlet_url(label.outlet_id, "labels"), "Label")


# -- citations -------------------------------------------------------------------------------


@bp.route("/citations/<int:citation_id>/edit", methods=["GET", "POST"])
@requires("editor")
def citation_edit(citation_id: int) -> Page:
    citation = queries.get_by_id(db.session(), Citation, citation_id, "citation")
    return edit_page(
        CitationForm,
        citation,
        lambda c: url_for("maintainer.citation_edit", citation_id=c.id),
        "Citation saved.",
        users=queries.citation_users(db.session(), citation_id),
    )


# -- entities --------------------------------------------------------------------------------


@bp.get("/entities")
@requires("editor")
def entities() -> Page:
    q = request.args.get("q", "")
    return render_template(
        "admin/entities.html", entities=queries.entity_list(db.session(), q), q=q
    )


@bp.get("/entities/<slug>")
@requires("editor")
def entity(slug: str) -> Page:
    entity = queries.get_entity(db.session(), slug)
    ownership = entity_ownership(db.session(), entity)
    return render_template(
        "admin/entity.html",
        e=entity,
        subjects=queries.entity_subjects(db.session(), entity),
        owners=ownership_tree(ownership),
        truncated=ownership["truncated"],
        history=queries.record_history(db.session(), "entity", entity.id)[:20],
    )


@bp.route("/entities/new", methods=["GET", "POST"])
@requires("editor")
def entity_new() -> Page:
    form = EntityForm()
    return new_page(
        form,
        lambda cur: cur.entities.create(form.create_payload()),
        lambda e: (f"{e.name} added.", url_for("maintainer.entity", slug=e.slug)),
    )


@bp.route("/entities/<slug>/edit", methods=["GET", "POST"])
@requires("editor")
def entity_edit(slug: str) -> Page:
    entity = queries.get_entity(db.session(), slug)
    return edit_page(
        EntityForm,
        entity,
        lambda e: url_for("maintainer.entity", slug=e.slug),
        "Saved.",
    )


@bp.post("/entities/<slug>/delete")
@requires("admin")
def entity_delete(slug: str) -> Response:
    entity = queries.get_entity(db.session(), slug)
    return _delete("entity", entity.id, url_for("maintainer.entities"), entity.name)
