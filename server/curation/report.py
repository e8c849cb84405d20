"""What one unit of work wrote, as the seed, `flask import` and the importers report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How many of the domain rules left out for being on a platform's host the report names.
PLATFORM_EXAMPLES = 10


@dataclass
class ChangeReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # revisions written, by model
    skipped: list[str] = field(default_factory=list)
    # The domain rules an import left out because their host is a platform's (youtube.com,
    # x.com, t.me, rutube.ru...) and the path no single account there; also in `skipped`.
    platform_hosts: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        stats: dict[str, int],
        counts: dict[str, int],
        skipped: list[str] | None = None,
        platform_hosts: list[str] | None = None,
    ) -> ChangeReport:
        platform = list(platform_hosts or [])
        return cls(
            created=stats["created"],
            updated=stats["updated"],
            deleted=stats["deleted"],
            counts=dict(counts),
            skipped=[*(skipped or []), *platform],
            platform_hosts=platform,
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
            "platform_hosts": {
                "count": len(self.platform_hosts),
                "examples": self.platform_hosts[:PLATFORM_EXAMPLES],
            },
        }
