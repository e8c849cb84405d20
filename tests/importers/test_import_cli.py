"""`flask import --format state-media|v2fly|perennial [--dry-run]`: the dry run prints the diff
and what was left out and writes nothing; the import writes; a bad file is an error naming its
line."""

from __future__ import annotations

import json

from .conftest import DATA, snapshot


def test_dry_run_prints_the_diff_and_writes_nothing(seeded, runner, session):
    before = snapshot(session)
    args = ["import", str(DATA / "state_media" / "matrix.csv"), "--format", "state-media"]
    result = runner.invoke(args=[*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("+ outlet 'france-deux-example'") for line in lines)
    assert any(line.startswith("= left out: line 10: typology 'ISFM?'") for line in lines)
    report = json.loads(lines[-1])
    assert report["dry_run"] is True and report["created"] > 0
    assert snapshot(session) == before
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["created"] == report["created"]


def test_v2fly_dry_run_lists_left_out_hosts(seeded, runner):
    rt = str(DATA / "v2fly" / "rt")
    result = runner.invoke(args=["import", rt, "--format", "v2fly", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "= left out: rt: line 4: shop-rt.example: shop host, left out" in result.output


def test_a_bad_file_is_an_error_naming_its_line(app, runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Country,Media company,Main assets,URL,Typology,Status\nNarnia,A,B,,SC,\n")
    result = runner.invoke(args=["import", str(path), "--format", "state-media"])
    assert result.exit_code == 1
    assert "line 2: Country: unknown country name 'Narnia'" in result.output


def test_perennial_dry_run_prints_labels_and_the_entries_no_outlet_has(seeded, runner, session):
    before = snapshot(session)
    path = str(DATA / "perennial" / "sources.jsonl")
    result = runner.invoke(args=["import", path, "--format", "perennial", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "+ label" in result.output and "kind='rater_assessment'" in result.output
    assert "= left out: line 4: 'Example Blog' (blog.example): no outlet has" in result.output
    assert snapshot(session) == before
