"""Reading Wikipedia's perennial-sources list (RSP) as parsed by audiodude/wiki-reliable-
sources-parser (`sources.jsonl`, one JSON object a line): pure.

Each source gives its RSP status and the year of its latest discussion (`rsp_last`), and its
domains, which sit only in the row's wikitext as `{{WP:RSPUSES|dom1|dom2|...}}` (a domain
may carry a path: `dw.com/en`). Only these bare facts are read; the summary and discussion
text are never read into a record (they are Wikipedia prose, CC BY-SA).

Errors are ValidationFailed naming the line: not JSON, not an object, no name, an unknown
status, a domain that is not a host.

Not written to the database yet: the status is meant as a label issued by "Wikipedia
editors (Reliable sources/Perennial sources)", and Masthead's label kinds have no kind for a
rater's assessment (adding one is a migration; see docs/maintainer-guide.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .. import urls
from ..curation.identity import normalize_rule_host
from ..errors import ValidationFailed
from .csv_outlets import split_domain

ISSUER = "Wikipedia editors (Reliable sources/Perennial sources)"
STATUS = {
    "gr": "generally reliable",
    "nc": "no consensus",
    "gu": "generally unreliable",
    "d": "deprecated",
    "m": "mixed",
}
_USES = re.compile(r"\{\{\s*WP:RSPUSES\s*\|([^}]*)\}\}")


@dataclass
class RspSource:
    line: int
    name: str
    status: str  # a STATUS code
    year: int | None  # of the latest discussion
    domains: list[tuple[str, str]] = field(default_factory=list)  # (rule host, path prefix)
    left_out: list[str] = field(default_factory=list)  # public suffixes (blogspot.com)

    @property
    def text(self) -> str:
        """The label text: the status and year, never the summary."""
        when = f" (last discussed {self.year})" if self.year else ""
        return f"Wikipedia perennial sources: {STATUS[self.status]}{when}"


def _domain(text: str, line: int) -> tuple[str, str] | None:
    """(rule host, path prefix) of `dw.com/en` or a whole URL; None for a public suffix
    (`blogspot.com`: a platform, whose sources the list means only in part)."""
    try:
        host, path = split_domain(text)
        if urls.is_public_suffix(host.lower().removeprefix("www.")):
            return None
        host = normalize_rule_host(host, field="domain")
    except ValidationFailed as exc:
        raise ValidationFailed(f"line {line}: domain {text.strip()!r}: {exc.message}") from None
    path = "/".join(p for p in path.lower().split("/") if p)
    return host, "/" + path if path else ""


def _year(value: object) -> int | None:
    text = str(value or "")
    return int(text) if re.fullmatch(r"(19|20)\d\d", text) else None


def read_source(raw: str, line: int) -> RspSource:
    """One line of the file as a source."""
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
    source = RspSource(line, name, status, _year(row.get("rsp_last")))
    cells = _USES.findall(str(row.get("alltext") or ""))
    listed = [d for cell in cells for d in cell.split("|") if d.strip() and "=" not in d]
    if not listed and row.get("domain"):
        listed = [str(row["domain"])]
    for text in listed:
        domain = _domain(text, line)
        if domain is None:
            source.left_out.append(text.strip())
        elif domain not in source.domains:
            source.domains.append(domain)
    return source


def read_sources(text: str) -> list[RspSource]:
    """Every source of the file, in order; blank lines are skipped."""
    return [
        read_source(raw, number)
        for number, raw in enumerate(text.splitlines(), start=1)
        if raw.strip()
    ]
