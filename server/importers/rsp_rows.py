"""Reading extracts of Wikipedia's perennial-sources list (RSP): pure.

Two extracts are read, each one entry (a source) per row:
- audiodude/wiki-reliable-sources-parser's `sources.jsonl` (one JSON object a line): the
  status code, the year of the latest discussion (`rsp_last`) and the domains, which sit
  only in the row's wikitext as `{{WP:RSPUSES|dom1|dom2|...}}` (a domain may carry a path:
  `dw.com/en`);
- Kudusch/wikipedia-perennial-sources' `perennial-sources.csv` (a header, RFC 4180 quoting,
  multi-line cells): `status` a JSON array of status words (`["Blacklisted", "Deprecated"]`),
  `urls` a JSON array of hosts or host+path; it gives no year. Its `urls` also hold links
  of the entry's text to Wikimedia pages (`www.wikidata.org/wiki/q192621#p856`): left out.

Only these bare facts and the entry's name are read; the summary, discussion and `info`
text are never read into a record (they are Wikipedia prose, CC BY-SA).

Errors are ValidationFailed naming the line: not JSON, not an object, no name, an unknown
status code, a cell that is not a JSON array, a domain that is not a host, a missing column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Literal

from .. import urls
from ..curation.identity import normalize_rule_host
from ..errors import ValidationFailed
from ..presenters.credits import RSP_ISSUER
from .csv_outlets import split_domain

ISSUER = RSP_ISSUER
STATUS = {
    "gr": "generally reliable",
    "nc": "no consensus",
    "gu": "generally unreliable",
    "d": "deprecated",
    "m": "mixed",
}
# The Kudusch extract's status words; "Blacklisted" (on Wikipedia's spam blacklist) comes
# beside one of these.
STATUS_WORDS = {
    "generally reliable": "gr",
    "no consensus": "nc",
    "generally unreliable": "gu",
    "deprecated": "d",
}
BLACKLISTED = "blacklisted"
CSV_COLUMNS = ("name", "status", "urls")
# Links of an entry's text to Wikipedia's own pages, not the source's domains.
WIKIMEDIA = ("wikipedia.org", "wikidata.org", "wikisource.org", "toolforge.org", "wikimedia.org")
_USES = re.compile(r"\{\{\s*WP:RSPUSES\s*\|([^}]*)\}\}")

Extract = Literal["audiodude", "kudusch"]


@dataclass
class RspSource:
    line: int
    name: str  # the entry as the list names it, with its qualifier ("Rolling Stone (culture)")
    status: str  # a STATUS code
    year: int | None  # of the latest discussion
    domains: list[tuple[str, str]] = field(default_factory=list)  # (rule host, path prefix)
    left_out: list[str] = field(default_factory=list)  # public suffixes, Wikimedia links
    blacklisted: bool = False

    @property
    def text(self) -> str:
        """The label text: the entry, its status and the year, never the summary."""
        status = STATUS[self.status] + (", blacklisted" if self.blacklisted else "")
        when = f" (last discussed {self.year})" if self.year else ""
        return f"{self.name[:200]}: {status}{when}"


def _domain(text: str, line: int) -> tuple[str, str] | None:
    """(rule host, path prefix) of `dw.com/en` or a whole URL; None for a public suffix
    (`blogspot.com`: a platform, whose sources the list means only in part) or a Wikimedia
    page. A query or fragment is dropped."""
    text = re.split(r"[?#]", text.strip(), maxsplit=1)[0]
    try:
        host, path = split_domain(text)
        bare = host.lower().removeprefix("www.")
        if urls.is_public_suffix(bare):
            return None
        if any(bare == w or bare.endswith("." + w) for w in WIKIMEDIA):
            return None
        host = normalize_rule_host(host, field="domain")
    except ValidationFailed as exc:
        raise ValidationFailed(f"line {line}: domain {text!r}: {exc.message}") from None
    path = "/".join(p for p in path.lower().split("/") if p)
    return host, "/" + path if path else ""


def _add_domains(source: RspSource, listed: list[str]) -> RspSource:
    for text in listed:
        domain = _domain(text, source.line)
        if domain is None:
            source.left_out.append(text.strip())
        elif domain not in source.domains:
            source.domains.append(domain)
    return source


def _year(value: object) -> int | None:
    text = str(value or "")
    return int(text) if re.fullmatch(r"(19|20)\d\d", text) else None


def _entry_name(row: dict[str, object], names_seen: set[str]) -> str:
    """The row's anchor (`id`, "Rolling Stone (politics and society, 2011-present)"), unless
    an earlier row has the same one (a copied anchor on the page): then its linked name."""
    anchor = str(row.get("id") or "").replace("_", " ").strip()
    if anchor and anchor not in names_seen:
        return anchor
    return str(row.get("qualified_name") or row.get("name") or "").strip()


def read_source(raw: str, line: int, names_seen: set[str] | None = None) -> RspSource:
    """One line of audiodude's `sources.jsonl` as a source."""
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"line {line}: not valid JSON: {exc.msg}") from None
    if not isinstance(row, dict):
        raise ValidationFailed(f"line {line}: expected a JSON object")
    name = str(row.get("name") or "").strip()
    if not name:
        raise ValidationFailed(f"line {line}: name: this field is required", field="name")
    status = str(row.get("status") or "")
    if status not in STATUS:
        raise ValidationFailed(
            f"line {line}: status: unknown code {status!r}; known: {', '.join(STATUS)}",
            field="status",
        )
    seen = names_seen if names_seen is not None else set()
    entry = _entry_name(row, seen) or name
    seen.add(entry)
    source = RspSource(line, entry, status, _year(row.get("rsp_last")))
    cells = _USES.findall(str(row.get("alltext") or ""))
    listed = [d for cell in cells for d in cell.split("|") if d.strip() and "=" not in d]
    if not listed and row.get("domain"):
        listed = [str(row["domain"])]
    return _add_domains(source, listed)


