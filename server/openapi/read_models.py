"""Document models of the public read API: what server/read/ writes for lookups, the domain
index, hash-prefix reports and outlet records (one class per document or part)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from .types import (
    Date,
    Document,
    DomainRole,
    EntityKind,
    LabelKind,
    OutletKind,
    OutletStatus,
    RelationKind,
    ReportRelation,
    Sha256,
    Share,
    absent,
)


class ErrorDetail(Document):
    """What went wrong; `field` names the parameter or body field at fault when there is one."""

    code: str
    """A stable machine-readable reason, e.g. `not_found`, `too_long`, `stale_version`,
    `invalid_text` (a NUL character in a parameter or form field)"""
    message: str
    field: str = absent()
    """The parameter, header or body field at fault; in a body, its path (`patch.text`,
    `urls[2]`)"""
    request_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9._:+=/-]{1,128}$")]
    """This request's id, also in the `X-Request-Id` header and in the server's log line
    about it: quote it when reporting a problem. A well-formed `X-Request-Id` sent by a proxy
    in front is kept, else the server makes one"""
    current_version: int | None = absent()
    """412 only: the record's current version (null once it is deleted)"""
    relations: list[int] = absent()
    """409 only: the relations that still point at the entity"""
    outlet: str = absent()
    domain_id: int = absent()
    article_id: int = absent()
    report_link_id: int = absent()
    record_type: str = absent()
    record_id: int = absent()
    fetch_error: str = absent()
    """The fetcher's reason when a page could not be fetched"""


class Error(Document):
    """Every error answer: `{"error": {"code", "message", "field"?, "request_id"}}`."""

    error: ErrorDetail


class Health(Document):
    status: Literal["ok"]


class Ready(Document):
    status: Literal["ready"]
    data_version: int


class Citation(Document):
    """The source of a fact."""

    url: str
    title: str | None
    publisher: str | None
    accessed: Date | None
    """When a maintainer last checked the source for this fact (null: not recorded)"""
    archived_url: str | None
    """An archived copy of the source (e.g. on web.archive.org), for when the page moves"""


class PathFold(Document):
    """A leading path prefix of the rule's pages and what replaces it in the article key."""

    prefix: str
    """Lower case, `/segment…`; matches case-insensitively on whole segments"""
    replacement: str
    """`""` (the prefix is dropped) or `/segment…`, as written in a canonical URL"""


class DomainRule(Document):
    """A host (and optional path prefix) that belongs to an outlet."""

    host: str
    path_prefix: str
    role: DomainRole
    fold_variants: bool
    """Whether AMP and mobile variants of a URL are folded into the canonical one"""
    path_folds: list[PathFold]
    """Leading path prefixes replaced before the article key is made (`amp.cnn.com`:
    `/cnn` -> `""`); the longest matching prefix applies"""


class Label(Document):
    """What a regulator, platform or rater says about an outlet, with its source."""

    kind: LabelKind
    issuer: str
    text: str | None
    since: Date | None
    until: Date | None
    as_of: Date
    citation: Citation


class EntityRef(Document):
    """An owner, operator or funder as a relation's object and as an ultimate owner."""

    slug: str
    name: str
    kind: EntityKind
    country: str | None


class RelationSubject(Document):
    """Who a relation is about: the outlet itself or an entity further up the chain."""

    type: Literal["outlet", "entity"]
    slug: str
    name: str


class Relation(Document):
    """One step of an ownership path: subject owned/operated/controlled/funded by object."""

    subject: RelationSubject
    kind: RelationKind
    object: EntityRef
    share: Share | None
    since: Date | None
    until: Date | None
    as_of: Date
    citation: Citation


class Ownership(Document):
    paths: list[list[Relation]]
    """Every chain of relations from the outlet up to an owner with no owner of its own"""
    ultimate_owners: list[EntityRef]
    truncated: bool
    """True when a path was cut at the depth or path-count bound"""


class Outlet(Document):
    """An outlet's full public record."""

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
    version: int
    citation: Citation | None
    domains: list[DomainRule]
    labels: list[Label]
    ownership: Ownership
    record_url: str
    """The outlet's public page"""


class OutletSummary(Document):
    slug: str
    name: str
    kind: OutletKind
    country: str | None
    version: int


class OutletList(Document):
    total: int
    limit: int
    offset: int
    outlets: list[OutletSummary]


class OutletName(Document):
    slug: str
    name: str


class ReportLink(Document):
    """A report that disputes, fact-checks or gives context to an article or its story."""

    id: int
    relation: ReportRelation
    url: str
    title: str | None
    outlet: OutletName | None
    published: Date | None
    author: str | None
    rating: str | None
    summary: str | None
    attached_to: Literal["article", "story"]
    """Linked to the article itself or to the story it belongs to"""


ReportLinksByRelation = Annotated[
    dict[ReportRelation, list[ReportLink]],
    Field(description="Report links grouped by relation; relations without links are left out"),
]


class MatchedDomainRule(Document):
    """The domain rule the URL matched."""

    host: str
    path_prefix: str
    role: DomainRole


