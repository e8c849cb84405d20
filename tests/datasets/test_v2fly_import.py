"""The v2fly domain-list importer on the real lists (v2fly/domain-list-community, MIT), read in
place from the shared datasets folder: the six category lists and all they include, imported
into the seeded database after the State Media Matrix.

Every rule added resolves, through the public lookup, to the outlet it was added to; no added
host is a CDN, static, shop or short-link host; no outlet is created; RT ends with at least 70
domain rules; a second run changes nothing.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from sqlalchemy import select

from server.importers import run_import
from server.importers.host_kinds import non_news_reason
from server.models import DomainRule, Outlet

from .conftest import count

pytestmark = pytest.mark.datasets

CATEGORIES = (
    "category-media",
    "category-media-cn",
    "category-media-ir",
    "category-media-ru",
    "category-media-ru-blocked",
    "category-news-ir",
)


def test_lists_add_rules_to_known_outlets_only(
    seeded, session, client, dataset_file, dataset_report
):
    run_import(session, dataset_file("state-media-profiles/State_Media_Matrix.csv"), "state-media")
    session.commit()
    outlets, rules_before = count(session, Outlet), count(session, DomainRule)
    known = set(session.scalars(select(DomainRule.id)))
    started = time.perf_counter()
    for name in CATEGORIES:
        run_import(session, dataset_file(f"v2fly-media-domains/data/{name}"), "v2fly")
        session.commit()
    seconds = time.perf_counter() - started
    assert count(session, Outlet) == outlets
    added = session.execute(
        select(DomainRule.host, Outlet.slug).join(Outlet).where(DomainRule.id.not_in(known))
    ).all()
    wrong = []
    for host, slug in added:
        assert non_news_reason(host) is None, host
        body = client.get("/api/v1/lookup?url=" + quote(f"https://{host}/a/story")).get_json()
        if (body.get("outlet") or {}).get("slug") != slug:
            wrong.append(host)
    assert not wrong
    rt = session.scalar(select(Outlet).where(Outlet.slug == "rt"))
    assert len(rt.domains) >= 70
    for name in CATEGORIES:
        again = run_import(session, dataset_file(f"v2fly-media-domains/data/{name}"), "v2fly")
        assert not again.changed
    dataset_report(
        f"{count(session, DomainRule) - rules_before} rules added to "
        f"{len({s for _h, s in added})} outlets in {seconds:.1f} s; RT has {len(rt.domains)}"
    )
