"""What takes the admin role beyond what editors may do: one rule, for the API and the pages.

Deleting an outlet or an owner (entity) cascades: its domain rules, labels and relations go
with it, and an owner's deletion cuts every ownership chain that runs through it. Editors
may delete every other record; these two take an admin, and so does reverting the creation
of one (which deletes it). Reverting a deletion (which restores) stays an editor's right.
"""

from __future__ import annotations

from .auth import has_role
from .errors import Forbidden
from .models import Revision, User

ADMIN_DELETES = frozenset({"outlet", "entity"})


def check_delete(user: User, record_type: str) -> None:
    if record_type in ADMIN_DELETES and not has_role(user, "admin"):
        raise Forbidden(f"deleting an {record_type} needs the admin role")


def check_revert(user: User, revision: Revision) -> None:
    """Reverting a creation deletes the record: the same rule as deleting it."""
    if revision.before is None:
        check_delete(user, revision.record_type)
