"""What an import would write, as lines a maintainer reads before committing (the dry run):
one line per revision the unit of work recorded, e.g.

    + outlet 'rt-deutsch': name='RT Deutsch' country='RU' kind='state_controlled'
    + domain_rule 812: outlet_id=3 host='rtde.world' role='mirror'
    ~ outlet 'rt': other_names=[] -> ['RT Deutsch']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import Revision

# Bookkeeping columns a reader does not need to review.
QUIET = frozenset({"id", "version", "created_at", "updated_at", "slug"})
MARK = {"create": "+", "update": "~", "delete": "-", "revert": "~"}


def _shown(value: Any) -> bool:
    return value not in (None, [], {}, "")


def _name(rev: Revision) -> str:
    values = rev.after or rev.before or {}
    slug = values.get("slug")
    return f"{rev.record_type} '{slug}'" if slug else f"{rev.record_type} {rev.record_id}"


def describe_revision(rev: Revision) -> str:
    """One line: '+' created, '~' changed (before -> after), '-' deleted."""
    head = f"{MARK.get(rev.action, '?')} {_name(rev)}"
    before, after = rev.before or {}, rev.after or {}
    if rev.action == "create":
        parts = [f"{k}={v!r}" for k, v in after.items() if k not in QUIET and _shown(v)]
    elif rev.action == "delete":
        parts = []
    else:
        keys = [k for k in after if k not in QUIET and before.get(k) != after.get(k)]
        parts = [f"{k}={before.get(k)!r} -> {after.get(k)!r}" for k in keys]
    return head + (": " + " ".join(parts) if parts else "")


def diff_lines(revisions: Iterable[Revision]) -> list[str]:
    return [describe_revision(rev) for rev in revisions]
