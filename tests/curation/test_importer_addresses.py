"""Importers read addresses as the lookup reads them: no scheme means https://, `//host` and
`http:host` as browsers read them, an archived or AMP copy of a claim's page stands for the
page, and the domain rules' path folds key it; a dataset file carries path folds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from server import db
from server.errors import ValidationFailed
from server.importers import run_import
from server.models import Article, Citation, DomainRule, Outlet, ReportLink

CSV = """slug,name,kind,domain,role,website,citation_url
rt,RT,state_controlled,rt.com,primary,www.rt.com/,en.wikipedia.org/wiki/RT_(TV_network)
rt,,,//rtde.world/,mirror,,
rt,,,http:rtde.tech,mirror,,
"""

CNN_DATASET = {
    "format": "masthead-dataset/1",
    "outlets": [
        {
            "slug": "cnn",
            "name": "CNN",
            "domains": [
                {"host": "cnn.com"},
                {
                    "host": "amp.cnn.com",
                    "role": "mirror",
                    "path_folds": [{"prefix": "/cnn", "replacement": ""}],
                },
            ],
        }
    ],
}


def review(item_url: str, report_url: str) -> dict[str, object]:
    return {
        "@type": "ClaimReview",
        "url": report_url,
        "name": "No, it did not",
        "itemReviewed": {"@type": "Claim", "appearance": [{"url": item_url}]},
        "reviewRating": {"alternateName": "False"},
    }


@pytest.fixture
def session(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        yield db.session()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_addresses_without_a_scheme_are_read_as_https(session, tmp_path):
    run_import(session, write(tmp_path, "outlets.csv", CSV), "csv")
    session.commit()
    rt = session.scalar(select(Outlet).where(Outlet.slug == "rt"))
    assert rt.website == "https://www.rt.com/"
    citation = session.get(Citation, rt.citation_id)
    assert citation.url == "https://en.wikipedia.org/wiki/RT_(TV_network)"
    hosts = set(session.scalars(select(DomainRule.host)))
    assert {"rt.com", "rtde.world", "rtde.tech"} <= hosts


def test_csv_address_with_an_invisible_character_inside_names_it_and_its_line(session, tmp_path):
    text = CSV + "rt,,,rt\u200b.example,mirror,,\n"
    with pytest.raises(ValidationFailed) as info:
        run_import(session, write(tmp_path, "bad.csv", text), "csv")
    session.rollback()
    message = info.value.message
    assert message.startswith("bad.csv: line 5:") and "ZERO WIDTH SPACE" in message, message
    assert session.scalar(select(Outlet).where(Outlet.slug == "rt")) is None


def test_claimreview_of_an_archived_copy_links_the_article_itself(session, tmp_path):
    archived = "web.archive.org/web/20170802120000/https://www.rt.com/news/1-x/"
    data = [review(archived, "checkdesk.example/fact-checks/1")]
    run_import(session, write(tmp_path, "cr.json", json.dumps(data)), "claimreview")
    session.commit()
    link = session.scalar(select(ReportLink))
    assert link.report_url == "https://checkdesk.example/fact-checks/1"
    assert session.get(Article, link.article_id).canonical_url == "https://rt.com/news/1-x"
    # The same review again, with the page's own address: the same link, updated in place.
    data = [review("https://www.rt.com/news/1-x/", "https://checkdesk.example/fact-checks/1")]
    report = run_import(session, write(tmp_path, "cr.json", json.dumps(data)), "claimreview")
    session.commit()
    assert report.to_dict()["created"] == 0
    assert len(session.scalars(select(ReportLink)).all()) == 1


def test_claimreview_of_an_amp_page_is_keyed_by_the_path_folds(session, tmp_path):
    run_import(session, write(tmp_path, "cnn.json", json.dumps(CNN_DATASET)), "json")
    item = "https://amp.cnn.com/cnn/2023/06/19/europe/titanic/index.html"
    data = [review(item, "https://checkdesk.example/fact-checks/2")]
    run_import(session, write(tmp_path, "cr.json", json.dumps(data)), "claimreview")
    session.commit()
    article = session.scalar(select(Article))
    assert article.canonical_url == "https://cnn.com/2023/06/19/europe/titanic"
    cnn = session.scalar(select(Outlet).where(Outlet.slug == "cnn"))
    assert article.outlet_id == cnn.id


def test_a_dataset_round_trips_path_folds(session, tmp_path):
    run_import(session, write(tmp_path, "cnn.json", json.dumps(CNN_DATASET)), "json")
    session.commit()
    rule = session.scalar(select(DomainRule).where(DomainRule.host == "amp.cnn.com"))
    assert rule.path_folds == [{"prefix": "/cnn", "replacement": ""}]
    again = run_import(session, write(tmp_path, "cnn.json", json.dumps(CNN_DATASET)), "json")
    assert again.to_dict()["updated"] == 0
    bad = json.loads(json.dumps(CNN_DATASET))
    bad["outlets"][0]["domains"][1]["path_folds"] = [{"prefix": "cnn", "replacement": ""}]
    with pytest.raises(ValidationFailed) as info:
        run_import(session, write(tmp_path, "bad.json", json.dumps(bad)), "json")
    session.rollback()
    assert "outlets[0].domains[1].path_folds[0].prefix" in info.value.message
