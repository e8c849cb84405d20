"""Outlets: a whole outlet (with its domains, relations and labels) in one payload, and what
goes with an outlet when it is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...models import Article, DomainRule, Label, Outlet, Relation, ReportLink, Revision
from .. import schemas as s
from ..shapes import OutletFields, columns, parse
from .base import RecordService


class OutletService(RecordService):
    kind = "outlet"
    model = Outlet
    create_shape = s.OutletCreate
    patch_shape = s.OutletPatch
    fields = columns(OutletFields)
    sourced = True

    def create(self, data: Any) -> Outlet:
        """A whole outlet in the dataset shape: fields, domains, relations and labels."""
        d: s.OutletCreate = parse(s.OutletCreate, data)
        outlet: Outlet = self.add(d)
        for i, dom in enumerate(d.domains):
            self.uow.domain_rules.add(dom, f"domains[{i}]", outlet_id=outlet.id)
        for i, rel in enumerate(d.relations):
            self.uow.relations.add(rel, f"relations[{i}]", subject_outlet_id=outlet.id)
        for i, lab in enumerate(d.labels):
            self.uow.labels.add(lab, f"labels[{i}]", outlet_id=outlet.id)
        return outlet

    def check(self, values: dict[str, Any], where: str, obj: Any) -> None:
        self.slug_free(values, where, obj)

    def check_restorable(self, obj: Any) -> None:
        self.uow.require_free(Outlet, obj.slug)

    def remove_dependents(self, obj: Any) -> list[Revision]:
        """Its domain rules, labels and relations go with it; articles and report links
        that name it as their outlet stay, unlinked."""
        sess = self.session
        revs = self.drop(sess.scalars(_children(DomainRule, DomainRule.outlet_id, obj.id)))
        revs += self.drop(sess.scalars(_children(Label, Label.outlet_id, obj.id)))
        revs += self.drop(sess.scalars(_children(Relation, Relation.subject_outlet_id, obj.id)))
        articles = sess.scalars(select(Article).where(Article.outlet_id == obj.id))
        revs += self.unlink(articles, "outlet_id")
        links = sess.scalars(select(ReportLink).where(ReportLink.report_outlet_id == obj.id))
        revs += self.unlink(links, "report_outlet_id")
        return revs


def _children(model: Any, column: Any, parent_id: int) -> Any:
    return select(model).where(column == parent_id).order_by(model.id)
