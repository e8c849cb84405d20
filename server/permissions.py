"""What takes the admin role beyond what editors may do: one rule, for the API and the pages.

Deleting an outlet or an owner (entity) cascades: its domain rules, labels and relations go
with it, and an owner's deletion cuts every ownership chain that runs through it. Editors
may delete every other record; these two take an admin, and so does reverting the creation
of one (which deletes it). Reverting a deletion (which restores) stays an editor's right.
"""

from __future__ import annotations

from .errors import Forbidden
from .models import Revision

ADMIN_DELETES = frozenset({"outlet", "entity"})


def may_delete(role: str, record_type: str) -> bool:
    return role == "admin" or record_type not in ADMIN_DELETES


def check_delete(role: str, record_type: str) -> None:
    if not may_delete(role, record_type):
        raise Forbidden(f"deleting an {record_type} needs the admin role")


def check_revert(role: str, revision: Revision) -> None:
    """Reverting a creation deletes the record: the same rule as deleting it."""
    if revision.before is None:
        check_delete(role, revision.record_type)