class Via(Document):
    """How the URL reached the article: the outermost wrapper that was unwrapped."""

    kind: Literal["archive", "amp", "translation", "proxy", "redirect"]
    """archive: an archived copy (Wayback Machine, archive.today, Google's cache); amp: an
    AMP viewer or cache; translation: a page-translation proxy; proxy: an annotation or reader
    proxy; redirect: a click wrapper of a search engine, social network or mail service"""
    host: str
    """The wrapper's host, canonical (e.g. web.archive.org)"""
    captured: Date | None
    """The capture date an archive's address carries, when it has a full date"""


class StoryRef(Document):
    slug: str
    title: str


class LookupArticle(Document):
    canonical_url: str
    title: str | None
    published: Date | None
    story: StoryRef | None


class Lookup(Document):
    """Everything known about one URL: its outlet, ownership, labels and report links."""

    url: str
    """The URL as given"""
    canonical_url: str
    """The article's canonical URL, after unwrapping archives, AMP copies, proxies and click
    wrappers (see `via`)"""
    url_sha256: Sha256
    via: Via | None
    """How the URL reached the article, or null when it is the article's own address"""
    data_version: int
    domain_rule: MatchedDomainRule | None
    outlet: Outlet | None
    """The matched domain rule's outlet; where no rule matches (a video on a platform, whose
    rules name channels), the outlet the URL's article record names; else null"""
    article: LookupArticle | None
    report_links: ReportLinksByRelation


class BatchRequest(Document):
    urls: list[str] = Field(max_length=100)
    """At most 100 URLs; one that is not a string or not a usable URL (too long, holding a
    NUL or a lone surrogate, ...) gets an error entry in its place"""


class Badge(Document):
    """What a badge shows for an outlet."""

    slug: str
    name: str
    kind: OutletKind
    country: str | None
    label_kinds: list[LabelKind]
    """Kinds of the labels in force today"""


class BatchHit(Document):
    url: str
    canonical_url: str
    via: Via | None
    outlet: Badge | None


class BatchErrorDetail(Document):
    code: str
    message: str


class BatchError(Document):
    """A URL that could not be looked up (not a string, or not a usable http(s) URL)."""

    url: Any
    """The item as sent: a string cut to its first 256 characters (text no encoder writes
    replaced by U+FFFD), a number, true, false or null as is, a list or an object as null"""
    error: BatchErrorDetail


class BatchResult(Document):
    """One result per URL, in the order sent."""

    data_version: int
    results: list[BatchHit | BatchError]


class IndexOutlet(Document):
    slug: str
    name: str
    kind: OutletKind
    country: str | None
    labels: list[LabelKind]
    """Kinds of the labels in force today"""
    owner: str | None
    """The ultimate owners' names, `; `-separated"""


IndexPosition = Annotated[int, Field(ge=0, description="Position in `outlets`")]
FoldPair = Annotated[
    tuple[str, str], Field(description="[prefix, replacement] of one of the rule's path folds")
]
Rule = Annotated[
    tuple[str, str, IndexPosition]
    | tuple[str, str, IndexPosition, Literal[0]]
    | tuple[str, str, IndexPosition, Literal[0, 1], list[FoldPair]],
    Field(
        description="[host, path_prefix, outlet position], then 0 = do not fold AMP/mobile"
        " variants; a rule with path folds adds the fold flag (1 or 0) and its folds"
    ),
]


class ArticleKeys(Document):
    """The articles that have report links, for privacy mode (see docs/extension.md)."""

    k: int
    """The least number of articles a bucket request may name (when the set has that many)"""
    count: int
    """How many keys `keys` lists (articles with report links; two may share a key)"""
    prefix_bits: int
    """The bucket length: every bucket of this many leading hash bits holds at least k keys
    (0: one bucket, all of them)"""
    prefix_hex_digits: int
    """How many hex digits a bucket request sends (the bits past prefix_bits zero)"""
    key_hex_digits: int
    """Hex digits per key in keys"""
    keys: str
    """The first key_hex_digits hex digits of each article's url_sha256, sorted, concatenated"""


class DomainIndex(Document):
    """Every domain rule with its outlet's badge data, for matching in the client, and the
    set of article keys that have report links."""

    data_version: int
    outlets: list[IndexOutlet]
    rules: list[Rule]
    """[host, path_prefix, outlet position, 0 = do not fold AMP/mobile variants], or with path
    folds [host, path_prefix, outlet position, 1 or 0, [[prefix, replacement], ...]]; sorted
    by host, then path prefix"""
    article_keys: ArticleKeys


class HashArticle(Document):
    url_sha256: Sha256
    canonical_url: str
    title: str | None
    published: Date | None
    report_links: ReportLinksByRelation


class HashReports(Document):
    """The articles with report links in a hash-prefix bucket."""

    prefix: str
    """The prefix, lower-cased"""
    prefix_bits: int
    """How many leading bits of the prefix name the bucket"""
    data_version: int
    articles: list[HashArticle]
    padding: str
    """Spaces that bring the answer to a multiple of 4096 bytes"""


MODELS: list[type[Document]] = [
    Error,
    Health,
    Ready,
    Outlet,
    OutletList,
    Lookup,
    BatchRequest,
    BatchResult,
    DomainIndex,
    HashReports,
]
