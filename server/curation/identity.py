"""How a URL becomes an article's identity, and a host becomes a domain rule's host.

Both the write path (imports, curation) and the read path (lookup) call these, so an
article stored from one spelling of its URL is found again from any other spelling.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import urls
from ..errors import ValidationFailed
from ..fields import rule_host
from ..matching import DomainIndex, Rule


def normalize_rule_host(host: str, *, field: str = "host") -> str:
    """Lower-case punycode host without `www.`; refuses public suffixes such as `co.uk`."""
    try:
        return rule_host(host)
    except ValueError as exc:
        raise ValidationFailed(str(exc), field=field) from None


def canonical_for(url: str, index: DomainIndex, *, field: str = "url") -> tuple[str, Rule | None]:
    """Canonical URL (variants folded when the matched rule allows) and the matched rule."""
    try:
        canonical = urls.canonicalize(url)
    except urls.InvalidURL as exc:
        raise ValidationFailed(exc.message, field=field, code=exc.code) from None
    rule = index.match_url(canonical)
    if rule is not None and rule.fold_variants:
        folded = urls.fold_variants(canonical)
        if folded != canonical:
            canonical = folded
            rule = index.match_url(canonical) or rule
    return canonical, rule


def index_from_rows(rows: Iterable[object]) -> DomainIndex:
    """A DomainIndex from DomainRule rows (ORM objects or Core rows with the same names)."""
    return DomainIndex(
        Rule(r.host, r.path_prefix, r.outlet_id, r.role, r.fold_variants, r.id)  # type: ignore[attr-defined]
        for r in rows
    )
