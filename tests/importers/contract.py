"""What every importer promises, as data each importer's test file gives
(test_importer_contract.py runs it): a dry run reports its changes and writes nothing, a
second run of the same files changes nothing, a bad file is refused with an error that names
the file and where in it, and nothing of it is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from server.curation.report import ChangeReport


@dataclass(frozen=True)
class ImporterCase:
    """One importer's cases of the contract.

    fmt: the format name `run_import` takes ("local-news", "wikidata"...).
    seeded: whether the cases run over the seed (else on an empty database).
    dry_run_file: the file the dry run is given; dry_run_shows(report, lines) asserts what
        this importer's dry run must list (the contract checks that nothing was written).
    second_runs: each a sequence of files imported in order, then imported again.
    bad_files: (file name, text, part of the error message) for each bad file.
    """

    fmt: str
    seeded: bool
    dry_run_file: Path
    dry_run_shows: Callable[[ChangeReport, list[str]], None]
    second_runs: tuple[tuple[Path, ...], ...]
    bad_files: tuple[tuple[str, str, str], ...]
