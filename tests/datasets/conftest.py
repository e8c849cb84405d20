"""Fixtures for tests that read third-party data sets from outside the repository.

The data sets live in ``$MASTHEAD_DATASETS`` (default: ``<repo>/../shared/datasets``) and are
never copied into the repo. When they are absent the tests skip, except on CI (env ``CI``
set), where a missing data set is a broken checkout and fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import db

REPO_ROOT = Path(__file__).resolve().parents[2]

_REPORTS: list[tuple[str, list[str]]] = []


def _datasets_root() -> Path:
    configured = os.environ.get("MASTHEAD_DATASETS")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "datasets"


def _missing(what: Path) -> None:
    message = f"data set not found: {what} (set MASTHEAD_DATASETS to the datasets folder)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    """The datasets folder; skips the test when it is absent (fails on CI)."""
    root = _datasets_root()
    if not root.is_dir():
        _missing(root)
    return root


@pytest.fixture(scope="session")
def dataset_file(datasets_dir: Path) -> Callable[[str], Path]:
    """``dataset_file("name/file.csv")``: a file under the datasets folder, or skip/fail."""

    def find(relative: str) -> Path:
        path = datasets_dir / relative
        if not path.is_file():
            _missing(path)
        return path

    return find


@pytest.fixture
def dataset_report(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Lines a data-set test wants shown in the terminal summary (even with ``-q``)."""
    lines: list[str] = []
    _REPORTS.append((request.node.nodeid, lines))
    return lines.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    reports = [(nodeid, lines) for nodeid, lines in _REPORTS if lines]
    if not reports:
        return
    terminalreporter.section("data set measurements")
    for nodeid, lines in reports:
        terminalreporter.write_line(nodeid)
        for line in lines:
            terminalreporter.write_line("    " + line)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session of the test's app, inside its app context."""
    with app.app_context():
        yield db.session()


def count(session: Session, model: type) -> int:
    """How many rows `model`'s table holds."""
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def backend() -> str:
    """Whole third-party datasets load on SQLite only (each import takes seconds): these tests
    measure the importers and what readers then see; the unit of work they write through, the
    importers on small files and the lookups are tested on PostgreSQL too."""
    return "sqlite"
