"""Where each record of a dataset came from, so an error names the file, the line and the
field to fix ("outlets-state.json: line 212: outlets[12].country: 'XX' is not ...").

A dataset may be several files merged (the seed folder): a path in the merged dataset
(`outlets[57]`) is turned back into the file and the path within it (`outlets[12]`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..curation.shapes import error_path
from ..errors import MastheadError, ValidationFailed
from .lines import line_of

_STEP = re.compile(r"([A-Za-z_@][\w@]*)|\[(\d+)\]")


@dataclass
class Part:
    name: str
    text: str
    counts: dict[str, int] = field(default_factory=dict)  # records per top-level list


@dataclass
class DatasetSource:
    parts: list[Part]

    @classmethod
    def of(cls, name: str, text: str, raw: Any) -> DatasetSource:
        return cls([part_of(name, text, raw)])

    def where(self, path: str) -> tuple[str, str, int | None]:
        """(file, path within the file, line) of a path in the (merged) dataset."""
        steps = split_path(path)
        part = self.parts[0]
        if len(steps) >= 2 and isinstance(steps[0], str) and isinstance(steps[1], int):
            index = steps[1]
            for candidate in self.parts:
                count = candidate.counts.get(steps[0], 0)
                if index < count:
                    part = candidate
                    break
                index -= count
            steps = [steps[0], index, *steps[2:]]
        return part.name, error_path(steps), line_of(part.text, steps)

    def error(self, exc: MastheadError) -> MastheadError:
        """The same error, saying where: file, line and the field's path in that file."""
        if exc.field is None:
            name = self.parts[0].name if len(self.parts) == 1 else "dataset"
            return exc.located(name, file=name)
        name, path, line = self.where(exc.field)
        reason = exc.message.removeprefix(f"{exc.field}: ")
        place = f"{name}: line {line}: {path}" if line is not None else f"{name}: {path}"
        return exc.located(place, reason=reason, field=path, file=name, line=line)

    @contextmanager
    def located(self) -> Iterator[None]:
        try:
            yield
        except MastheadError as exc:
            raise self.error(exc) from None


def part_of(name: str, text: str, raw: Any) -> Part:
    counts = (
        {k: len(v) for k, v in raw.items() if isinstance(v, list)} if isinstance(raw, dict) else {}
    )
    return Part(name, text, counts)


def read_json(name: str, text: str) -> Any:
    """A JSON file's data; an error names the file and the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"{name}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            extra={"file": name, "line": exc.lineno},
        ) from None


def split_path(path: str) -> list[int | str]:
    """'outlets[3].labels[0]' -> ['outlets', 3, 'labels', 0]."""
    return [int(index) if index else name for name, index in _STEP.findall(path)]
