"""The dataset: Masthead's portable JSON form of all curated records (seed, export, import).

Reading a dataset validates it whole before anything is written; applying it goes through
the caller's curation unit of work. Errors of either name the file, the line and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..curation import Curator
from ..curation.report import ChangeReport
from ..curation.shapes import parse
from ..errors import ValidationFailed
from .apply import apply_dataset
from .export import export_dataset
from .schema import DatasetIn
from .source import DatasetSource, read_json
from .unique import check_unique

__all__ = [
    "DatasetSource",
    "apply_dataset",
    "export_dataset",
    "import_dataset",
    "load_seed_dir",
    "parse_dataset",
    "read_dataset",
    "read_seed_dir",
]


def parse_dataset(raw: Any, source: DatasetSource) -> DatasetIn:
    """Validate raw JSON data; the error says where the first bad field is."""
    with source.located():
        if not isinstance(raw, dict):
            raise ValidationFailed("expected a JSON object at the top level")
        return parse(DatasetIn, raw)  # type: ignore[no-any-return]


def read_dataset(name: str, text: str) -> tuple[DatasetIn, DatasetSource]:
    """A dataset file's text, validated, and where its records are (for errors)."""
    raw = read_json(name, text)
    source = DatasetSource.of(name, text, raw)
    return parse_dataset(raw, source), source


def read_seed_dir(seed_dir: Path) -> tuple[DatasetIn, DatasetSource]:
    """Every *.json file of the seed folder (in name order) as one dataset."""
    merged: dict[str, list[Any]] = {
        name: [] for name in ("entities", "outlets", "stories", "articles")
    }
    parts = []
    for path in sorted(seed_dir.glob("*.json")):
        data, source = read_dataset(path.name, path.read_text(encoding="utf-8"))
        parts.extend(source.parts)
        for key, items in merged.items():
            items.extend(getattr(data, key))
    data = DatasetIn.model_construct(**merged)  # type: ignore[arg-type]
    return data, DatasetSource(parts)


def load_seed_dir(seed_dir: Path) -> DatasetIn:
    return read_seed_dir(seed_dir)[0]


def import_dataset(cur: Curator, data: DatasetIn, source: DatasetSource) -> ChangeReport:
    """Apply a dataset read from `source` in `cur`'s unit of work; errors say where."""
    with source.located():
        check_unique(data)
        return apply_dataset(cur, data)
