"""The contract every importer keeps (contract.py), run for each importer on the cases its own
test file gives: a dry run writes nothing, a second run changes nothing, a bad file is refused
naming the file and where in it, and writes nothing. Importers that read over the seed run
over it; the Wikidata importer's cases run on an empty database, as its own tests do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from server.errors import ValidationFailed
from server.importers import dry_run, run_import

from .conftest import snapshot
from .contract import ImporterCase
from .test_local_news import CONTRACT as LOCAL_NEWS
from .test_perennial import CONTRACT as PERENNIAL
from .test_state_media import CONTRACT as STATE_MEDIA
from .test_v2fly import CONTRACT as V2FLY
from .test_wikidata import CONTRACT as WIKIDATA

CASES = (LOCAL_NEWS, STATE_MEDIA, V2FLY, PERENNIAL, WIKIDATA)
SEEDED = [case for case in CASES if case.seeded]
EMPTY = [case for case in CASES if not case.seeded]


def _dry_runs(cases: list[ImporterCase]) -> Any:
    return pytest.mark.parametrize("case", cases, ids=[case.fmt for case in cases])


def _second_runs(cases: list[ImporterCase]) -> Any:
    params = [
        pytest.param(case, files, id=f"{case.fmt}-{'+'.join(f.name for f in files)}")
        for case in cases
        for files in case.second_runs
    ]
    return pytest.mark.parametrize(("case", "files"), params)


def _bad_files(cases: list[ImporterCase]) -> Any:
    params = [
        pytest.param(case, name, text, message, id=f"{case.fmt}-{i}")
        for case in cases
        for i, (name, text, message) in enumerate(case.bad_files)
    ]
    return pytest.mark.parametrize(("case", "name", "text", "message"), params)


def _dry_run_writes_nothing(session: Session, case: ImporterCase) -> None:
    before = snapshot(session)
    report, lines = dry_run(session, case.dry_run_file, case.fmt)
    assert snapshot(session) == before
    case.dry_run_shows(report, lines)


def _second_run_changes_nothing(
    session: Session, case: ImporterCase, files: tuple[Path, ...]
) -> None:
    for path in files:
        run_import(session, path, case.fmt)
        session.commit()
    before = snapshot(session)
    for path in files:
        again = run_import(session, path, case.fmt)
        session.commit()
        assert not again.changed
    assert snapshot(session) == before


def _bad_file_is_refused(
    session: Session, tmp_path: Path, case: ImporterCase, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = snapshot(session)
    with pytest.raises(ValidationFailed) as caught:
        run_import(session, path, case.fmt)
    session.rollback()
    assert message in caught.value.message
    assert caught.value.message.startswith(name)
    assert snapshot(session) == before


@_dry_runs(SEEDED)
def test_dry_run_lists_the_changes_and_writes_nothing(seeded, session, case):
    _dry_run_writes_nothing(session, case)


@_dry_runs(EMPTY)
def test_dry_run_on_an_empty_database_writes_nothing(app, session, case):
    _dry_run_writes_nothing(session, case)


@_second_runs(SEEDED)
def test_second_run_changes_nothing(seeded, session, case, files):
    _second_run_changes_nothing(session, case, files)


@_second_runs(EMPTY)
def test_second_run_on_an_empty_database_changes_nothing(app, session, case, files):
    _second_run_changes_nothing(session, case, files)


@_bad_files(SEEDED)
def test_a_bad_file_names_its_line_and_writes_nothing(
    seeded, session, tmp_path, case, name, text, message
):
    _bad_file_is_refused(session, tmp_path, case, name, text, message)


@_bad_files(EMPTY)
def test_a_bad_file_on_an_empty_database_names_its_line_and_writes_nothing(
    app, session, tmp_path, case, name, text, message
):
    _bad_file_is_refused(session, tmp_path, case, name, text, message)
