"""The csv, opensources and claimreview importers on small samples: each loads, re-importing
is idempotent, and a malformed file changes nothing and says which line or record is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server import db
from server.errors import ValidationFailed
from server.importers import run_import
from server.models import Article, DataVersion, DomainRule, Outlet, ReportLink, Revision
from server.urls import canonicalize

CSV = """slug,name,country,kind,domain,role,citation_url,citation_publisher
rt,RT,RU,state_controlled,rt.com,primary,https://en.wikipedia.org/wiki/RT_(TV_network),Wikipedia
rt,,,,de.rt.com,language_edition,,
rt,,,,https://rtde.world/,mirror,,
sputnik,Sputnik,ru,state_controlled,sputnikglobe.com,,,
sputnik,,,,"youtube.com/@SputnikInt",channel,,
"""

OPENSOURCES = {
    "example-fake-news.com": {
        "type": "fake",
        "2nd type": "bias",
        "3rd type": "",
        "Source Notes": "imitates a local paper",
    },
    "www.another.example": {"type": "satire", "2nd type": "", "3rd type": "", "Source Notes": ""},
    "blog.example.org/rumours": {"type": "rumor", "2nd type": "", "3rd type": ""},
}

CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@id": "#org",
            "@type": "Organization",
            "name": "CheckDesk",
            "url": "https://checkdesk.example",
        },
        {
            "@type": "ClaimReview",
            "url": "https://checkdesk.example/fact-checks/ministry-casualty-list/",
            "name": "No, the ministry did not publish a full casualty list",
            "datePublished": "2017-08-04",
            "author": {"@id": "#org"},
            "claimReviewed": "The ministry publishes every casualty.",
            "itemReviewed": {
                "@type": "Claim",
                "appearance": [{"@type": "CreativeWork", "url": "https://www.rt.com/news/1-x/"}],
            },
            "reviewRating": {"@type": "Rating", "ratingValue": 2, "alternateName": "Mostly false"},
        },
        {
            "@type": ["ClaimReview"],
            "url": "https://checkdesk.example/fact-checks/no-url/",
            "itemReviewed": {"@type": "Claim", "author": {"name": "Someone"}},
            "reviewRating": {"alternateName": "False"},
        },
    ],
}


@pytest.fixture
def session(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        yield db.session()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


def snapshot_counts(session) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    models = (Outlet, DomainRule, Article, ReportLink, Revision)
    return (*(count(session, m) for m in models), session.scalar(select(DataVersion.version)))


def test_csv_loads_outlets_with_domains_paths_and_roles(session, tmp_path):
    report = run_import(session, write(tmp_path, "outlets.csv", CSV), "csv")
    session.commit()
    assert report.counts["Outlet"] == 2 and report.counts["DomainRule"] == 5
    rules = {(r.host, r.path_prefix): r.role for r in session.scalars(select(DomainRule))}
    assert rules[("rtde.world", "")] == "mirror"
    # an account on a platform's host is an account rule, whatever role the row gives
    assert rules[("youtube.com", "/@sputnikint")] == "account"
    assert report.platform_hosts == []
    rt = session.scalar(select(Outlet).where(Outlet.slug == "rt"))
    assert rt.country == "RU" and rt.citation_id is not None
    sputnik = session.scalar(select(Outlet).where(Outlet.slug == "sputnik"))
    assert sputnik.country == "RU"
    actors = {r.actor for r in session.scalars(select(Revision))}
    assert actors == {"import:outlets.csv"}
    again = run_import(session, write(tmp_path, "outlets.csv", CSV), "csv")
    assert again.to_dict()["created"] == 0 and again.to_dict()["updated"] == 0


# Rows that put a platform's host as an outlet's plain domain: left out and reported.
PLATFORM_ROWS = """slug,name,country,kind,domain,role
sputnik,Sputnik,RU,state_controlled,sputnikglobe.com,primary
sputnik,,,,youtube.com,channel
sputnik,,,,https://www.facebook.com/,mirror
sputnik,,,,https://twitter.com/SputnikInt/status/1,
sputnik,,,,youtu.be,
sputnik,,,,https://m.youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg/videos,
sputnik,,,,https://twitter.com/SputnikInt,mirror
"""


def test_csv_leaves_platform_hosts_out_and_reports_them(session, tmp_path):
    report = run_import(session, write(tmp_path, "platforms.csv", PLATFORM_ROWS), "csv")
    session.commit()
    rules = {(r.host, r.path_prefix): r.role for r in session.scalars(select(DomainRule))}
    assert rules == {
        ("sputnikglobe.com", ""): "primary",
        ("x.com", "/sputnikint"): "account",  # the account, on the platform's canonical host
    }
    left = report.platform_hosts
    assert [line.split(":")[0] for line in left] == [
        "line 3",
        "line 4",
        "line 5",
        "line 6",
        "line 7",
    ]
    assert "youtube.com: a platform's host (youtube.com)" in left[0]
    assert "facebook.com" in left[1]
    assert "the account would be x.com/SputnikInt" in left[2]
    assert "youtu.be" in left[3]
    assert "the account would be youtube.com/channel/UCpwvZwUam-URkxB7g4USKpg" in left[4]
    shown = report.to_dict()
    assert shown["platform_hosts"] == {"count": 5, "examples": left}
    assert shown["skipped"] == 5 and shown["skipped_reasons"] == left


def test_csv_dry_run_reports_platform_hosts(session, tmp_path):
    from server.importers import dry_run

    report, lines = dry_run(session, write(tmp_path, "platforms.csv", PLATFORM_ROWS), "csv")
    assert report.to_dict()["platform_hosts"]["count"] == 5
    assert any("sputnikglobe.com" in line for line in lines)
    assert not any("youtube.com" in line and "youtube.com/channel" not in line for line in lines)
    assert count(session, Outlet) == 0  # nothing written


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (CSV + "bad slug,Bad,,,,,,\n", "line 7"),
        (CSV.replace("sputnik,Sputnik,ru", "sputnik,Sputnik,UK"), "line 5"),
        (CSV + "rt,Not RT,,,,,,\n", "line 7"),
        (CSV + "other,Other,,,rt.com,,,\n", "line 7"),
        (CSV + "third,Third,,,co.uk,,,\n", "line 7"),
        (CSV + "fourth,Fourth,,tabloid,,,,\n", "line 7"),
        (CSV + "fifth,,,,,,,\n", "line 7"),
        (CSV + "sixth,Sixth,,,x.example,boss,,\n", "line 7"),
        (CSV + "seventh,Seventh\n", "line 7"),
        (CSV + "rt,,,,de.rt.com,mirror,,\n", "line 7"),
        ("slug,name,contry\nx,X,GB\n", "line 1"),
    ],
)
def test_bad_csv_changes_nothing_and_names_the_line(session, tmp_path, text, where):
    before = snapshot_counts(session)
    with pytest.raises(ValidationFailed) as info:
        run_import(session, write(tmp_path, "bad.csv", text), "csv")
    session.rollback()
    # The file, then the line (the field follows).
    assert info.value.message.startswith(f"bad.csv: {where}:"), info.value.message
    assert snapshot_counts(session) == before


def test_csv_multiline_cells_keep_line_numbers_right(session, tmp_path):
    text = 'slug,name,description\nok,OK,"two\nlines"\n"bad slug",X,\n'
    with pytest.raises(ValidationFailed) as info:
        run_import(session, write(tmp_path, "m.csv", text), "csv")
    assert info.value.message.startswith("m.csv: line 4:")


def test_opensources_leaves_platform_hosts_out_and_reports_them(session, tmp_path):
    listed = {
        **OPENSOURCES,
        "www.facebook.com": {"type": "bias"},
        "youtube.com/watch": {"type": "conspiracy"},
        "t.me/some_channel": {"type": "rumor"},
    }
    report = run_import(session, write(tmp_path, "os.json", json.dumps(listed)), "opensources")
    session.commit()
    assert report.counts["Outlet"] == 4  # the three sites and the Telegram account
    assert len(report.platform_hosts) == 2
    assert report.platform_hosts[0].startswith("entry 3 ('www.facebook.com'): facebook.com")
    assert "youtube.com/watch" in report.platform_hosts[1]
    rules = {(r.host, r.path_prefix): r.role for r in session.scalars(select(DomainRule))}
    assert rules[("t.me", "/some_channel")] == "account"
    assert not any(host in ("facebook.com", "youtube.com") for host, _ in rules)


def test_opensources_makes_unknown_outlets_with_attributed_types(session, tmp_path):
    report = run_import(
        session, write(tmp_path, "os.json", json.dumps(OPENSOURCES)), "opensources"
    ).to_dict()
    session.commit()
    assert report["records"]["Outlet"] == 3 and report["skipped"] == 0
    fake = session.scalar(select(Outlet).where(Outlet.slug == "example-fake-news-com"))
    assert fake.kind == "unknown" and fake.name == "example-fake-news.com"
    assert fake.description.startswith("Listed by OpenSources as: fake, bias.")
    assert "imitates a local paper" in fake.description
    assert fake.citation_id is not None
    hosts = {(r.host, r.path_prefix) for r in session.scalars(select(DomainRule))}
    assert ("another.example", "") in hosts and ("blog.example.org", "/rumours") in hosts
    # Known domains are skipped, never overwritten.
    again = run_import(session, write(tmp_path, "os.json", json.dumps(OPENSOURCES)), "opensources")
    assert again.to_dict()["created"] == 0 and again.to_dict()["skipped"] == 3


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"ok.example": {"type": "fake"}, "co.uk": {"type": "fake"}}, "entry 1"),
        ({"ok.example": {"type": "fake"}, "x.example": ["fake"]}, "entry 1"),
        ({"ok.example": {"type": "fake", "colour": "red"}}, "entry 0"),
        ({"ok.example": {"type": "x" * 50}}, "entry 0"),
    ],
)
def test_bad_opensources_entry_names_its_index(session, tmp_path, data, where):
    before = snapshot_counts(session)
    with pytest.raises(ValidationFailed) as info:
        run_import(session, write(tmp_path, "os.json", json.dumps(data)), "opensources")
    session.rollback()
    # One line of JSON: line 1, then the entry.
    assert info.value.message.startswith(f"os.json: line 1: {where}"), info.value.message
    assert snapshot_counts(session) == before


def test_claimreview_graph_becomes_fact_check_links(session, tmp_path):
    report = run_import(
        session, write(tmp_path, "cr.json", json.dumps(CLAIMREVIEW)), "claimreview"
    ).to_dict()
    session.commit()
    assert report["records"] == {"Article": 1, "ReportLink": 1}
    assert report["skipped"] == 1 and "no URL" in report["skipped_reasons"][0]
    link = session.scalar(select(ReportLink))
    assert link.relation == "fact_check" and link.rating == "Mostly false"
    assert link.report_url == "https://checkdesk.example/fact-checks/ministry-casualty-list/"
    assert link.report_author == "CheckDesk" and link.report_published.isoformat() == "2017-08-04"
    assert link.summary == "Claim reviewed: The ministry publishes every casualty."
    article = session.get(Article, link.article_id)
    assert article.canonical_url == canonicalize("https://www.rt.com/news/1-x/")
    # Re-import updates in place (a changed rating), no duplicate.
    changed = json.loads(json.dumps(CLAIMREVIEW))
    changed["@graph"][1]["reviewRating"]["alternateName"] = "False"
    report = run_import(session, write(tmp_path, "cr.json", json.dumps(changed)), "claimreview")
    session.commit()
    assert report.to_dict()["updated"] == 1 and count(session, ReportLink) == 1
    assert session.scalar(select(ReportLink.rating)) == "False"


def test_claimreview_single_object_and_list(session, tmp_path):
    review = dict(CLAIMREVIEW["@graph"][1])
    review["author"] = {"@type": "Organization", "name": "CheckDesk"}
    run_import(session, write(tmp_path, "one.json", json.dumps(review)), "claimreview")
    second = {**review, "url": "https://checkdesk.example/fact-checks/2/"}
    second["itemReviewed"] = {"firstAppearance": {"url": "https://www.rt.com/news/2-y/"}}
    run_import(session, write(tmp_path, "list.json", json.dumps([review, second])), "claimreview")
    session.commit()
    assert count(session, ReportLink) == 2 and count(session, Article) == 2


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ([CLAIMREVIEW["@graph"][1], {**CLAIMREVIEW["@graph"][1], "url": None}], "[1]"),
        (
            [
                CLAIMREVIEW["@graph"][1],
                {**CLAIMREVIEW["@graph"][1], "itemReviewed": {"url": "ftp://x.example/"}},
            ],
            "[1]",
        ),
        ([CLAIMREVIEW["@graph"][1], "not an object"], "[1]"),
        ({"@type": "Article"}, "no ClaimReview"),
    ],
)
def test_bad_claimreview_names_its_index_and_changes_nothing(session, tmp_path, data, where):
    before = snapshot_counts(session)
    with pytest.raises(ValidationFailed) as info:
        run_import(session, write(tmp_path, "cr.json", json.dumps(data)), "claimreview")
    session.rollback()
    assert where in info.value.message, info.value.message
    assert snapshot_counts(session) == before


def test_cli_import_reports_and_fails_with_the_line(runner, app, tmp_path):
    ok = runner.invoke(args=["import", str(write(tmp_path, "o.csv", CSV)), "--format", "csv"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["records"]["Outlet"] == 2
    bad = runner.invoke(
        args=["import", str(write(tmp_path, "b.csv", CSV + "x,X,ZZ,,,,,\n")), "--format", "csv"]
    )
    assert bad.exit_code == 1 and "line 7" in bad.stderr and "country" in bad.stderr
    with app.app_context():
        assert count(db.session(), Outlet) == 2
    unknown = runner.invoke(args=["import", str(tmp_path / "o.csv"), "--format", "xml"])
    assert unknown.exit_code != 0


OLD_EXPORT = {
    "format": "masthead-dataset/1",
    "outlets": [
        {
            "slug": "sputnik",
            "name": "Sputnik",
            "domains": [
                {"host": "sputnikglobe.com"},
                {"host": "www.youtube.com", "role": "channel"},
                {"host": "youtube.com", "path_prefix": "/@SputnikInt", "role": "channel"},
                {"host": "youtube.com", "path_prefix": "/channel/UCpwvZwUam-URkxB7g4USKpg"},
            ],
        }
    ],
}


def test_an_old_export_with_platform_hosts_imports_their_accounts_and_reports_the_rest(
    session, tmp_path
):
    path = write(tmp_path, "old.json", json.dumps(OLD_EXPORT))
    report = run_import(session, path, "json")
    session.commit()
    rules = {(r.host, r.path_prefix): r.role for r in session.scalars(select(DomainRule))}
    assert rules == {
        ("sputnikglobe.com", ""): "primary",
        ("youtube.com", "/@sputnikint"): "account",
        ("youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg"): "account",  # the id's own case
    }
    [left_out] = report.platform_hosts
    assert left_out.startswith("outlets[0] ('sputnik').domains[1]: youtube.com: a platform's")
    assert report.to_dict()["platform_hosts"]["count"] == 1 and left_out in report.skipped
