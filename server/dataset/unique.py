"""A dataset names each record once: a second outlet or entity with the same slug, or a
second domain rule for the same host and path, is an error (never "the last one wins")."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from ..errors import ValidationFailed
from .schema import DatasetIn


def _first_repeat(keys: Iterable[tuple[Hashable, str]]) -> tuple[Hashable, str, str] | None:
    seen: dict[Hashable, str] = {}
    for key, where in keys:
        if key in seen:
            return key, seen[key], where
        seen[key] = where
    return None


def check_unique(data: DatasetIn) -> None:
    """Raise ValidationFailed naming the second place a slug, host or article URL appears."""
    checks = [
        ("entity slug", ((e.slug, f"entities[{i}].slug") for i, e in enumerate(data.entities))),
        ("outlet slug", ((o.slug, f"outlets[{i}].slug") for i, o in enumerate(data.outlets))),
        ("story slug", ((s.slug, f"stories[{i}].slug") for i, s in enumerate(data.stories))),
        (
            "domain rule",
            (
                ((d.host, d.path_prefix), f"outlets[{i}].domains[{j}].host")
                for i, o in enumerate(data.outlets)
                for j, d in enumerate(o.domains or ())
            ),
        ),
    ]
    for what, keys in checks:
        repeat = _first_repeat(keys)
        if repeat is not None:
            key, first, again = repeat
            shown = "".join(key) if isinstance(key, tuple) else key
            raise ValidationFailed(
                f"{what} '{shown}' appears twice (first at {first})", field=again
            )
