"""What the curation importers share: the report they return and errors that say where."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..curation import Curator
from ..errors import MastheadError, ValidationFailed


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, cur: Curator, skipped: list[str] | None = None) -> ImportReport:
        return cls(
            created=cur.stats["created"],
            updated=cur.stats["updated"],
            deleted=cur.stats["deleted"],
            counts=dict(cur.counts),
            skipped=list(skipped or []),
        )

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "records": self.counts,
            "skipped": len(self.skipped),
            "skipped_reasons": self.skipped[:100],
        }


@contextmanager
def at(where: str) -> Iterator[None]:
    """Re-raise any error of the block as a ValidationFailed that names `where` first
    (e.g. "line 7: country: 'UK' is not an ISO 3166-1 alpha-2 country code")."""
    try:
        yield
    except MastheadError as exc:
        raise ValidationFailed(
            f"{where}: {exc.message}",
            field=exc.field,
            code=exc.code if exc.code != "bad_request" else None,
            extra={**exc.extra, "at": where},
        ) from None
