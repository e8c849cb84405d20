"""The write path: every change to curated records goes through a `Curator` unit of work.

    from server.curation import Actor, Curator

    with Curator(session, Actor(user.id, user.name), comment="source updated") as cur:
        outlet = cur.create("outlet", {...})                       # or cur.outlets.create({...})
        cur.update("label", 12, {"until": "2024-01-01"}, if_match=2)
        cur.delete("domains", 7, if_match=1)
        cur.revert(revision_id, if_match=None)

Payloads are dicts (validated by server/curation/schemas.py) or the schema objects; errors
are MastheadError subclasses (ValidationFailed 422, Conflict 409, PreconditionFailed 412,
NotFound 404, FetchFailed 422/502) naming the field at fault. Nothing here imports the read
path: readers learn of a commit from the data version and `events.data_changed`.
"""

from .fetching import FetchFailed, Fill
from .queries import recent_revisions, revisions_of
from .types import BY_PATH, RECORD_TYPES, Actor, RecordType, record_type
from .unit_of_work import Curator

__all__ = [
    "BY_PATH",
    "RECORD_TYPES",
    "Actor",
    "Curator",
    "FetchFailed",
    "Fill",
    "RecordType",
    "recent_revisions",
    "record_type",
    "revisions_of",
]
