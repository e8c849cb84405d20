"""Small factories: the few rows a test needs, without the seed or the curation API.

Each function adds one record (with what it cannot exist without: a relation or a label gets
a citation) to a session, flushes so it has an id, and returns it. Keyword arguments set
any other column. Three lines give an outlet with a domain and a cited owner:

    owner = factories.entity(db_session, "coastal-media")
    outlet = factories.outlet(db_session, "harbour-ledger", hosts=["harbour-ledger.example"])
    factories.relation(db_session, outlet, owner)

Rows are written as they are, with no revision and no data-version bump: create them
before the app first reads (its caches follow the data version), or call
`bump_data_version(session)`. Commit the session (into the test's SAVEPOINT) before the
app uses the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from server.curation.history import bump_data_version
from server.models import Article, Citation, DomainRule, Entity, Label, Outlet, Relation, ReportLink

__all__ = [
    "AS_OF",
    "article",
    "bump_data_version",
    "citation",
    "domain_rule",
    "entity",
    "label",
    "outlet",
    "relation",
    "report_link",
]

AS_OF = dt.date(2024, 3, 1)
Row = TypeVar("Row")


def _add(session: Session, row: Row) -> Row:
    session.add(row)
    session.flush()
    return row


def citation(
    session: Session, url: str = "https://www.example.org/source", **fields: Any
) -> Citation:
    fields.setdefault("publisher", "Example Registry")
    fields.setdefault("accessed", AS_OF)
    return _add(session, Citation(url=url, **fields))


def entity(session: Session, slug: str = "coastal-media", **fields: Any) -> Entity:
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("kind", "company")
    return _add(session, Entity(slug=slug, **fields))


def outlet(
    session: Session,
    slug: str = "harbour-ledger",
    *,
    hosts: Iterable[str] = (),
    **fields: Any,
) -> Outlet:
    """An outlet, with a primary domain rule per host."""
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("kind", "private")
    row = _add(session, Outlet(slug=slug, **fields))
    for host in hosts:
        domain_rule(session, row, host)
    return row


def domain_rule(session: Session, outlet: Outlet, host: str, **fields: Any) -> DomainRule:
    return _add(session, DomainRule(outlet_id=outlet.id, host=host, **fields))


def relation(
    session: Session,
    subject: Outlet | Entity,
    owner: Entity,
    kind: str = "owned_by",
    *,
    cited: Citation | None = None,
    **fields: Any,
) -> Relation:
    """subject --kind--> owner, cited (a new citation unless `cited` is given)."""
    fields.setdefault("as_of", AS_OF)
    source = cited or citation(session)
    subject_key = "subject_outlet_id" if isinstance(subject, Outlet) else "subject_entity_id"
    return _add(
        session,
        Relation(
            **{subject_key: subject.id},
            object_entity_id=owner.id,
            kind=kind,
            citation_id=source.id,
            **fields,
        ),
    )


def label(
    session: Session,
    outlet: Outlet,
    kind: str = "state_affiliated",
    *,
    cited: Citation | None = None,
    **fields: Any,
) -> Label:
    fields.setdefault("issuer", "Ofcom")
    fields.setdefault("as_of", AS_OF)
    source = cited or citation(session)
    return _add(session, Label(outlet_id=outlet.id, kind=kind, citation_id=source.id, **fields))


def article(session: Session, canonical_url: str, **fields: Any) -> Article:
    sha = hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()
    return _add(session, Article(canonical_url=canonical_url, url_sha256=sha, **fields))


def report_link(
    session: Session,
    target: Article,
    report_url: str = "https://factcheck.example/report",
    relation: str = "fact_check",
    **fields: Any,
) -> ReportLink:
    return _add(
        session,
        ReportLink(article_id=target.id, report_url=report_url, relation=relation, **fields),
    )
