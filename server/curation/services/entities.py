"""Entities: the owners, operators and funders relations point to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...errors import Conflict
from ...models import Entity, Relation, Revision
from .. import schemas as s
from ..shapes import EntityFields, columns, parse
from .base import RecordService


class EntityService(RecordService):
    kind = "entity"
    fields = columns(EntityFields)

    def create(self, data: Any) -> Entity:
        """An entity, with its own relations (so a chain is built owner by owner)."""
        d: s.EntityCreate = parse(s.EntityCreate, data)
        entity: Entity = self.add(d)
        self.add_each(self.uow.relations, d.relations, "relations", subject_entity_id=entity.id)
        return entity

    def remove_dependents(self, obj: Any) -> list[Revision]:
        """Refused while others are owned, operated or funded by it; its own relations go."""
        users = self.session.scalars(
            select(Relation).where(Relation.object_entity_id == obj.id).order_by(Relation.id)
        ).all()
        if users:
            ids = ", ".join(str(r.id) for r in users[:20])
            raise Conflict(
                f"entity '{obj.slug}' is the owner/operator/funder in {len(users)} "
                f"relation(s) ({ids}); delete or change those first",
                extra={"relations": [r.id for r in users]},
            )
        own = select(Relation).where(Relation.subject_entity_id == obj.id).order_by(Relation.id)
        return self.drop(self.session.scalars(own))
