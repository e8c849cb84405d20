"""The State Media Matrix importer on the real file (ASD/GMF, from State Media Monitor; MIT),
read in place from the shared datasets folder: imported into the seeded database, then every
listed host is looked up through the public API.

"The right outlet" is judged without the importer's own bookkeeping: a host that already
resolved before the import must still resolve to the same (curated) outlet; any other host
must resolve to an outlet named as the row's asset, one the row's media company controls
(a relation to an entity of that name), or the curated outlet another host of that company
already resolved to (RT's mirrors to RT). A URL listed by several companies may resolve to
any of theirs. The share must be at least 95%.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.importers import run_import
from server.importers.reconcile import name_key
from server.models import Entity, Outlet, Relation

pytestmark = pytest.mark.datasets

DATASET = "state-media-profiles/State_Media_Matrix.csv"


def listed(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, URL, company, asset) of every row with a URL."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for line, row in enumerate(rows, start=2):
        url = (row["URL"] or "").strip()
        if url:
            url = url if "://" in url else "https://" + url
            out.append((line, url, row["Media company"].strip(), row["Main assets"].strip()))
    return out


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def lookup(client: FlaskClient, url: str) -> str | None:
    body = client.get("/api/v1/lookup?url=" + quote(url, safe="")).get_json()
    return (body.get("outlet") or {}).get("slug")


def controllers(session: Session) -> dict[str, set[str]]:
    """Outlet slug -> name keys of the entities it has a relation to."""
    rows = session.execute(
        select(Outlet.slug, Entity.name)
        .join(Relation, Relation.subject_outlet_id == Outlet.id)
        .join(Entity, Relation.object_entity_id == Entity.id)
    )
    out: dict[str, set[str]] = {}
    for slug, name in rows:
        out.setdefault(slug, set()).add(name_key(name))
    return out


def test_state_media_hosts_resolve_to_their_outlet(
    seeded, session, client, dataset_file, dataset_report
):
    path = dataset_file(DATASET)
    rows = listed(path)
    before = {url: lookup(client, url) for _line, url, _c, _a in rows}
    started = time.perf_counter()
    report = run_import(session, path, "state-media")
    session.commit()
    seconds = time.perf_counter() - started
    again = run_import(session, path, "state-media")
    session.commit()
    assert not again.changed
    names = {
        slug: name_key(name) for slug, name in session.execute(select(Outlet.slug, Outlet.name))
    }
    related = controllers(session)
    curated: dict[str, set[str | None]] = {}  # company -> outlets its hosts resolved to
    for _line, url, company, _asset in rows:
        curated.setdefault(company, set()).add(before[url])

    def right_for(url: str, company: str, asset: str, slug: str | None) -> bool:
        if slug is None:
            return False
        if before[url] is not None:
            return slug == before[url]
        return (
            slug in curated[company]
            or names.get(slug) == name_key(asset)
            or name_key(company) in related.get(slug, ())
        )

    listing: dict[str, list[tuple[str, str]]] = {}  # a host listed by several companies
    for _line, url, company, asset in rows:
        listing.setdefault(host_of(url), []).append((company, asset))
    right, wrong = 0, []
    for line, url, _company, _asset in rows:
        slug = lookup(client, url)
        ok = any(right_for(url, c, a, slug) for c, a in listing[host_of(url)])
        right += ok
        if not ok:
            wrong.append(f"line {line}: {url} -> {slug}")
    share = right / len(rows)
    dataset_report(
        f"{right}/{len(rows)} listed hosts ({share:.1%}) resolve to the right outlet "
        f"({sum(v is not None for v in before.values())} did before); import "
        f"{seconds:.1f} s: {report.counts}"
    )
    for line in wrong[:20]:
        dataset_report("wrong: " + line)
    assert share >= 0.95, wrong[:20]
    # Rutube's own site (rutube.ru) is the platform: left out and reported, the import goes on
    left = report.platform_hosts
    assert any(line.startswith("line ") and "rutube.ru: a platform's host" in line for line in left)
    assert report.to_dict()["platform_hosts"]["count"] == len(left)
    assert all("rutube.ru" in w for w in wrong), wrong
    dataset_report(f"{len(left)} platform-host sites left out and reported: {left[:3]}")
