"""A domain rule: which host (and path prefix) belongs to an outlet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..matching import PathFold


def domain_rule(
    host: str, path_prefix: str, role: str, fold_variants: bool, path_folds: Iterable[PathFold]
) -> dict[str, Any]:
    return {
        "host": host,
        "path_prefix": path_prefix,
        "role": role,
        "fold_variants": fold_variants,
        "path_folds": [{"prefix": f.prefix, "replacement": f.replacement} for f in path_folds],
    }


def matched_rule(host: str, path_prefix: str, role: str) -> dict[str, Any]:
    """The domain rule a looked-up URL matched (the `domain_rule` member of a lookup)."""
    return {"host": host, "path_prefix": path_prefix, "role": role}
