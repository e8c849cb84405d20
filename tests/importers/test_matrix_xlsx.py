"""scripts/matrix_xlsx.py: a workbook's first sheet as rows keyed by the header (shared and
inline strings, numbers, gaps), and a clear error for what is not a workbook."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[2]
xlsx = load_script("matrix_xlsx")

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED = (
    f'<sst xmlns="{M}"><si><t>Country</t></si><si><t>URLs</t></si>'
    "<si><r><t>Rus</t></r><r><t>sia</t></r></si></sst>"
)
SHEET = (
    f'<worksheet xmlns="{M}"><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="inlineStr"><is><t>Year</t></is></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>https://a.example/,'
    '\nhttps://b.example/</t></is></c><c r="C2"><v>2023</v></c></row>'
    '<row r="3"><c r="B3" t="inlineStr"><is><t>https://c.example/</t></is></c><c r="D3">'
    "<v>9</v></c></row>"
    "</sheetData></worksheet>"
)


def _book() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("xl/sharedStrings.xml", SHARED)
        book.writestr("xl/worksheets/sheet1.xml", SHEET)
    return out.getvalue()


def test_rows_are_keyed_by_the_header_and_keep_multi_line_cells():
    rows = xlsx.sheet_rows(_book())
    assert rows[0] == {
        "Country": "Russia",
        "URLs": "https://a.example/,\nhttps://b.example/",
        "Year": "2023",
    }
    # an empty cell is left out, and so is a cell under no header
    assert rows[1] == {"URLs": "https://c.example/"}


def test_what_is_not_a_workbook_is_a_bad_zip_file():
    with pytest.raises(zipfile.BadZipFile):
        xlsx.sheet_rows(b"Country,URL\nRussia,https://a.example/\n")
