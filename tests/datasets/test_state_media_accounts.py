"""The State Media Matrix's social-account columns on the real file (issue 17): imported into
the seeded database as `account` domain rules, then every social link is looked up through the
public API and must resolve to its row's outlet.

A row's outlet is what the row's own URL resolves to after the import (or, for a row without a
URL, the outlet named as its asset); a link listed on several rows (a company's account given
for each of its assets) may resolve to any of theirs. The share must be at least 90%. The
extension's local matcher, given the domain index after the import, must answer every link as
the API does (accounts are matched in the browser, never sent).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from server.importers import run_import
from server.importers.reconcile import name_key
from server.importers.state_media_rows import SOCIAL_COLUMNS
from server.models import DomainRule, Outlet

from .extension_matcher import local_slugs
from .test_state_media_import import DATASET, lookup

pytestmark = pytest.mark.datasets


def social_links(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, social link, the row's URL or "", the row's asset name) of every social link."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for line, row in enumerate(rows, start=2):
        url = (row["URL"] or "").strip()
        url = url if not url or "://" in url else "https://" + url
        for column in SOCIAL_COLUMNS:
            link = (row.get(column) or "").strip()
            if link:
                out.append((line, link, url, row["Main assets"].strip()))
    return out


def test_state_media_social_links_resolve_to_their_outlet(
    seeded, session, client: FlaskClient, dataset_file, dataset_report
):
    path = dataset_file(DATASET)
    links = social_links(path)
    run_import(session, path, "state-media")
    session.commit()
    accounts = session.scalar(
        select(func.count()).select_from(DomainRule).where(DomainRule.role == "account")
    )
    by_name: dict[str, set[str]] = {}
    for slug, name in session.execute(select(Outlet.slug, Outlet.name)):
        by_name.setdefault(name_key(name), set()).add(slug)

    def outlets_of(url: str, asset: str) -> set[str]:
        found = lookup(client, url) if url else None
        return {found} if found else by_name.get(name_key(asset), set())

    expected: dict[str, set[str]] = {}
    for _line, link, url, asset in links:
        expected.setdefault(link, set()).update(outlets_of(url, asset))
    right, wrong = 0, []
    by_api: dict[str, str | None] = {}
    for line, link, _url, _asset in links:
        slug = by_api[link] = lookup(client, link)
        if slug is not None and slug in expected[link]:
            right += 1
        else:
            wrong.append(f"line {line}: {link} -> {slug} (expected {sorted(expected[link])})")
    share = right / len(links)
    dataset_report(
        f"{right}/{len(links)} social links ({share:.1%}) resolve to their outlet; "
        f"{accounts} account rules stored"
    )
    for item in wrong[:20]:
        dataset_report("wrong: " + item)
    assert share >= 0.90, wrong[:20]
    # The same links through the extension's matcher, offline, on the index the API serves.
    urls = sorted(by_api)
    index = client.get("/api/v1/index").get_json()
    local = dict(zip(urls, local_slugs(index, urls), strict=True))
    differ = [f"{u}: extension {local[u]}, API {by_api[u]}" for u in urls if local[u] != by_api[u]]
    same = len(urls) - len(differ)
    dataset_report(f"extension's local matcher: {same}/{len(urls)} distinct links as the API")
    assert not differ, differ[:20]
