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
    fields = columns(OutletFields)
    sourced = True

    def create(self, data: Any) -> Outlet:
        """A whole outlet in the dataset shape: fields, domains, relations and labels."""
        d: s.OutletCreate = parse(s.OutletCreate, data)
        outlet: Outlet = self.add(d)
        self.add_each(self.uow.domain_rules, d.domains, "domains", outlet_id=outlet.id)
        self.add_each(self.uow.relations, d.relations, "relations", subject_outlet_id=outlet.id)
        self.add_each(self.uow.labels, d.labels, "labels", outlet_id=outlet.id)
        return outlet

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
