"""Field types shared by the response models: dates, timestamps, hashes and the vocabularies.

The models only describe what the presenters write; nothing validates responses at run time.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import vocab
from ..fields import (
    DomainRole,
    EntityKind,
    LabelKind,
    OutletKind,
    OutletStatus,
    RelationKind,
    ReportRelation,
    ReportStatus,
)

__all__ = [
    "Date",
    "Document",
    "DomainRole",
    "EntityKind",
    "Id",
    "JsonObject",
    "LabelKind",
    "OutletKind",
    "OutletStatus",
    "RecordTypeName",
    "RelationKind",
    "ReportRelation",
    "ReportStatus",
    "RevisionAction",
    "Role",
    "Sha256",
    "Share",
    "SuggestionKind",
    "SuggestionStatus",
    "Timestamp",
    "Version",
    "absent",
]

Date = dt.date
Timestamp = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}",
        description="UTC date and time, ISO 8601 without an offset",
    ),
]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Version = Annotated[int, Field(ge=1, description="The record's version: its ETag and If-Match")]
Id = Annotated[int, Field(ge=1)]
Share = Annotated[float, Field(ge=0, le=100)]
Role = Literal[vocab.ROLES]  # type: ignore[valid-type]
RecordTypeName = Literal[vocab.RECORD_TYPE_NAMES]  # type: ignore[valid-type]
RevisionAction = Literal[vocab.REVISION_ACTIONS]  # type: ignore[valid-type]
SuggestionKind = Literal[vocab.SUGGESTION_KINDS]  # type: ignore[valid-type]
SuggestionStatus = Literal[vocab.SUGGESTION_STATUSES]  # type: ignore[valid-type]
JsonObject = dict[str, Any]


class Document(BaseModel):
    """A response document: every declared key is always present unless it is `absent()`."""

    model_config = ConfigDict(use_attribute_docstrings=True)


def absent() -> Any:
    """A key the server leaves out rather than sending null (not required, never null)."""
    return Field(default=None)
