"""The local-news importer on the real Local News Dataset (Leon Yin, MIT; 8,720 rows), read in
place from the shared datasets folder and imported into the seeded database (SQLite only:
the bulk writer itself is tested on both databases in tests/curation/test_bulk.py).

Every spelling of Nexstar and of Sinclair ends as one owner; every created outlet's address
resolves to it through the public lookup (a sample); every owner relation is dated August
2018 and cited to the file; a second run changes nothing.
"""

from __future__ import annotations

import random
import time
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.importers import run_import
from server.importers.local_news import CITATION
from server.models import Citation, DomainRule, Entity, Outlet, Relation

pytestmark = pytest.mark.datasets


@pytest.fixture
def backend() -> str:
    return "sqlite"


def owners_of_rows_named(session: Session, spelling: str) -> set[str]:
    """The entities that outlets from rows whose owner column contains `spelling` belong to."""
    rows = session.execute(
        select(Entity.name)
        .join(Relation, Relation.object_entity_id == Entity.id)
        .join(Citation, Relation.citation_id == Citation.id)
        .where(Citation.url == CITATION["url"], Entity.name.like(f"%{spelling}%"))
    )
    return {name for (name,) in rows}


def test_the_dataset_imports_reconciled_dated_and_found(
    seeded, session, client, dataset_file, dataset_report
):
    path = dataset_file("local-news-us/local_news_dataset_2018.csv")
    outlets = session.scalar(select(func.count()).select_from(Outlet)) or 0
    started = time.perf_counter()
    report = run_import(session, path, "local-news")
    session.commit()
    seconds = time.perf_counter() - started
    created = report.counts["Outlet"]
    assert created >= 6_000 and session.scalar(select(func.count()).select_from(Outlet)) == (
        outlets + created
    )
    assert owners_of_rows_named(session, "Nexstar") == {"Nexstar Media Group"}
    assert owners_of_rows_named(session, "Sinclair") == {"Sinclair Broadcast Group"}
    dates = session.execute(
        select(Relation.as_of, func.count())
        .join(Citation, Relation.citation_id == Citation.id)
        .where(Citation.url == CITATION["url"])
        .group_by(Relation.as_of)
    ).all()
    assert dates and all(d.isoformat()[:7] in ("2018-08", "2018-10") for d, _n in dates)
    rules = session.execute(
        select(DomainRule.host, DomainRule.path_prefix, Outlet.slug)
        .join(Outlet)
        .join(Citation, Outlet.citation_id == Citation.id)
        .where(Citation.url == CITATION["url"])
    ).all()
    wrong = []
    for host, prefix, slug in random.Random(18).sample(rules, 150):
        url = quote(f"https://{host}{prefix}/a/story")
        body = client.get(f"/api/v1/lookup?url={url}").get_json()
        if (body.get("outlet") or {}).get("slug") != slug:
            wrong.append(f"{host}{prefix}")
    assert not wrong
    again = run_import(session, path, "local-news")
    assert not again.changed
    dataset_report(
        f"{created} outlets, {report.counts.get('Entity', 0)} owners, "
        f"{report.counts.get('Relation', 0)} owner relations, {len(report.skipped)} rows or "
        f"sites left out, in {seconds:.1f} s"
    )