def read_sources(text: str) -> list[RspSource]:
    """Every source of audiodude's file, in order; blank lines are skipped."""
    seen: set[str] = set()
    return [
        read_source(raw, number, seen)
        for number, raw in enumerate(text.splitlines(), start=1)
        if raw.strip()
    ]


def _json_list(cell: str, column: str, line: int) -> list[str]:
    try:
        value = json.loads(cell or "[]")
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"line {line}: {column}: not a JSON array: {exc.msg}", field=column
        ) from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed(f"line {line}: {column}: expected a JSON array of strings")
    return value


def read_csv_sources(text: str) -> tuple[list[RspSource], list[str]]:
    """Every source of the Kudusch CSV in file order, and the rows left out with the reason
    (a row whose status cell names no RSP status)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        raise ValidationFailed("the file is empty: expected a header row", field="header")
    missing = [c for c in CSV_COLUMNS if c not in {n.strip() for n in reader.fieldnames}]
    if missing:
        raise ValidationFailed(f"line 1: missing column(s) {', '.join(map(repr, missing))}")
    sources: list[RspSource] = []
    notes: list[str] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        name = (row.get("name") or "").strip()
        if not name:
            raise ValidationFailed(f"line {start}: name: this cell is empty", field="name")
        words = [w.strip().lower() for w in _json_list(row.get("status") or "", "status", start)]
        codes = [STATUS_WORDS[w] for w in words if w in STATUS_WORDS]
        if len(codes) != 1:
            notes.append(f"line {start}: {name[:100]}: status {words!r} is not one RSP status")
            continue
        source = RspSource(start, name, codes[0], None, blacklisted=BLACKLISTED in words)
        sources.append(_add_domains(source, _json_list(row.get("urls") or "", "urls", start)))
    return sources, notes


def extract_of(text: str) -> Extract:
    """Which extract a file is: JSON lines (audiodude) or the CSV (Kudusch)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return "audiodude" if first.startswith(("{", "[")) else "kudusch"


def read_extract(text: str) -> tuple[Extract, list[RspSource], list[str]]:
    """(which extract, its sources, rows left out with the reason) of a file's text."""
    kind = extract_of(text)
    if kind == "audiodude":
        return kind, read_sources(text), []
    return kind, *read_csv_sources(text)
