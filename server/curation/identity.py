"""How a URL becomes an article's identity, and a host becomes a domain rule's host.

Both the write path (imports, curation) and the read path (lookup) call these, so an
article stored from one spelling of its URL is found again from any other spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import urls
from ..errors import ValidationFailed
from ..fields import rule_host
from ..matching import DomainIndex, Rule, identify, path_folds_of
from ..models import DomainRule


def normalize_rule_host(host: str, *, field: str = "host") -> str:
    """Lower-case punycode host without `www.`; refuses public suffixes such as `co.uk`."""
    try:
        return rule_host(host)
    except ValueError as exc:
        raise ValidationFailed(str(exc), field=field) from None


def canonical_for(url: str, index: DomainIndex, *, field: str = "url") -> tuple[str, Rule | None]:
    """The article key of an address as people write it, and the matched rule.

    The address is read as the lookup reads it (`urls.resolve`: no scheme means https://,
    an archive copy or click wrapper stands for the address it wraps), then the matched
    rule's path folds and AMP/mobile folding apply (`matching.identify`).
    """
    try:
        canonical = urls.resolve(url).canonical
    except urls.InvalidURL as exc:
        raise ValidationFailed(exc.message, field=field, code=exc.code) from None
    return identify(index, canonical)


def rule_of(r: Any) -> Rule:
    """The matching `Rule` of a DomainRule row (an ORM object or a Core row)."""
    return Rule(
        r.host,
        r.path_prefix,
        r.outlet_id,
        r.role,
        r.fold_variants,
        r.id,
        path_folds_of(r.path_folds),
    )


def index_from_rows(rows: Iterable[Any]) -> DomainIndex:
    """A DomainIndex from DomainRule rows (ORM objects or Core rows with the same names)."""
    return DomainIndex(rule_of(r) for r in rows)


def index_for(session: Session, canonical: str) -> DomainIndex:
    """The part of the domain index a canonical URL can match: the rules of its host and
    of the host's parents (a few rows, where `index_from_rows` would read them all)."""
    host = urls.split(canonical)[0]
    chain = list(urls.host_chain(host))
    return index_from_rows(session.scalars(select(DomainRule).where(DomainRule.host.in_(chain))))
