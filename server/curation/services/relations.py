"""Relations: who owns, operates, controls or funds an outlet or an entity, each cited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ...errors import ValidationFailed
from ...models import Entity, Outlet
from ..shapes import RelationFields, columns
from .base import RecordService, at


def share(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


class RelationService(RecordService):
    kind = "relation"
    fields = columns(RelationFields)
    refs = {
        "subject_outlet": ("subject_outlet_id", Outlet),
        "subject_entity": ("subject_entity_id", Entity),
        "object": ("object_entity_id", Entity),
    }
    sourced = True

    def values(self, shape: BaseModel, where: str = "", obj: Any = None) -> dict[str, Any]:
        out = super().values(shape, where, obj)
        if "share" in out:
            out["share"] = share(out["share"])
        return out

    def check(self, values: dict[str, Any], where: str, obj: Any) -> None:
        subject = values.get("subject_entity_id")
        if obj is None and subject is not None and subject == values.get("object_entity_id"):
            field = at(where, "object")
            raise ValidationFailed(f"{field}: an entity cannot own itself", field=field)

    def consistent(self, obj: Any) -> None:
        super().consistent(obj)
        if obj.subject_entity_id == obj.object_entity_id:
            raise ValidationFailed("an entity cannot own itself", field="object")
