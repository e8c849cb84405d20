"""Rows of an importer's CSV file with the line each starts on: the reading the CSV importers
share (`csv_outlets`, `local_news_rows`); what the columns mean stays with each importer."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from ..errors import ValidationFailed


def csv_rows(
    text: str, header: Callable[[list[str]], list[str]], *, length_field: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: cell}) for each row of `text` (RFC 4180, a header row), in file order.

    `header` receives the header row's cells and returns the column names (it checks them
    and raises its own error). The line is where the row starts in the file (the header is
    line 1; a quoted cell may span lines). Cells are given as written, not trimmed; a row
    with every cell blank is passed over.

    Errors (ValidationFailed): an empty file ("the file is empty: expected a header row");
    a row whose number of cells is not the header's ("line 7: 10 values for 11 columns",
    its field `length_field`, or "line 7" when that is None).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        names = header(next(reader))
    except StopIteration:
        raise ValidationFailed("the file is empty: expected a header row") from None
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(names):
            raise ValidationFailed(
                f"line {start}: {len(cells)} values for {len(names)} columns",
                field=length_field or f"line {start}",
            )
        yield start, dict(zip(names, cells, strict=True))
