"""Choose and date the State Media Matrix outlets the shipped seed takes
(used by scripts/gen_state_media_seed.py --select).

The matrix has three versions in its repository's git history: the CSV's first list (4904f0d,
2023-08-10), the CSV's rewrite that added the social-media columns (d911508, 2023-08-24),
which `git blame` names as the last change of every row, and the workbook added with the RSS
parser (86fb375, 2023-12-21). A row's facts (country, company, asset, URL, typology) are
stated by each version that holds them unchanged. `row_versions` reads the versions (`git
--git-dir=... show`); `date_within_cap` gives each chosen outlet one of the versions stating
its row, the latest first, so that no as_of date carries more than a set share of the seed's
relations, and leaves out the outlets no version has room for.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from matrix_xlsx import sheet_rows

REPO = "https://github.com/ASD-at-GMF/state-media-profiles"
# The versions of the matrix in its repository's history, latest first: (commit, date, file).
# The CSV is unchanged since the rewrite; the workbook was added with the RSS parser.
VERSIONS = (
    ("86fb3751fb1cd8d356f70f902801a27a32968d90", "2023-12-21", "State_Media_Matrix.xlsx"),
    ("d91150805c0dcd0262bf6d269b5ea8dc5d4a92cf", "2023-08-24", "State_Media_Matrix.csv"),
    ("4904f0d10ee96add7c6c226996e41d6878244a30", "2023-08-10", "State_Media_Matrix.csv"),
)
KEY = ("Country", "Media company", "Main assets", "URL", "Typology")

# Named in issue #15 first (matched by a host of the asset), then the rest by size.
PRIORITY_HOSTS = (
    "1tv.ru",
    "vesti.ru",
    "ntv.ru",
    "lenta.ru",
    "cri.cn",
    "news.cri.cn",
    "cnr.cn",
    "cankaoxiaoxi.com",
    "ukraina.ru",
    "uk.vesti.news",
    "parstoday.ir",
    "irib.ir",
)
# Outlets whose listed host is an institution's or a group's whole site, not the outlet's
# (a congress's or a government's portal, a broadcaster group's corporate site), and the
# "China Internet News Center" row that lists China News Service's chinanews.com: left out.
# A video platform listed as an asset (Gazprom-Media's Rutube): its host would claim every
# channel on it, so it is left out too.
NOT_THEIR_SITE = frozenset(
    {
        "congreso.gob.gt",
        "guatemala.gob.gt",
        "congresonacional.hn",
        "mediacorp.sg",
        "chinanews.com",
        "rutube.ru",
    }
)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple((row.get(k) or "").strip() for k in KEY)


def _show(git_dir: Path, commit: str, path: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    ).stdout


def version_keys(git_dir: Path, commit: str, path: str) -> set[tuple[str, ...]]:
    """The (country, company, asset, URL, typology) facts the matrix file at `commit` states;
    a workbook cell may list several URLs (comma or line separated): one key each."""
    data = _show(git_dir, commit, path)
    if not path.endswith(".xlsx"):
        return {_key(r) for r in _rows(data.decode("utf-8"))}
    keys: set[tuple[str, ...]] = set()
    for row in sheet_rows(data):
        for url in re.split(r"[,\s]+", row.get("URLs") or ""):
            keys.add(_key({**row, "URL": url}))
    return keys


def row_versions(git_dir: Path, matrix_text: str) -> dict[int, list[tuple[str, str]]]:
    """File line number (header = line 1) -> the (file URL at its commit, date) of each
    version of the matrix that states that row's facts unchanged, latest first."""
    keys = {v: version_keys(git_dir, v[0], v[2]) for v in VERSIONS}
    versions: dict[int, list[tuple[str, str]]] = {}
    for number, row in enumerate(_rows(matrix_text), start=2):
        versions[number] = [
            (f"{REPO}/blob/{v[0]}/{v[2]}", v[1]) for v in VERSIONS if _key(row) in keys[v]
        ]
    return versions


def date_within_cap(
    options: list[list[tuple[str, str]]], taken: Counter[str], total: int, cap: float
) -> list[tuple[str, str] | None]:
    """For outlets in priority order, each with the versions that state it (latest first),
    the version each takes (None: left out) so that no date's relations -- `taken` already
    has `total` relations, one more per outlet kept -- exceed `cap` of all. Keeps the longest
    prefix that fits; outlets with fewer versions choose first, each the latest with room."""
    for keep in range(len(options), -1, -1):
        room = {day: int(cap * (total + keep)) - taken[day] for opts in options for _, day in opts}
        chosen: list[tuple[str, str] | None] = [None] * len(options)
        order = sorted(range(keep), key=lambda i: len(options[i]))
        for i in order:
            pick = next((v for v in options[i] if room[v[1]] > 0), None)
            if pick is None:
                break
            room[pick[1]] -= 1
            chosen[i] = pick
        else:
            return chosen
    return [None] * len(options)


def hosts_of(outlet: dict[str, Any]) -> list[str]:
    return [d["host"] for d in outlet.get("domains") or [] if d["role"] != "account"]


def select(outlets: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """At most `limit` outlets in priority order: the issue's named outlets, then the others
    with countries taking turns, within a turn the outlets of the largest companies first;
    outlets without a current host (not functional) or whose host is not their own site
    are left out. Outlets of a row with an
    uncertain ('?') typology come without the label (the importer writes none)."""

    def usable(o: dict[str, Any]) -> bool:
        current = [d for d in o.get("domains") or [] if d["role"] not in ("account", "former")]
        hosts = {d["host"] for d in current}
        return bool(current) and bool(o.get("relations")) and not hosts & NOT_THEIR_SITE

    pool = [o for o in outlets if usable(o)]
    named = [o for o in pool if set(hosts_of(o)) & set(PRIORITY_HOSTS)]
    # "Largest" as the matrix shows it: the outlets of the companies with the most assets
    # (state broadcasting groups, agencies with many editions) first.
    size: Counter[str] = Counter(r["object"] for o in outlets for r in o.get("relations") or [])

    def company(o: dict[str, Any]) -> str:
        return next((r["object"] for r in o.get("relations") or []), "")

    rest = sorted(
        (o for o in pool if o not in named),
        key=lambda o: (-size[company(o)], -len(hosts_of(o)), o["slug"]),
    )
    # Countries take turns: every country's first outlet before any country's next one.
    per: Counter[str] = Counter(o["country"] for o in named)
    turn: dict[str, int] = {}
    for outlet in rest:
        turn[outlet["slug"]] = per[outlet["country"]]
        per[outlet["country"]] += 1
    rest.sort(key=lambda o: turn[o["slug"]])  # stable: the size order within a turn
    return (named + rest)[:limit]
