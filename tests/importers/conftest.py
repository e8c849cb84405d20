"""Fixtures of the importer tests: a session of the test's app and file helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server import db
from server.models import (
    Citation,
    DataVersion,
    DomainRule,
    Entity,
    Label,
    Outlet,
    Relation,
    Revision,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        yield db.session()


def snapshot(session: Session) -> tuple[int, ...]:
    """Row counts of every table an importer writes, and the data version."""
    models = (Outlet, DomainRule, Entity, Relation, Label, Citation, Revision)
    counts = [session.scalar(select(func.count()).select_from(m)) or 0 for m in models]
    return (*counts, session.scalar(select(DataVersion.version)) or 0)
