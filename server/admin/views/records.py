"""Edit forms for the parts of a record: domain rules, relations (ownership edges), labels,
citations, and the entities (owners, operators, funders) relations point to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from ... import db
from ...curation import Curator
from ...models import Citation, DomainRule, Entity, Label, Outlet, Relation
from .. import queries
from ..blueprint import bp
from ..editing import show_error, submit_update, write
from ..forms import (
    CitationForm,
    DeleteForm,
    DomainRuleForm,
    EntityForm,
    LabelForm,
    RecordForm,
    RelationForm,
    options,
)
from ..ownership_tree import entity_ownership, ownership_tree
from ..security import requires
from .outlets import Page, _form_page


def _fresh(model: Any, record_id: int) -> Any:
    session = db.session()
    session.expire_all()
    return session.scalar(select(model).where(model.id == record_id))


def _edit(
    form_cls: type[RecordForm],
    obj: Any,
    *,
    record_type: str,
    template: str,
    payload: Callable[[RecordForm], dict[str, Any]],
    done: Callable[[Any], str],
    message: str,
    prepare: Callable[[RecordForm], None] | None = None,
    **context: Any,
) -> Page:
    """GET: the form filled from the record. POST: an update at the form's version."""
    model, record_id = type(obj), obj.id
    if request.method == "GET":
        form = form_cls(data=form_cls.values_of(obj))  # type: ignore[attr-defined]
        if prepare:
            prepare(form)
        return render_template(template, form=form, obj=obj, conflict=None, **context)
    form = form_cls()
    if prepare:
        prepare(form)
    conflict = None
    if form.validate_on_submit():
        result = submit_update(
            form,
            record_type=record_type,
            key=record_id,
            record_id=record_id,
            payload=lambda: payload(form),
            reload=lambda: _fresh(model, record_id),
        )
        if result.saved is not None:
            flash(message)
            return redirect(done(result.saved))
        conflict = result.conflict
        obj = _fresh(model, record_id) or obj
    return _form_page(template, form, obj=obj, conflict=conflict, **context)


def _delete(record_type: str, record_id: int, done: str, what: str) -> Response:
    form = DeleteForm()
    if not form.validate_on_submit() or not (form.version.data or "").isdigit():
        abort(400)
    outcome = write(
        lambda cur: cur.delete(record_type, record_id, if_match=int(form.version.data)),
        comment=form.comment.data,
    )
    if outcome.ok:
        flash(f"{what} deleted. The history keeps it; revert the deletion to restore it.")
        return redirect(done)
    assert outcome.error is not None
    flash(f"Not deleted: {outcome.error.message}")
    return redirect(request.referrer if _same_site(request.referrer) else done)


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url + "admin/")  # type: ignore[union-attr]


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
    if form.validate_on_submit():
        outcome = write(
            lambda cur: cur.domain_rules.create({"outlet": slug, **form.payload()}),
            comment=form.comment.data,
        )
        if outcome.ok:
            flash(f"Domain rule {outcome.value.host}{outcome.value.path_prefix} added.")
            return redirect(url_for("maintainer.outlet", slug=slug, _anchor="domains"))
        assert outcome.error is not None
        show_error(form, outcome.error)
    return _form_page("admin/domain_form.html", form, outlet=outlet, obj=None)


@bp.route("/domains/<int:rule_id>/edit", methods=["GET", "POST"])
@requires("editor")
def domain_edit(rule_id: int) -> Page:
    rule = queries.get_by_id(db.session(), DomainRule, rule_id, "domain rule")
    return _edit(
        DomainRuleForm,
        rule,
        record_type="domain_rule",
        template="admin/domain_form.html",
        payload=lambda f: f.payload(),  # type: ignore[attr-defined]
        done=lambda r: _outlet_url(r.outlet_id, "domains"),
        message="Domain rule saved.",
        outlet=rule.outlet,
        delete_form=DeleteForm(),
    )


@bp.post("/domains/<int:rule_id>/delete")
@requires("editor")
def domain_delete(rule_id: int) -> Response:
    rule = queries.get_by_id(db.session(), DomainRule, rule_id, "domain rule")
    return _delete("domain_rule", rule_id, _outlet_url(rule.outlet_id, "domains"), "Domain rule")


# -- relations -------------------------------------------------------------------------------


def _relation_choices(form: RecordForm) -> None:
    pairs = [("", "— choose —"), *queries.entity_choices(db.session())]
    form.object.choices = options(pairs)  # type: ignore[attr-defined]


