"""Import a Masthead dataset export (the round trip of `flask export`).

An export made before platform hosts took only accounts may hold a domain rule such as
`youtube.com` (no path) or `youtube.com/@SputnikInt` with the role `channel`: the first is
left out and reported (the report's `platform_hosts`), the second is imported as what it
is, an `account` rule. The seed folder, Masthead's own, is read strictly (`flask seed`).
"""

from __future__ import annotations

from typing import Any

from ..curation import Curator
from ..curation.report import ChangeReport
from ..dataset import import_dataset, parse_dataset
from ..dataset.source import DatasetSource, read_json
from ..fields import rule_host
from ..urls.platforms import on_platform
from .common import PlatformHosts


def import_text(cur: Curator, text: str, name: str) -> ChangeReport:
    raw = read_json(name, text)
    source = DatasetSource.of(name, text, raw)
    platforms = PlatformHosts()
    leave_out_platform_hosts(raw, platforms)
    report = import_dataset(cur, parse_dataset(raw, source), source)
    report.skipped.extend(platforms.left_out)
    report.platform_hosts.extend(platforms.left_out)
    return report


def leave_out_platform_hosts(raw: Any, platforms: PlatformHosts) -> None:
    """Drop from `raw` (a dataset's JSON, changed in place) each outlet's domain rule on a
    platform's host that is not exactly one account there, noting it in `platforms`; an
    account there gets the role `account`. What is malformed is left for validation."""
    outlets = raw.get("outlets") if isinstance(raw, dict) else None
    for i, outlet in enumerate(outlets if isinstance(outlets, list) else []):
        domains = outlet.get("domains") if isinstance(outlet, dict) else None
        if not isinstance(domains, list):
            continue
        kept = []
        for j, rule in enumerate(domains):
            host = _host(rule)
            if host is None or on_platform(host) is None:
                kept.append(rule)
                continue
            prefix = rule.get("path_prefix") or ""
            slug = outlet.get("slug")
            if not isinstance(prefix, str):
                kept.append(rule)
            elif not platforms.refused(f"outlets[{i}] ({slug!r}).domains[{j}]", host, prefix):
                kept.append({**rule, "role": "account"})
        outlet["domains"] = kept


def _host(rule: Any) -> str | None:
    """A rule's host as a rule stores it, or None when there is none to read."""
    if not isinstance(rule, dict) or not isinstance(rule.get("host"), str):
        return None
    try:
        return rule_host(rule["host"])
    except ValueError:
        return None
