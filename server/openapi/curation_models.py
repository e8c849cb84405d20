"""Response models of the curation API: the records of server/presenters/curation.py with their
ids and versions, revisions, suggestions, users and tokens."""

from __future__ import annotations

from typing import Literal

from pydantic import create_model

from .read_models import PathFold
from .types import (
    Date,
    Document,
    DomainRole,
    EntityKind,
    Id,
    JsonObject,
    LabelKind,
    OutletKind,
    OutletStatus,
    RecordTypeName,
    RelationKind,
    ReportRelation,
    ReportStatus,
    RevisionAction,
    Role,
    Sha256,
    Share,
    SuggestionKind,
    SuggestionStatus,
    Timestamp,
    Version,
    absent,
)


class CitationRecord(Document):
    id: Id
    url: str
    title: str | None
    publisher: str | None
    accessed: Date | None
    """When the source was last checked (a fact citing it is due for review 90 days later)"""
    quote: str | None
    archived_url: str | None
    """An archived copy of the source (e.g. on web.archive.org)"""
    version: Version


class DomainRuleRecord(Document):
    id: Id
    outlet: str | None
    """The outlet's slug"""
    host: str
    path_prefix: str
    role: DomainRole
    fold_variants: bool
    path_folds: list[PathFold]
    version: Version


class SubjectRef(Document):
    type: Literal["outlet", "entity"]
    slug: str
    name: str


class ObjectRef(Document):
    slug: str
    name: str
    kind: EntityKind


class RelationRecord(Document):
    id: Id
    subject: SubjectRef | None
    kind: RelationKind
    object: ObjectRef | None
    share: Share | None
    since: Date | None
    until: Date | None
    as_of: Date
    note: str | None
    review_due: Date | None
    """Set by a maintainer: re-check the fact on that day (null: 90 days after its
    citation's `accessed` date)"""
    citation_id: Id
    citation: CitationRecord
    version: Version


class LabelRecord(Document):
    id: Id
    outlet: str | None
    kind: LabelKind
    issuer: str
    text: str | None
    since: Date | None
    until: Date | None
    as_of: Date
    review_due: Date | None
    """Set by a maintainer: re-check the label on that day (null: 90 days after its
    citation's `accessed` date)"""
    citation_id: Id
    citation: CitationRecord
    version: Version


class OutletRecord(Document):
    """An outlet with its domain rules, relations and labels, each with id and version."""

    id: Id
    slug: str
    name: str
    other_names: list[str]
    description: str | None
    country: str | None
    languages: list[str]
    kind: OutletKind
    founded: Date | None
    website: str | None
    wikidata_qid: str | None
    status: OutletStatus
    citation_id: Id | None
    citation: CitationRecord | None
    version: Version
    domains: list[DomainRuleRecord]
    relations: list[RelationRecord]
    labels: list[LabelRecord]


class EntityRecord(Document):
    id: Id
    slug: str
    name: str
    kind: EntityKind
    country: str | None
    wikidata_qid: str | None
    description: str | None
    version: Version
    relations: list[RelationRecord]


class ReportLinkRecord(Document):
    id: Id
    article_id: Id | None
    article_url: str | None
    story: str | None
    relation: ReportRelation
    report_url: str
    report_title: str | None
    report_outlet: str | None
    report_published: Date | None
    report_author: str | None
    rating: str | None
    summary: str | None
    status: ReportStatus
    added_by: str | None
    """The name of the user who added it"""
    citation_id: Id | None
    citation: CitationRecord | None
    version: Version


class ArticleRecord(Document):
    id: Id
    url: str
    """The canonical URL"""
    url_sha256: Sha256
    outlet: str | None
    story: str | None
    title: str | None
    published: Date | None
    author: str | None
    language: str | None
    version: Version
    report_links: list[ReportLinkRecord]


class StoryArticle(Document):
    id: Id
    url: str
    title: str | None


