"""Citations: the sources of facts. A record may give its source inline; an identical
citation already stored is reused rather than copied."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import inspect, select

from ...errors import Conflict, ValidationFailed
from ...models import Citation, Label, Outlet, Relation, ReportLink, Revision
from ..shapes import CitationFields, columns
from .base import RecordService, at

CITATION_FIELDS = columns(CitationFields)
Key = tuple[Any, ...]


def _key_of(citation: Any) -> Key:
    return tuple(getattr(citation, name) for name in CITATION_FIELDS)


class CitationService(RecordService):
    kind = "citation"
    fields = CITATION_FIELDS

    def __init__(self, uow: Any) -> None:
        super().__init__(uow)
        self._known: dict[Key, Citation] = {}
        self._complete = False

    def resolve(self, shape: BaseModel, where: str = "") -> int | None:
        """The citation id a payload names: `citation_id`, or an inline `citation`."""
        citation_id = getattr(shape, "citation_id", None)
        if citation_id is not None:
            if self.session.get(Citation, citation_id) is None:
                field = at(where, "citation_id")
                raise ValidationFailed(f"{field}: no citation {citation_id}", field=field)
            return int(citation_id)
        data = getattr(shape, "citation", None)
        return None if data is None else self.find_or_add(data).id

    def find_or_add(self, data: BaseModel) -> Citation:
        key = _key_of(data)
        found = self._known.get(key)
        if found is not None and not inspect(found).deleted and _key_of(found) == key:
            return found
        if not self._complete:
            url = select(Citation).where(Citation.url == key[0]).order_by(Citation.id)
            with self.session.no_autoflush:
                found = next((c for c in self.session.scalars(url) if _key_of(c) == key), None)
        if found is None:
            found = self.add(data)
        self._known[key] = found
        return found

    def preload(self) -> None:
        """Read every citation once, for a writer that names many."""
        for citation in self.session.scalars(select(Citation).order_by(Citation.id.desc())):
            self._known[_key_of(citation)] = citation
        self._complete = True

    def remove_dependents(self, obj: Any) -> list[Revision]:
        """Refused while it is the source of anything."""
        users_of = [
            (name, self.session.scalars(select(model.id).where(model.citation_id == obj.id)).all())
            for name, model in (
                ("relation", Relation),
                ("label", Label),
                ("outlet", Outlet),
                ("report link", ReportLink),
            )
        ]
        used = [f"{len(ids)} {name}(s)" for name, ids in users_of if ids]
        if used:
            raise Conflict(
                f"citation {obj.id} is the source of {', '.join(used)}; "
                "point them at another source first"
            )
        return []
