"""Reading v2fly/domain-list-community lists (pure): one rule a line, `include:` trees.

A line is `[type:]value [@attr ...] [&affiliation ...] [# comment]`, the type one of
`domain` (the default: the host and its subdomains), `full` (that host only), `keyword`,
`regexp` or `include` (another list, optionally filtered: `include:google @cn` keeps rules
with @cn, `@-cn` drops them). A full-line comment opens a section (`## Sputnik`): its rules
are grouped under that heading, which an importer may match to an outlet. Comments are
otherwise ignored, never copied.

Errors are ValidationFailed naming the list and line: an unknown type, an empty value, a
host that is not a host, an include of a list that does not exist, an include cycle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import urls
from ..errors import ValidationFailed

TYPES = ("domain", "full", "keyword", "regexp", "include")
HOST_TYPES = ("domain", "full")
_NAME = re.compile(r"^[a-z0-9][a-z0-9!._-]*$")


@dataclass(frozen=True)
class Entry:
    """One rule of a list: `value` is a lower-case punycode host for domain and full rules,
    the text as written otherwise."""

    list_name: str
    line: int
    type: str
    value: str
    attrs: frozenset[str] = frozenset()


@dataclass
class Group:
    """The rules of one list under one heading (None before the first heading)."""

    list_name: str
    heading: str | None
    line: int
    entries: list[Entry] = field(default_factory=list)


def _fail(name: str, line: int, message: str) -> ValidationFailed:
    return ValidationFailed(
        f"{name}: line {line}: {message}", field=name, extra={"file": name, "line": line}
    )


def _entry(name: str, line: int, text: str) -> Entry:
    words = text.split()
    head, marks = words[0], words[1:]
    kind, colon, value = head.partition(":")
    if not colon:
        kind, value = "domain", head
    if kind not in TYPES:
        raise _fail(name, line, f"unknown rule type {kind!r}; known: {', '.join(TYPES)}")
    if not value:
        raise _fail(name, line, f"{kind}: the value is empty")
    stray = [m for m in marks if m[0] not in "@&" or len(m) == 1]
    if stray:
        raise _fail(
            name,
            line,
            f"unexpected {stray[0]!r} after {head!r}: only @attributes "
            "and &affiliations may follow a rule",
        )
    attrs = frozenset(m[1:] for m in marks if m.startswith("@"))
    if kind in HOST_TYPES:
        try:
            value = urls.normalize_host(value)
        except urls.InvalidURL as exc:
            raise _fail(name, line, f"{kind}:{value}: {exc.message}") from None
    elif kind == "include" and not _NAME.match(value):
        raise _fail(name, line, f"include: {value!r} is not a list name")
    return Entry(name, line, kind, value, attrs)


def read_list(name: str, text: str) -> list[Group]:
    """The groups of one list file, in file order (empty groups left out)."""
    groups = [Group(name, None, 1)]
    for number, raw in enumerate(text.splitlines(), start=1):
        body, _hash, comment = raw.partition("#")
        body = body.strip()
        if not body:
            heading = comment.strip().lstrip("#").strip()
            if _hash and heading and not raw.strip().startswith("#!"):
                groups.append(Group(name, heading, number))
            continue
        groups[-1].entries.append(_entry(name, number, body))
    return [g for g in groups if g.entries]


def _keeps(entry: Entry, wanted: frozenset[str]) -> bool:
    """Whether an include filter (`@cn`, `@-ads`) keeps the entry."""
    for attr in wanted:
        if attr.startswith("-"):
            if attr[1:] in entry.attrs:
                return False
        elif attr not in entry.attrs:
            return False
    return True


def read_tree(root: str, read: Callable[[str], str | None]) -> list[Group]:
    """The groups of `root` and of every list it includes, recursively, each list once, in
    the order met. `read(name)` gives a list's text, None when there is no such list."""
    out: list[Group] = []
    done: set[str] = set()

    def visit(name: str, wanted: frozenset[str], at: str) -> None:
        text = read(name)
        if text is None:
            raise ValidationFailed(f"{at}: no list named {name!r}", field=name, extra={"file": at})
        groups = read_list(name, text)
        if name not in done or wanted:
            done.add(name)
            for group in groups:
                kept = [e for e in group.entries if e.type != "include" and _keeps(e, wanted)]
                if kept:
                    out.append(Group(name, group.heading, group.line, kept))
        for group in groups:
            for e in group.entries:
                if e.type == "include" and e.value not in done:
                    visit(e.value, e.attrs, f"{name}: line {e.line}")

    visit(root, frozenset(), root)
    return out
