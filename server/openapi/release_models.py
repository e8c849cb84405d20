"""Document models of the open-data releases API (server/api/releases.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .types import Document

ReleaseVersion = Annotated[str, Field(pattern=r"^\d{4}\.\d{2}\.\d{2}(\.\d{1,4})?$")]


class ReleaseFile(Document):
    """One file of a release."""

    name: str
    """`masthead.json` (the dataset format, as `flask export`), `outlets.csv`,
    `domain-rules.csv`, `changelog.json`, `CHANGELOG.md`"""
    media_type: str
    bytes: int
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """The file's SHA-256, also its ETag"""
    url: str


class ReleaseCounts(Document):
    """How many records of each kind the release holds."""

    outlets: int
    domain_rules: int
    entities: int
    relations: int
    labels: int
    citations: int
    stories: int
    articles: int
    report_links: int


class ReleaseManifest(Document):
    """A dated, versioned release of the whole dataset."""

    format: Literal["masthead-release/1"]
    version: ReleaseVersion
    """The UTC date of the release; `.2`, `.3`… for further releases on one day"""
    sequence: int
    """1 for the first release, then one more for each"""
    created_at: str
    data_version: int
    """The data version the release was read at (as `/readyz` reports it)"""
    last_revision: int
    """The newest revision included; the next release's changelog starts after it"""
    previous: ReleaseVersion | None
    counts: ReleaseCounts
    changes: int
    """Entries in `changelog.json`: the revisions since the previous release (0 for the
    first)"""
    files: list[ReleaseFile]
    url: str


class ReleaseSummary(Document):
    version: ReleaseVersion
    sequence: int
    created_at: str
    data_version: int
    changes: int
    url: str


class ReleaseList(Document):
    """Every release, newest first."""

    releases: list[ReleaseSummary]


MODELS: list[type[Document]] = [ReleaseManifest, ReleaseList]