def _new_relation(subject: dict[str, str], form: RelationForm) -> Callable[[Curator], Relation]:
    def work(cur: Curator) -> Relation:
        owner = form.owner_payload()
        slug = None
        if owner is not None:
            existing = cur.find(Entity, owner["slug"])
            slug = existing.slug if existing is not None else cur.entities.create(owner).slug
        return cur.relations.create(form.create_payload(subject, slug))

    return work


def _relation_new_page(subject: dict[str, str], name: str, back: str) -> Page:
    form = RelationForm()
    _relation_choices(form)
    if request.method == "GET":
        form.as_of.data = dt.date.today()
        preset = request.args.get("object")
        if preset:
            form.object.data = preset
    elif form.validate_on_submit():
        if not form.object.data and not form.new_owner_name.data:
            form.object.errors = ["Choose an entity, or name a new one below."]
        else:
            outcome = write(_new_relation(subject, form), comment=form.comment.data)
            if outcome.ok:
                flash(
                    f"Relation added: {name} {outcome.value.kind.replace('_', ' ')} "
                    f"{outcome.value.object_entity.name}."
                )
                return redirect(back)
            assert outcome.error is not None
            show_error(form, outcome.error)
    return _form_page("admin/relation_form.html", form, subject_name=name, back=back, obj=None)


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
    return _edit(
        RelationForm,
        rel,
        record_type="relation",
        template="admin/relation_form.html",
        payload=lambda f: f.update_payload(rel),  # type: ignore[attr-defined]
        done=_relation_back,
        message="Relation saved.",
        prepare=_relation_choices,
        subject_name=_subject_name(rel),
        back=_relation_back(rel),
        delete_form=DeleteForm(),
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
    elif form.validate_on_submit():
        outcome = write(
            lambda cur: cur.labels.create(form.create_payload(slug)), comment=form.comment.data
        )
        if outcome.ok:
            flash(f"Label by {outcome.value.issuer} added.")
            return redirect(url_for("maintainer.outlet", slug=slug, _anchor="labels"))
        assert outcome.error is not None
        show_error(form, outcome.error)
    return _form_page("admin/label_form.html", form, outlet=outlet, obj=None)


@bp.route("/labels/<int:label_id>/edit", methods=["GET", "POST"])
@requires("editor")
def label_edit(label_id: int) -> Page:
    label = queries.get_by_id(db.session(), Label, label_id, "label")
    return _edit(
        LabelForm,
        label,
        record_type="label",
        template="admin/label_form.html",
        payload=lambda f: f.update_payload(label),  # type: ignore[attr-defined]
        done=lambda lab: _outlet_url(lab.outlet_id, "labels"),
        message="Label saved.",
        outlet=label.outlet,
        delete_form=DeleteForm(),
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
    return _edit(
        CitationForm,
        citation,
        record_type="citation",
        template="admin/citation_form.html",
        payload=lambda f: f.payload(),  # type: ignore[attr-defined]
        done=lambda c: url_for("maintainer.citation_edit", citation_id=c.id),
        message="Citation saved.",
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
        delete_form=DeleteForm(),
    )


@bp.route("/entities/new", methods=["GET", "POST"])
@requires("editor")
def entity_new() -> Page:
    form = EntityForm()
    if form.validate_on_submit():
        outcome = write(lambda cur: cur.entities.create(form.payload()), comment=form.comment.data)
        if outcome.ok:
            flash(f"{outcome.value.name} added.")
            return redirect(url_for("maintainer.entity", slug=outcome.value.slug))
        assert outcome.error is not None
        show_error(form, outcome.error)
    return _form_page("admin/entity_form.html", form, obj=None)


@bp.route("/entities/<slug>/edit", methods=["GET", "POST"])
@requires("editor")
def entity_edit(slug: str) -> Page:
    entity = queries.get_entity(db.session(), slug)
    return _edit(
        EntityForm,
        entity,
        record_type="entity",
        template="admin/entity_form.html",
        payload=lambda f: f.payload(),  # type: ignore[attr-defined]
        done=lambda e: url_for("maintainer.entity", slug=e.slug),
        message="Saved.",
        delete_form=DeleteForm(),
    )


@bp.post("/entities/<slug>/delete")
@requires("admin")
def entity_delete(slug: str) -> Response:
    entity = queries.get_entity(db.session(), slug)
    return _delete("entity", entity.id, url_for("maintainer.entities"), entity.name)
