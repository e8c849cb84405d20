"""Import an OpenSources-style list (`flask import FILE --format opensources`).

The format is one JSON object keyed by domain (a host, or a host and path):

    {"example-news.com": {"type": "fake", "2nd type": "bias", "3rd type": "",
                          "Source Notes": "imitates a local paper"}}

Each new domain becomes an outlet of kind `unknown` (slug from the domain, name = the
domain) with that domain as its primary rule, so the extension can recognise the site.

OpenSources is a volunteer classification, not a regulator or a platform, and Masthead
states no verdicts of its own: the types are not turned into labels. They are kept,
attributed, in the outlet's description ("Listed by OpenSources as: fake, bias. Notes:
...") with the OpenSources list as the outlet's citation, so a maintainer can see where the
record came from and curate it properly.

Domains Masthead already knows (a rule for the same host and path exists) are skipped and
counted, never overwritten: curated records win over a bulk list. An entry on a platform's
host (facebook.com, youtube.com, t.me...: rules.json ``platforms``) that is not exactly one
account there is left out and reported (the report's `platform_hosts`); one that is an
account gets an `account` rule. A malformed entry (not an
object, a bad host, an over-long value) names its index and domain, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import Any

from sqlalchemy import select

from ..curation import Curator
from ..curation.identity import normalize_rule_host
from ..curation.report import ChangeReport
from ..dataset.lines import line_of
from ..dataset.source import read_json
from ..errors import ValidationFailed
from ..models import DomainRule, Outlet
from ..urls.platforms import account_prefix, on_platform, path_key
from .common import PlatformHosts, at
from .csv_outlets import split_domain

SOURCE = {
    "url": "https://github.com/BigMcLargeHuge/opensources",
    "title": "OpenSources: professionally curated lists of online sources",
    "publisher": "OpenSources",
}
TYPE_KEYS = ("type", "2nd type", "3rd type")
KNOWN_KEYS = frozenset({*TYPE_KEYS, "Source Notes", "Source Notes (things to know?)"})
MAX_NOTES = 2000


def _slug_for(host: str, prefix: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (host + prefix).lower()).strip("-")
    return slug[:100].rstrip("-") or "site"


def _description(types: list[str], notes: str) -> str:
    text = "Listed by OpenSources as: " + (", ".join(types) if types else "(no type)") + "."
    if notes:
        text += " Notes: " + notes
    return text


def _entry(domain: Any, value: Any) -> tuple[str, str, list[str], str]:
    if not isinstance(domain, str) or not domain.strip():
        raise ValidationFailed("the key must be a domain name")
    if not isinstance(value, dict):
        raise ValidationFailed("the value must be an object with type, 2nd type, 3rd type")
    unknown = sorted(set(value) - KNOWN_KEYS)
    if unknown:
        raise ValidationFailed(f"unknown key(s) {', '.join(map(repr, unknown))}")
    types = []
    for key in TYPE_KEYS:
        item = value.get(key) or ""
        if not isinstance(item, str) or len(item) > 40:
            raise ValidationFailed(f"'{key}' must be a short text")
        if item.strip() and item.strip().lower() not in types:
            types.append(item.strip().lower())
    notes = value.get("Source Notes") or value.get("Source Notes (things to know?)") or ""
    if not isinstance(notes, str):
        raise ValidationFailed("'Source Notes' must be a text")
    if len(notes) > MAX_NOTES:
        raise ValidationFailed(f"'Source Notes' is longer than {MAX_NOTES} characters")
    host, prefix = split_domain(domain)
    host = normalize_rule_host(host, field="domain")
    return host, prefix, types, notes.strip()


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    raw = read_json(name, text)
    if not isinstance(raw, dict):
        raise ValidationFailed("expected a JSON object keyed by domain")
    skipped: list[str] = []
    platforms = PlatformHosts()
    source = {**SOURCE, "accessed": dt.date.today().isoformat()}
    for i, (domain, value) in enumerate(raw.items()):
        where = f"entry {i} ({str(domain)[:100]!r})"
        with at(where, partial(line_of, text, [domain])):
            reason = _import_entry(cur, domain, value, source, platforms, where)
            if reason:
                skipped.append(reason)
    return cur.report(skipped, platform_hosts=platforms.left_out)


def _import_entry(
    cur: Curator,
    domain: Any,
    value: Any,
    source: dict[str, Any],
    platforms: PlatformHosts,
    where: str,
) -> str | None:
    """Create the outlet of one entry, or say why it is skipped (a platform's host: in
    `platforms`)."""
    host, prefix, types, notes = _entry(domain, value)
    role = "primary"
    if on_platform(host):
        if platforms.refused(where, host, prefix):
            return None
        host, prefix = account_prefix(host, prefix) or (host, prefix)
        role = "account"
    prefix = path_key(host, prefix)
    known = cur.session.scalar(
        select(DomainRule.id).where(DomainRule.host == host, DomainRule.path_prefix == prefix)
    )
    if known is not None:
        return f"{host}{prefix}: already a domain rule"
    slug = _slug_for(host, prefix)
    if cur.find(Outlet, slug) is not None:
        return f"{host}{prefix}: outlet '{slug}' exists"
    cur.outlets.create(
        {
            "slug": slug,
            "name": host + prefix,
            "kind": "unknown",
            "description": _description(types, notes),
            "citation": source,
            "domains": [{"host": host, "path_prefix": prefix, "role": role}],
        }
    )
    return None
