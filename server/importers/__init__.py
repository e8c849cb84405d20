"""Importers, one module per external format; each is a plain function of the caller's
curation unit of work and the file's text (or, for a format whose files include others, the
file's path), returning what it changed. `dry_run` runs one and rolls it back, returning the
diff a maintainer reviews (see docs/maintainer-guide.md, "The import workflow").

Every record goes through the record services (the same checks and revisions as the API),
and an error names the file and the line or record at fault; the unit of work rolls back,
so nothing half-imports.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..curation import Actor, Curator
from ..curation.report import ChangeReport
from ..errors import BadRequest, MastheadError
from ..models import Revision
from . import (
    claimreview,
    csv_outlets,
    local_news,
    masthead_json,
    opensources,
    perennial,
    state_media,
    v2fly,
    wikidata,
)
from .diff import diff_lines

Importer = Callable[[Curator, str, str], ChangeReport]

IMPORTERS: dict[str, Importer] = {
    "json": masthead_json.import_text,
    "csv": csv_outlets.import_text,
    "opensources": opensources.import_text,
    "claimreview": claimreview.import_text,
    "state-media": state_media.import_text,
    "perennial": perennial.import_text,
    "wikidata": wikidata.import_text,
    "local-news": local_news.import_text,
}


# Formats read from a path rather than a text: a v2fly list includes other files beside it.
PathImporter = Callable[[Curator, Path], ChangeReport]
PATH_IMPORTERS: dict[str, PathImporter] = {"v2fly": v2fly.import_path}


def importer_for(fmt: str) -> Importer:
    importer = IMPORTERS.get(fmt)
    if importer is None:
        known = ", ".join(sorted([*IMPORTERS, *PATH_IMPORTERS]))
        raise BadRequest(f"unknown import format '{fmt}'; known: {known}")
    return importer


def check_format(fmt: str, path: Path | None) -> None:
    """Refuse an unknown format, or standard input for a format read from a path."""
    if fmt in PATH_IMPORTERS:
        if path is None:
            raise BadRequest(f"the {fmt} format reads a file and its includes: give a path")
        return
    importer_for(fmt)


def import_file(cur: Curator, path: Path | None, fmt: str) -> ChangeReport:
    """Import a file (or standard input when `path` is None) in `cur`'s unit of work; new
    records are written in bulk (a chunk at a time, see server/curation/bulk.py)."""
    check_format(fmt, path)
    with cur.bulk():
        return _import_file(cur, path, fmt)


def _import_file(cur: Curator, path: Path | None, fmt: str) -> ChangeReport:
    path_importer = PATH_IMPORTERS.get(fmt)
    if path_importer is not None and path is not None:
        try:
            return path_importer(cur, path)
        except MastheadError as exc:
            if "file" in exc.extra:
                raise
            raise exc.located(path.name, file=path.name) from None
    text, name = read_source(path)
    return import_text(cur, text, fmt, name)


def read_source(path: Path | None) -> tuple[str, str]:
    """(text, name) of a file, or of standard input when `path` is None."""
    if path is None:
        return sys.stdin.read(), "stdin"
    return path.read_text(encoding="utf-8-sig"), path.name


def import_text(cur: Curator, text: str, fmt: str, name: str) -> ChangeReport:
    """Import one file's text in `cur`'s unit of work; errors start with the file name."""
    importer = importer_for(fmt)
    try:
        return importer(cur, text, name)
    except MastheadError as exc:
        if "file" in exc.extra:
            raise
        raise exc.located(name, file=name) from None


def run_import(
    session: Session, path: Path | None, fmt: str, actor: str = "import"
) -> ChangeReport:
    """Import a file in a unit of work of its own, attributed to `actor:<file name>`; the
    caller commits or rolls back."""
    cur = Curator(session, Actor(None, f"{actor}:{path.name if path else 'stdin'}"))
    report = import_file(cur, path, fmt)
    cur.finish()
    return report


def dry_run(session: Session, path: Path | None, fmt: str) -> tuple[ChangeReport, list[str]]:
    """What importing a file would change, as (report, diff lines); nothing is written (the
    import runs in full, so every check is made, then its transaction is rolled back)."""
    name = path.name if path else "stdin"
    return dry_run_with(session, name, lambda cur: import_file(cur, path, fmt))


def dry_run_with(
    session: Session, name: str, run: Callable[[Curator], ChangeReport]
) -> tuple[ChangeReport, list[str]]:
    """What `run` (an import given its unit of work) would change; nothing is written."""
    cur = Curator(session, Actor(None, f"import:{name}"))
    try:
        last = session.scalar(select(func.max(Revision.id))) or 0
        report = run(cur)
        # Records written in bulk keep their revisions only in the database: read them back
        # (all of this transaction's, in order) rather than hold them all in memory.
        written = select(Revision).where(Revision.id > last, Revision.actor == cur.actor.name)
        return report, diff_lines(session.scalars(written.order_by(Revision.id)), session)
    finally:
        session.rollback()
