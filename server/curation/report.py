"""What one unit of work wrote, as the seed, `flask import` and the importers report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChangeReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # revisions written, by model
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls, stats: dict[str, int], counts: dict[str, int], skipped: list[str] | None = None
    ) -> ChangeReport:
        return cls(
            created=stats["created"],
            updated=stats["updated"],
            deleted=stats["deleted"],
            counts=dict(counts),
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
