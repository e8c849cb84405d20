"""What every record service shares: payload -> column values, create, update, and the
hooks a kind fills in (rules spanning records, the cascade, re-creation checks).

A service is made by the unit of work it belongs to (one per kind per unit of work) and
writes only through it, so validation, If-Match, revisions and the data version are the
same whichever door a change comes in by: the API, the admin pages, the dataset, an importer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel

from ...errors import ValidationFailed
from ...models import Revision
from ...models.base import Base
from ..shapes import Patch, parse
from ..types import record_type

if TYPE_CHECKING:
    from ..unit_of_work import Curator

SOURCE_FIELDS = frozenset({"citation", "citation_id"})


def at(where: str, name: str) -> str:
    """The path of a field inside the payload part at `where` ("relations[0]" + "object")."""
    return f"{where}.{name}" if where else name


class RecordService:
    # The kind of record ("label"); its model and payload shapes come from its record type.
    kind: ClassVar[str]
    model: ClassVar[type[Base]]
    create_shape: ClassVar[type[BaseModel]]
    patch_shape: ClassVar[type[BaseModel]]
    # Fields of the shapes, stored as they are unless a ref (their names are column names).
    fields: ClassVar[tuple[str, ...]] = ()
    # Fields that name another record by slug: payload field -> (column, model).
    refs: ClassVar[Mapping[str, tuple[str, type[Base]]]] = {}
    # Whether the record names its source (citation or citation_id -> citation_id).
    sourced: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        rtype = record_type(cls.kind)
        cls.model, cls.create_shape, cls.patch_shape = rtype.model, rtype.create, rtype.patch

    def __init__(self, uow: Curator) -> None:
        self.uow = uow
        self.session = uow.session

    # -- entry points ----------------------------------------------------------------------
    def create(self, data: Any) -> Any:
        return self.add(parse(self.create_shape, data))

    def update(self, key: str | int, data: Any, *, if_match: int | None) -> Any:
        obj = self.uow.get(self.kind, key)
        self.uow.check_version(obj, if_match)
        self.replace(obj, parse(self.patch_shape, data), if_match=if_match)
        return obj

    def add(self, shape: BaseModel, where: str = "", **columns: Any) -> Any:
        """A new record from a validated shape (plus columns its parent sets)."""
        values = {**columns, **self.values(shape, where)}
        self.check(values, where, None)
        return self.uow.insert(self.model(**values))

    def replace(
        self,
        obj: Any,
        shape: BaseModel,
        where: str = "",
        *,
        if_match: int | None = None,
        **columns: Any,
    ) -> bool:
        """Give `obj` the values of a shape: a whole one, or a patch's fields sent."""
        values = {**columns, **self.values(shape, where, obj)}
        self.check(values, where, obj)
        return self.uow.change(obj, values, if_match=if_match)

    # -- payload -> column values ----------------------------------------------------------
    def values(self, shape: BaseModel, where: str = "", obj: Any = None) -> dict[str, Any]:
        given = shape.model_fields_set if isinstance(shape, Patch) else None
        present = type(shape).model_fields

        def wanted(name: str) -> bool:
            return name in present and (given is None or name in given)

        plain = (name for name in self.fields if name not in self.refs)
        out = {name: getattr(shape, name) for name in plain if wanted(name)}
        for name, (column, model) in self.refs.items():
            if wanted(name):
                found = self.uow.by_slug(model, getattr(shape, name), at(where, name))
                out[column] = found.id if found is not None else None  # type: ignore[attr-defined]
        if self.sourced and (given is None or given & SOURCE_FIELDS):
            out["citation_id"] = self.uow.citations.resolve(shape, where)
        return out

    # -- hooks -----------------------------------------------------------------------------
    def check(self, values: dict[str, Any], where: str, obj: Any) -> None:
        """Rules that span records, for a new record (obj None) or a change to `obj`. A slug
        names one record of its kind."""
        slug = values.get("slug")
        if slug is not None and (obj is None or slug != obj.slug):
            self.uow.require_free(self.model, slug, at(where, "slug"))

    def consistent(self, obj: Any) -> None:
        """Rules that span fields, checked once a change is merged into the record."""
        since, until = getattr(obj, "since", None), getattr(obj, "until", None)
        if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
            raise ValidationFailed("until must not be before since", field="until")

    def remove_dependents(self, obj: Any) -> list[Revision]:
        """Delete or unlink what depends on `obj` (each with its own revision, so reverting
        the deletion puts it back), or refuse while others still need it."""
        return []

    def check_restorable(self, obj: Any) -> None:
        """Clear errors for what most often blocks re-creating a deleted record: its slug
        was taken since."""
        if getattr(obj, "slug", None) is not None:
            self.uow.require_free(self.model, obj.slug)

    # -- helpers for the hooks -------------------------------------------------------------
    def add_each(
        self, service: RecordService, items: list[Any], where: str, **columns: Any
    ) -> None:
        """Add the records a payload nests (an outlet's `domains`), each at its path."""
        for i, item in enumerate(items):
            service.add(item, f"{where}[{i}]", **columns)

    def drop(self, children: Any) -> list[Revision]:
        return [self.uow.remove(child, if_match=None) for child in children]

    def unlink(self, children: Any, column: str) -> list[Revision]:
        revs = []
        for child in children:
            if self.uow.change(child, {column: None}, if_match=None):
                revs.append(self.uow.revisions[-1])
        return revs
