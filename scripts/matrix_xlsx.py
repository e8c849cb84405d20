"""Rows of the State Media Matrix workbook (State_Media_Matrix.xlsx, first sheet) as dicts keyed
by its header, read with the standard library (an .xlsx file is a zip of XML parts)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_COLUMN = re.compile(r"[A-Z]+")


def _text(node: ET.Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{_M}t"))


def sheet_rows(data: bytes) -> list[dict[str, str]]:
    """The first worksheet's rows after the header, each {header: cell text}; empty cells are
    left out. Raises zipfile.BadZipFile or KeyError when `data` is not such a workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = set(book.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(book.read("xl/sharedStrings.xml"))
            shared = [_text(si) for si in root.findall(f"{_M}si")]
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    grid: list[dict[str, str]] = []
    for row in sheet.iter(f"{_M}row"):
        cells: dict[str, str] = {}
        for cell in row.findall(f"{_M}c"):
            match = _COLUMN.match(cell.get("r") or "")
            value = cell.find(f"{_M}v")
            kind = cell.get("t")
            if kind == "s" and value is not None and value.text:
                text = shared[int(value.text)]
            elif kind == "inlineStr":
                text = _text(cell)
            else:
                text = value.text or "" if value is not None else ""
            if match and text:
                cells[match.group(0)] = text
        grid.append(cells)
    if not grid:
        return []
    header = grid[0]
    return [{header[c]: v for c, v in cells.items() if c in header} for cells in grid[1:]]
