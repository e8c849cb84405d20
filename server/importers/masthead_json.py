"""Import a Masthead dataset export (the round trip of `flask export`)."""

from __future__ import annotations

from ..curation import Curator
from ..curation.report import ChangeReport
from ..dataset import import_dataset, read_dataset


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    data, source = read_dataset(name, text)
    return import_dataset(cur, data, source)
