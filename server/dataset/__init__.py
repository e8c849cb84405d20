"""The dataset: Masthead's portable JSON form of all curated records (seed, export, import)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ValidationFailed
from .apply import ApplyReport, apply_dataset
from .export import export_dataset
from .schema import DatasetIn, error_path

__all__ = ["ApplyReport", "apply_dataset", "export_dataset", "load_seed_dir", "parse_dataset"]


def parse_dataset(raw: Any, source: str = "dataset") -> DatasetIn:
    """Validate raw JSON data; the error names the source and the path of the first bad field."""
    try:
        return DatasetIn.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = error_path(tuple(first["loc"]))
        raise ValidationFailed(f"{source}: {where}: {first['msg']}", field=where) from None


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"{path.name}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


def load_seed_dir(seed_dir: Path) -> DatasetIn:
    """Merge every *.json file of the seed folder into one dataset (files in name order)."""
    merged: dict[str, list[Any]] = {"entities": [], "outlets": [], "stories": [], "articles": []}
    for path in sorted(seed_dir.glob("*.json")):
        raw = read_json(path)
        if not isinstance(raw, dict):
            raise ValidationFailed(f"{path.name}: expected a JSON object at the top level")
        parse_dataset(raw, path.name)  # errors name the file they come from
        for key in merged:
            merged[key].extend(raw.get(key, []))
    return parse_dataset(merged, str(seed_dir))
