"""Importers, one module per external format; each is a plain function returning a report.

`run_import` picks one by name. Every importer works inside the caller's transaction and
raises a ValidationFailed naming the line or record at fault, so nothing half-imports.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..errors import BadRequest
from . import claimreview, csv_outlets, masthead_json, opensources

IMPORTERS: dict[str, Callable[[Session, str, str], Any]] = {
    "json": masthead_json.import_text,
    "csv": csv_outlets.import_text,
    "opensources": opensources.import_text,
    "claimreview": claimreview.import_text,
}


def run_import(session: Session, path: Path | None, fmt: str, actor: str = "import") -> Any:
    importer = IMPORTERS.get(fmt)
    if importer is None:
        raise BadRequest(f"unknown import format '{fmt}'; known: {', '.join(sorted(IMPORTERS))}")
    text = sys.stdin.read() if path is None else path.read_text(encoding="utf-8-sig")
    name = "stdin" if path is None else path.name
    return importer(session, text, f"{actor}:{name}")
