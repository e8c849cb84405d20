"""A domain rule: which host (and path prefix) belongs to an outlet."""

from __future__ import annotations

from typing import Any


def domain_rule(host: str, path_prefix: str, role: str, fold_variants: bool) -> dict[str, Any]:
    return {"host": host, "path_prefix": path_prefix, "role": role, "fold_variants": fold_variants}


def matched_rule(host: str, path_prefix: str, role: str) -> dict[str, Any]:
    """The domain rule a looked-up URL matched (the `domain_rule` member of a lookup)."""
    return {"host": host, "path_prefix": path_prefix, "role": role}
