"""Undoing a revision, as a new revision (action "revert"); the history is never rewritten.

- a creation is undone by deleting the record (and what depends on it);
- a deletion by re-creating the record with its id, and the records deleted or unlinked
  with it (the revisions listed under `_cascade`);
- an update by putting back the fields that revision changed (later changes to other
  fields stay).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import Conflict, NotFound
from ..models import Revision
from .history import CASCADE_KEY, parse_value, restore
from .types import RecordType, record_type

if TYPE_CHECKING:
    from .unit_of_work import Curator


def revert(cur: Curator, revision_id: int, *, if_match: int | None = None) -> Revision:
    """`if_match` (optional) is the version of the record as the caller last saw it."""
    rev = cur.session.get(Revision, revision_id)
    if rev is None:
        raise NotFound(f"no revision {revision_id}", field="id")
    rtype = record_type(rev.record_type)
    current = cur.session.get(rtype.model, rev.record_id)
    what = f"{rtype.name.replace('_', ' ')} {rev.record_id}"
    if rev.before is None:
        if current is None:
            raise Conflict(f"{what} is already deleted: nothing to revert")
        return cur.remove(current, if_match=if_match, action="revert")
    if rev.after is None:
        if current is not None:
            raise Conflict(f"{what} exists again: nothing to revert")
        return recreate(cur, rtype, rev.before)
    if current is None:
        raise Conflict(
            f"{what} has been deleted since; revert its deletion first",
            extra={"record_type": rtype.name, "record_id": rev.record_id},
        )
    values = _changed_back(rtype, rev.before, rev.after)
    if not cur.change(current, values, if_match=if_match, action="revert"):
        cur.check_version(current, if_match)
        raise Conflict(f"{what} already has the values from before revision {rev.id}")
    return cur.revisions[-1]


def _changed_back(rtype: RecordType, before: dict[str, Any], after: dict[str, Any]) -> dict:
    """The fields a revision changed, with the values they had before it."""
    return {
        key: parse_value(rtype.model, key, value)
        for key, value in before.items()
        if key not in ("id", "version")
        and not key.startswith("_")
        and key in after
        and after.get(key) != value
    }


def recreate(cur: Curator, rtype: RecordType, before: dict[str, Any]) -> Revision:
    model: Any = rtype.model
    obj = model()
    restore(obj, {k: v for k, v in before.items() if not k.startswith("_")})
    obj.id = before["id"]
    cur.service_for(obj).check_restorable(obj)
    cur.insert(obj, "revert", version=int(before.get("version") or 0) + 1)
    rev = cur.revisions[-1]
    for child_id in before.get(CASCADE_KEY, []):
        _restore_child(cur, cur.session.get(Revision, child_id))
    return rev


def _restore_child(cur: Curator, child: Revision | None) -> None:
    """Put back one record deleted or unlinked with its parent."""
    if child is None:
        return
    child_type = record_type(child.record_type)
    current = cur.session.get(child_type.model, child.record_id)
    if child.after is None:
        if current is None:
            recreate(cur, child_type, child.before or {})
    elif current is not None and child.before is not None:
        values = {
            k: parse_value(child_type.model, k, v)
            for k, v in child.before.items()
            if k not in ("id", "version") and child.after.get(k) != v
        }
        cur.change(current, values, if_match=None, action="revert")
