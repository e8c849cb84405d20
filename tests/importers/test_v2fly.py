"""The v2fly domain-list importer on small hand-written lists over the seed: rules are added
only to outlets that exist and are named by the list or a heading and confirmed by a host
that already resolves; CDN/static/shop hosts, keyword and regexp rules are left out and
reported; a dry run writes nothing; a second run changes nothing; a bad list names its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from server.curation.report import ChangeReport
from server.importers import run_import
from server.models import DomainRule, Outlet, Revision

from .conftest import DATA
from .contract import ImporterCase

LISTS = DATA / "v2fly"


def rules(session) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = session.execute(select(DomainRule.host, DomainRule.role, Outlet.slug).join(Outlet))
    return {host: (slug, role) for host, role, slug in rows}


def test_hosts_go_to_the_outlet_the_list_or_heading_names(seeded, session):
    report = run_import(session, LISTS / "category-test", "v2fly")
    have = rules(session)
    assert have["rtde.example"] == ("rt", "mirror")
    assert "edition.rtde.example" not in have  # rtde.example, just added, covers it
    assert have["rt.it.example"] == ("rt", "mirror")
    assert have["rtarabic.example"] == ("rt", "mirror")  # a section falls back to its list
    assert have["sputnik-mirror.example"] == ("sputnik", "mirror")
    assert have["cnn.com"][0] == "cnn"
    for host in ("shop-rt.example", "rt-static.example", "unknown-outlet.example"):
        assert host not in have
    assert "ynet-cn.example" not in have and "rt-extra.example" not in have
    assert "ads.rt-tracker.example" not in have
    reasons = "\n".join(report.skipped)
    assert "rt: line 4: shop-rt.example: shop host, left out" in reasons
    assert "rt: line 5: rt-static.example: static host, left out" in reasons
    assert "keyword:russiatoday: not a host rule" in reasons
    assert "cnn.com: already resolves to 'cnn'" in reasons
    assert "ynet: line 2: ynet-cn.example: no outlet matches list 'ynet'" in reasons
    assert "rt: line 13: otherbrand.example: not named like 'rt'" in reasons
    assert "otherbrand.example" not in have


def test_each_rule_cites_its_list_in_its_revision(seeded, session):
    run_import(session, LISTS / "category-test", "v2fly")
    rule = session.scalar(select(DomainRule).where(DomainRule.host == "rtde.example"))
    rev = session.scalar(
        select(Revision).where(Revision.record_type == "domain_rule", Revision.record_id == rule.id)
    )
    assert "v2fly/domain-list-community" in rev.comment and "/data/rt" in rev.comment
    assert "accessed 20" in rev.comment


def test_a_host_named_like_the_outlet_only_after_a_later_one_is_added_in_the_same_run(
    seeded, session, tmp_path
):
    # 'voa-ameriki' carries VOA's slug and brings the word 'ameriki', which the earlier
    # 'amerikiskhma' carries: one run adds both, so a second has nothing left to add.
    (tmp_path / "voanews").write_text(
        "voanews.com\namerikiskhma.example\nvoa-ameriki.example\n", encoding="utf-8"
    )
    report = run_import(session, tmp_path / "voanews", "v2fly")
    session.commit()
    have = rules(session)
    assert have["voa-ameriki.example"] == ("voa", "mirror")
    assert have["amerikiskhma.example"] == ("voa", "mirror")
    assert not any("amerikiskhma" in line for line in report.skipped)
    assert not run_import(session, tmp_path / "voanews", "v2fly").changed


def dry_run_shows(report: ChangeReport, lines: list[str]) -> None:
    assert len(lines) == report.created == 3  # rtde, rt.it, rtarabic; cnn.com is cnn's
    assert any("host='rtde.example'" in line for line in lines)


# The dry run, second run and bad lists of the importer contract (test_importer_contract.py).
CONTRACT = ImporterCase(
    fmt="v2fly",
    seeded=True,
    dry_run_file=LISTS / "rt",
    dry_run_shows=dry_run_shows,
    second_runs=((LISTS / "category-test",),),
    bad_files=(
        ("bad", "rt.com\nhost:rt2.example\n", "bad: line 2: unknown rule type 'host'"),
        ("bad", "rt.com\n\ninclude:nothing-here\n", "bad: line 3: no list named 'nothing-here'"),
        ("bad", "rt.com\nfull:exa mple.com\n", "bad: line 2: unexpected 'mple.com'"),
        ("bad", "rt.com\nfull:exa_mple..com\n", "bad: line 2: full:exa_mple..com"),
        ("bad", "rt.com\nfull:\n", "bad: line 2: full: the value is empty"),
    ),
)


def test_standard_input_is_refused_for_a_tree(app, session):
    with pytest.raises(Exception, match="give a path"):
        run_import(session, None, "v2fly")


def test_no_outlet_is_ever_created(seeded, session, tmp_path: Path):
    (tmp_path / "brand-new").write_text("brand-new-outlet.example\n", encoding="utf-8")
    report = run_import(session, tmp_path / "brand-new", "v2fly")
    assert not report.changed and "Outlet" not in report.counts


def test_a_platform_host_in_a_list_is_left_out_and_reported(seeded, session, tmp_path: Path):
    # An outlet's list may name the platforms it posts on; those hosts take only accounts.
    lists = "rt.com\nt.me\nfull:rt.youtube.com\ntelegram.me\nmobile.twitter.com\n"
    (tmp_path / "rt").write_text(lists, encoding="utf-8")
    report = run_import(session, tmp_path / "rt", "v2fly")
    whole = set(session.scalars(select(DomainRule.host).where(DomainRule.path_prefix == "")))
    reasons = "\n".join(report.skipped)
    platforms = {"t.me": "t.me", "rt.youtube.com": "youtube.com", "telegram.me": "t.me"}
    platforms["mobile.twitter.com"] = "x.com"
    for host, platform in platforms.items():
        assert host not in whole
        assert f"{host}: a platform's host ({platform}) takes only accounts" in reasons
    assert len(report.platform_hosts) == 4 and set(report.platform_hosts) <= set(report.skipped)
    assert report.to_dict()["platform_hosts"]["count"] == 4
