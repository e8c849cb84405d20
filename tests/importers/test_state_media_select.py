"""scripts/state_media_select.py: each chosen outlet takes a matrix version that states its row,
the latest with room, and no as_of date passes its share of the seed's relations."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[2]
sel = load_script("state_media_select")  # imports its sibling matrix_xlsx

NEW = ("new", "2023-08-24")
OLD = ("old", "2023-08-10")


def test_latest_version_first_then_the_older_one_when_the_latest_is_full():
    # 90 relations, none on either date; at most 10%: 10 of 100 when ten outlets are kept.
    picks = sel.date_within_cap([[NEW, OLD]] * 10, Counter({"2000-01-01": 90}), 90, 0.1)
    assert picks.count(NEW) == 10 and None not in picks


def test_outlets_no_version_has_room_for_are_left_out_from_the_end():
    picks = sel.date_within_cap([[NEW]] * 20, Counter({"x": 90}), 90, 0.1)
    assert picks[:10] == [NEW] * 10 and picks[10:] == [None] * 10


def test_an_outlet_with_one_version_is_served_before_those_with_two():
    picks = sel.date_within_cap([[NEW, OLD], [NEW]], Counter({"x": 8}), 8, 0.1)
    assert picks == [OLD, NEW]


@given(
    st.lists(st.sampled_from([[NEW, OLD], [NEW], [OLD]]), max_size=60),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=30),
)
def test_no_date_passes_the_cap(options, total, on_old):
    on_old = min(on_old, total)
    taken = Counter({OLD[1]: on_old, "other": total - on_old})
    picks = sel.date_within_cap(options, taken, total, 0.1)
    kept = [p for p in picks if p is not None]
    for pick, opts in zip(picks, options, strict=True):
        assert pick is None or pick in opts
    days = Counter(p[1] for p in kept)
    for day in (NEW[1], OLD[1]):
        if days[day]:
            assert taken[day] + days[day] <= 0.1 * (total + len(kept))
    # what is kept is a prefix of the priority order
    assert kept == picks[: len(kept)]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_row_versions_name_every_commit_whose_file_states_the_row(tmp_path, monkeypatch):
    header = "Country,Media company,Main assets,URL,Typology"
    first = f"{header}\nX,Co,A,https://a.example/,SC\nX,Co,B,https://b.example/,SC\n"
    second = (
        f"{header},Twitter Link\nX,Co,A,https://a.example/,SC,\nX,Co,B,https://b.example/,IP,\n"
    )
    _git(tmp_path, "init", "-q")
    commits = []
    for text in (first, second):
        (tmp_path / "State_Media_Matrix.csv").write_text(text, encoding="utf-8")
        _git(tmp_path, "add", ".")
        _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "m")
        out = subprocess.run(
            ["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True
        )
        commits.append(out.stdout.strip())
    name = "State_Media_Matrix.csv"
    versions = ((commits[1], "2023-08-24", name), (commits[0], "2023-08-10", name))
    monkeypatch.setattr(sel, "VERSIONS", versions)
    got = sel.row_versions(tmp_path / ".git", second)
    new, old = (f"{sel.REPO}/blob/{c}/{name}" for c in (commits[1], commits[0]))
    assert got[2] == [(new, "2023-08-24"), (old, "2023-08-10")]
    assert got[3] == [(new, "2023-08-24")]  # its typology changed in the rewrite
