"""Seeded databases built once per test run and copied by every pytest-xdist worker.

Seeding runs every record through the curation unit of work (about 2,800 of them), which
costs seconds on SQLite and more on PostgreSQL. Instead of each worker seeding its own
database, the first worker to ask builds a template under a file lock in the run's shared
temporary folder and writes its URL there; every worker (that one too) then works on its
own copy: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. The
controller drops the PostgreSQL templates when the run ends (`drop_postgres_templates`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEMPLATE_LIST = "postgres-templates.txt"


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder the whole run shares (an xdist worker's base folder's parent)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(folder: Path, name: str, build: Callable[[], str]) -> str:
    """The URL `build()` returned for `name` in this run, calling it only the first time."""
    record = folder / f"{name}.url"
    with FileLock(str(folder / f"{name}.lock")):
        if record.exists():
            return record.read_text()
        url = build()
        record.write_text(url)
        return url


def remember_postgres_template(folder: Path, name: str) -> None:
    with FileLock(str(folder / f"{TEMPLATE_LIST}.lock")), (folder / TEMPLATE_LIST).open("a") as f:
        f.write(name + "\n")


def drop_postgres_templates(folder: Path, admin_url: str) -> None:
    """Drop the run's PostgreSQL templates (called once, by the controller, at the end)."""
    listing = folder / TEMPLATE_LIST
    if not listing.exists():
        return
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in listing.read_text().split():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
    listing.unlink()


def database_name(url: str) -> str:
    name = make_url(url).database
    assert name, url
    return name
