"""Import outlets and their domains from a CSV file (`flask import FILE --format csv`).

The format (UTF-8, a header row, RFC 4180 quoting; column order is free, names are
case-insensitive; only `slug` is required as a column):

    slug,name,country,kind,domain,role
    rt,RT,RU,state_controlled,rt.com,primary
    rt,,,,de.rt.com,language_edition
    rt,,,,https://rtde.world/,mirror

Columns:
  slug                the outlet's slug (lower-case letters, digits, '-'); one or more rows each
  name                required on the first row of an outlet that does not exist yet
  country             ISO 3166-1 alpha-2 (GB, RU, US...)
  kind                state_controlled, public_service, private, nonprofit, cooperative,
                      party_or_government, unknown (default unknown)
  status              active or defunct
  description, website, wikidata_qid (Q123), founded (YYYY-MM-DD)
  other_names, languages   several values separated by '|' (e.g. "en|fr")
  domain              a host ("de.rt.com"), host and path ("youtube.com/@RT") or a URL
  role                primary, language_edition, mirror, former, channel, account (default
                      primary; an account on a platform's host is always role account)
  fold_variants       true/false (default true): fold m./amp. variants to the main article
  citation_url, citation_title, citation_publisher, citation_accessed
                      the source for the outlet-level facts (kind, country, founded)

Addresses (domain, website, citation_url) are read as the lookup reads them: without a
scheme ("rt.com/about") as https://, "//rt.com" and "http:rt.com" as browsers read them.

Rows of one outlet may repeat its fields or leave them empty; different values for the same
outlet, or one domain given twice with different outlets or roles, are an error. An outlet
that already exists is updated with the non-empty fields given; a domain already listed for
it gets the role given; a domain that belongs to another outlet is an error naming that
outlet. Any error names its line (the header is line 1) and nothing of the file is written.

A platform's host (youtube.com, x.com, facebook.com, t.me, rutube.ru...: rules.json
``platforms``) takes only an outlet's accounts: a domain that is exactly one account there
("youtube.com/@RT", "https://x.com/RT_com") becomes a rule with role `account` on the
platform's canonical host, whatever role the row gives; any other domain there (the bare
host, a video, a search page) is left out and reported (the report's `platform_hosts`), and
the rest of the row and of the file is imported.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from ..curation import Curator
from ..curation.identity import normalize_rule_host
from ..curation.report import ChangeReport
from ..curation.shapes import OutletFields, columns
from ..errors import ValidationFailed
from ..models import DomainRule, Outlet
from ..urls.platforms import account_prefix, on_platform, path_key
from .common import PlatformHosts, address, at
from .csv_rows import csv_rows

OUTLET_COLUMNS = tuple(name for name in columns(OutletFields) if name != "slug")
LIST_COLUMNS = ("other_names", "languages")
DOMAIN_COLUMNS = ("domain", "role", "fold_variants")
CITATION_COLUMNS = ("citation_url", "citation_title", "citation_publisher", "citation_accessed")
COLUMNS = ("slug", *OUTLET_COLUMNS, *DOMAIN_COLUMNS, *CITATION_COLUMNS)
TRUE, FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n"}


def split_domain(text: str) -> tuple[str, str]:
    """'https://de.rt.com/' -> ('de.rt.com', ''); 'youtube.com/@RT' -> ('youtube.com', '/@RT');
    '//rt.com', 'http:rt.com' and 'rt.com/' are read as the lookup reads them."""
    text = address(text.strip(), "domain")
    if "://" in text:
        parts = urlsplit(text)
        host, path = parts.hostname or "", parts.path
    else:
        host, _, path = text.partition("/")
        path = "/" + path if path else ""
    return host, path.rstrip("/")


def _outlet_fields(row: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for col in OUTLET_COLUMNS:
        value = row.get(col, "").strip()
        if not value:
            continue
        if col in LIST_COLUMNS:
            fields[col] = [v.strip() for v in value.split("|") if v.strip()]
        elif col == "country":
            fields[col] = value.upper()
        elif col == "website":
            fields[col] = address(value, col)
        else:
            fields[col] = value
    citation = {
        key.removeprefix("citation_"): row.get(key, "").strip()
        for key in CITATION_COLUMNS
        if row.get(key, "").strip()
    }
    if "url" in citation:
        citation["url"] = address(citation["url"], "citation_url")
    if citation:
        fields["citation"] = citation
    return fields


def _header(names: list[str]) -> list[str]:
    header = [n.strip().lower() for n in names]
    unknown = [n for n in header if n not in COLUMNS]
    if unknown:
        raise ValidationFailed(
            f"line 1: unknown column(s) {', '.join(repr(n) for n in unknown)}; "
            f"known: {', '.join(COLUMNS)}",
            field="header",
        )
    if "slug" not in header:
        raise ValidationFailed("line 1: the header has no 'slug' column", field="header")
    return header


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    domains: dict[str, tuple[int, str, dict[str, Any]]] = {}
    platforms = PlatformHosts()
    for start, row in csv_rows(text, _header):
        with at(f"line {start}"):
            _import_row(cur, row, seen, domains, start, platforms)
    return cur.report(platform_hosts=platforms.left_out)


def _import_row(
    cur: Curator,
    row: dict[str, str],
    seen: dict[str, tuple[int, dict[str, Any]]],
    domains: dict[str, tuple[int, str, dict[str, Any]]],
    line: int,
    platforms: PlatformHosts,
) -> None:
    slug = row.get("slug", "").strip()
    if not slug:
        raise ValidationFailed("slug: this field is required", field="slug")
    fields = _outlet_fields(row)
    if slug in seen:
        first_line, first = seen[slug]
        for key, value in fields.items():
            if key in first and first[key] != value:
                raise ValidationFailed(
                    f"{key}: differs from line {first_line} for outlet '{slug}'", field=key
                )
            first.setdefault(key, value)
        if fields:
            cur.outlets.update(slug, fields, if_match=None)
    elif cur.find(Outlet, slug) is not None:
        seen[slug] = (line, dict(fields))
        if fields:
            cur.outlets.update(slug, fields, if_match=None)
    else:
        seen[slug] = (line, dict(fields))
        cur.outlets.create({"slug": slug, **fields})
    domain = row.get("domain", "").strip()
    if domain:
        _import_domain(cur, slug, domain, row, domains, line, platforms)
    elif row.get("role", "").strip():
        raise ValidationFailed("role: given without a domain", field="role")


def _import_domain(
    cur: Curator,
    slug: str,
    domain: str,
    row: dict[str, str],
    domains: dict[str, tuple[int, str, dict[str, Any]]],
    line: int,
    platforms: PlatformHosts,
) -> None:
    host, prefix = split_domain(domain)
    host = normalize_rule_host(host, field="domain")
    values: dict[str, Any] = {}
    if row.get("role", "").strip():
        values["role"] = row["role"].strip()
    if on_platform(host):
        if platforms.refused(f"line {line}", host, prefix):
            return
        host, prefix = account_prefix(host, prefix) or (host, prefix)  # x.com for twitter.com
        values["role"] = "account"
    fold = row.get("fold_variants", "").strip().lower()
    if fold:
        if fold not in TRUE | FALSE:
            raise ValidationFailed("fold_variants: must be true or false", field="fold_variants")
        values["fold_variants"] = fold in TRUE
    key = host + path_key(host, prefix)
    if key in domains:
        first_line, first_slug, first_values = domains[key]
        if first_slug != slug or first_values != values:
            raise ValidationFailed(
                f"domain: {key} is already given on line {first_line}"
                + (f" for outlet '{first_slug}'" if first_slug != slug else " with other values"),
                field="domain",
            )
        return
    domains[key] = (line, slug, values)
    existing = cur.session.scalar(
        select(DomainRule).where(
            DomainRule.host == host, DomainRule.path_prefix == path_key(host, prefix)
        )
    )
    outlet = cur.find(Outlet, slug)
    if existing is not None and outlet is not None and existing.outlet_id == outlet.id:
        if values:
            cur.domain_rules.update(existing.id, values, if_match=None)
        return
    cur.domain_rules.create({"outlet": slug, "host": host, "path_prefix": prefix, **values})