class StoryRecord(Document):
    id: Id
    slug: str
    title: str
    summary: str | None
    version: Version
    articles: list[StoryArticle]
    report_links: list[ReportLinkRecord]


RECORDS: dict[str, type[Document]] = {
    "outlet": OutletRecord,
    "domain_rule": DomainRuleRecord,
    "entity": EntityRecord,
    "relation": RelationRecord,
    "label": LabelRecord,
    "citation": CitationRecord,
    "article": ArticleRecord,
    "story": StoryRecord,
    "report_link": ReportLinkRecord,
}


def _list_of(record: type[Document]) -> type[Document]:
    model: type[Document] = create_model(  # type: ignore[call-overload]
        f"{record.__name__}List",
        __base__=Document,
        total=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[record], ...),  # type: ignore[valid-type]
    )
    return model


RECORD_LISTS: dict[str, type[Document]] = {name: _list_of(m) for name, m in RECORDS.items()}


class Revision(Document):
    """One recorded change: the record's fields before and after it."""

    id: Id
    record_type: RecordTypeName
    record_id: Id
    version: int
    """The record's version after the change"""
    action: RevisionAction
    actor: str
    actor_id: Id | None
    created_at: Timestamp
    comment: str | None
    before: JsonObject | None
    after: JsonObject | None


class History(Document):
    record_type: RecordTypeName
    record_id: Id
    revisions: list[Revision]
    """Newest first"""


class RevisionList(Document):
    limit: int
    offset: int
    revisions: list[Revision]


class DeletedRef(Document):
    record_type: RecordTypeName
    id: Id


class DeleteResult(Document):
    deleted: DeletedRef
    revision: Revision
    cascade: list[Id]
    """Revisions of the records deleted with it"""


class RevertResult(Document):
    revision: Revision
    also: list[Id]
    """Other revisions the revert made (records restored or deleted with it)"""
    record: JsonObject | None
    """The record as it is now (null when the revert deleted it)"""


class Suggestion(Document):
    id: Id
    kind: SuggestionKind
    page_url: str
    report_url: str | None
    relation: ReportRelation | None
    outlet_slug: str | None
    message: str
    status: SuggestionStatus
    created_at: Timestamp
    reviewed_by: str | None
    reviewed_at: Timestamp | None
    resolution: str | None


class SuggestionCreated(Document):
    id: Id
    status: Literal["pending"]


class SuggestionList(Document):
    total: int
    limit: int
    offset: int
    suggestions: list[Suggestion]


class SuggestionDecision(Document):
    suggestion: Suggestion
    record: JsonObject | None = absent()
    """Accept only: the report link created or the record corrected (null when none was)"""


class TokenUser(Document):
    id: Id
    name: str
    role: Role


class Token(Document):
    id: Id
    prefix: str
    """The token's first characters, to tell tokens apart"""
    name: str | None
    user: TokenUser
    created_at: Timestamp
    last_used_at: Timestamp | None
    revoked_at: Timestamp | None


class TokenCreated(Token):
    token: str
    """The secret: shown here once, never again"""


class TokenList(Document):
    tokens: list[Token]


class UserRecord(Document):
    id: Id
    name: str
    role: Role
    active: bool
    has_password: bool
    created_at: Timestamp


class UserList(Document):
    users: list[UserRecord]


class FetchFill(Document):
    """What adding this URL would fill in; nothing is saved."""

    url: str
    title: str | None
    published: Date | None
    author: str | None
    language: str | None
    rating: str | None
    outlet: str | None
    """The slug of the outlet the URL belongs to"""
    metadata: JsonObject


MODELS: list[type[Document]] = [
    *RECORDS.values(),
    *RECORD_LISTS.values(),
    Revision,
    History,
    RevisionList,
    DeleteResult,
    RevertResult,
    Suggestion,
    SuggestionCreated,
    SuggestionList,
    SuggestionDecision,
    TokenCreated,
    TokenList,
    UserRecord,
    UserList,
    FetchFill,
]
