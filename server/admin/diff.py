"""Readable before/after of a revision: one row per field that the revision changed (all
fields for a creation or a deletion), long texts diffed word by word.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..curation.types import RECORD_TYPES
from ..models import Revision
from .forms import fold_text

HIDDEN = frozenset({"id", "version", "url_sha256"})
WORDY = 60  # values longer than this get a word diff instead of two whole values


@dataclass
class Segment:
    op: str  # "same", "del", "ins"
    text: str


@dataclass
class FieldChange:
    name: str
    before: str | None
    after: str | None
    words: list[Segment] | None = None  # a word diff, for long texts


@dataclass
class RevisionView:
    rev: Revision
    changes: list[FieldChange] = field(default_factory=list)
    title: str = ""


def shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(fold_text(v) if _is_fold(v) else str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_fold(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"prefix", "replacement"}


def word_diff(before: str, after: str) -> list[Segment]:
    a, b = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("ins", "".join(b[j1:j2])))
    return out


def revision_rows(rev: Revision) -> RevisionView:
    before, after = rev.before or {}, rev.after or {}
    keys = [k for k in (after or before) if k not in HIDDEN and not k.startswith("_")]
    for k in before:
        if k not in keys and k not in HIDDEN and not k.startswith("_"):
            keys.append(k)
    view = RevisionView(rev=rev, title=_title(rev))
    for key in keys:
        b, a = shown(before.get(key)), shown(after.get(key))
        if rev.before is not None and rev.after is not None and b == a:
            continue
        if (rev.before is None and not a) or (rev.after is None and not b):
            continue  # an empty field of a created or deleted record says nothing
        change = FieldChange(key, b, a)
        if b and a and (len(b) > WORDY or len(a) > WORDY):
            change.words = word_diff(b, a)
        view.changes.append(change)
    return view


def _title(rev: Revision) -> str:
    snap = rev.after or rev.before or {}
    kind = rev.record_type.replace("_", " ")
    for key in ("name", "title", "host", "issuer", "report_title", "url", "canonical_url"):
        if snap.get(key):
            extra = snap.get("path_prefix") or "" if key == "host" else ""
            return f"{kind}: {snap[key]}{extra}"
    if rev.record_type == "relation":
        return f"relation {rev.record_id}: {str(snap.get('kind', '')).replace('_', ' ')}"
    return f"{kind} {rev.record_id}"


def current_versions(
    session: Session, revisions: list[Revision]
) -> dict[tuple[str, int], int | None]:
    """The current version of each record the revisions touch (None: deleted), which a
    revert sends as If-Match so a revert made from a stale page is refused too."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for rev in revisions:
        wanted[rev.record_type].add(rev.record_id)
    out: dict[tuple[str, int], int | None] = {}
    for type_name, ids in wanted.items():
        model: Any = RECORD_TYPES[type_name].model
        found: dict[int, int] = dict(
            session.execute(select(model.id, model.version).where(model.id.in_(ids))).all()
        )
        for record_id in ids:
            out[(type_name, record_id)] = found.get(record_id)
    return out
