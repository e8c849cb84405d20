"""What an import would write, as lines a maintainer reads before committing (the dry run):
one line per revision the unit of work recorded, e.g.

    + outlet 'rt-deutsch': name='RT Deutsch' country='RU' kind='state_controlled'
    + domain_rule 812: outlet='rt' host='rtde.world' role='mirror'
    ~ outlet 'rt': other_names=[] -> ['RT Deutsch']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Entity, Outlet, Revision

# Id columns shown as the slug of the record they point at.
SLUGGED = {
    "outlet_id": "outlet",
    "subject_outlet_id": "subject_outlet",
    "subject_entity_id": "subject_entity",
    "object_entity_id": "object",
}

# Bookkeeping columns a reader does not need to review.
QUIET = frozenset({"id", "version", "created_at", "updated_at", "slug"})
MARK = {"create": "+", "update": "~", "delete": "-", "revert": "~"}


def _shown(value: Any) -> bool:
    return value not in (None, [], {}, "")


def _name(rev: Revision) -> str:
    values = rev.after or rev.before or {}
    slug = values.get("slug")
    return f"{rev.record_type} '{slug}'" if slug else f"{rev.record_type} {rev.record_id}"


def _slugs(values: dict[str, Any], slugs: Mapping[tuple[str, int], str]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        name = SLUGGED.get(key)
        model = "entity" if name in ("subject_entity", "object") else "outlet"
        if name is not None and (model, value) in slugs:
            out[name] = slugs[(model, value)]
        else:
            out[key] = value
    return out


def describe_revision(rev: Revision, slugs: Mapping[tuple[str, int], str] | None = None) -> str:
    """One line: '+' created, '~' changed (before -> after), '-' deleted. With `slugs`
    ({("outlet", id): slug, ("entity", id): slug}) ids are shown as slugs."""
    head = f"{MARK.get(rev.action, '?')} {_name(rev)}"
    before, after = _slugs(rev.before or {}, slugs or {}), _slugs(rev.after or {}, slugs or {})
    if rev.action == "create":
        parts = [f"{k}={v!r}" for k, v in after.items() if k not in QUIET and _shown(v)]
    elif rev.action == "delete":
        parts = []
    else:
        keys = [k for k in after if k not in QUIET and before.get(k) != after.get(k)]
        parts = [f"{k}={before.get(k)!r} -> {after.get(k)!r}" for k in keys]
    return head + (": " + " ".join(parts) if parts else "")


def record_slugs(session: Session) -> dict[tuple[str, int], str]:
    """{("outlet", id): slug, ("entity", id): slug} as the session sees them now."""
    out = {("outlet", i): s for i, s in session.execute(select(Outlet.id, Outlet.slug))}
    out.update({("entity", i): s for i, s in session.execute(select(Entity.id, Entity.slug))})
    return out


def diff_lines(revisions: Iterable[Revision], session: Session | None = None) -> list[str]:
    """The revisions as lines, ids shown as slugs when a session is given to read them."""
    slugs = record_slugs(session) if session is not None else {}
    return [describe_revision(rev, slugs) for rev in revisions]
