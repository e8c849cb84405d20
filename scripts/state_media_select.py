"""Choose and date the State Media Matrix outlets the shipped seed takes
(used by scripts/gen_state_media_seed.py --select).

The matrix's rows were all rewritten by the commit that added the social-media columns
(d911508, 2023-08-24); a row whose company, asset, URL and typology were already in the first
list (4904f0d, 2023-08-10) dates from that, any other from 2023-08-24. `row_dates` reads both
versions from the repository's git history (`git --git-dir=... show`).
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

FIRST = ("4904f0d", "2023-08-10")
REWRITE = ("d911508", "2023-08-24")
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
NOT_THEIR_SITE = frozenset(
    {"congreso.gob.gt", "guatemala.gob.gt", "congresonacional.hn", "mediacorp.sg", "chinanews.com"}
)
PER_COUNTRY = 3


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple((row.get(k) or "").strip() for k in KEY)


def row_dates(git_dir: Path, matrix_text: str) -> dict[int, str]:
    """File line number (header = line 1) -> the date that row's facts were added."""
    first = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{FIRST[0]}:State_Media_Matrix.csv"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    old = {_key(r) for r in _rows(first)}
    dates: dict[int, str] = {}
    for number, row in enumerate(_rows(matrix_text), start=2):
        dates[number] = FIRST[1] if _key(row) in old else REWRITE[1]
    return dates


def hosts_of(outlet: dict[str, Any]) -> list[str]:
    return [d["host"] for d in outlet.get("domains") or [] if d["role"] != "account"]


def select(outlets: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The issue's named outlets, then the outlets with the most current hosts, at most
    PER_COUNTRY a country, state-controlled before others; outlets without a current host,
    without a typology label (uncertain '?' codes) or not functional are left out."""

    def usable(o: dict[str, Any]) -> bool:
        current = [d for d in o.get("domains") or [] if d["role"] not in ("account", "former")]
        hosts = {d["host"] for d in current}
        return bool(current) and bool(o.get("labels")) and not hosts & NOT_THEIR_SITE

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
    chosen = list(named)
    per: Counter[str] = Counter(o["country"] for o in chosen)
    for outlet in rest:
        if len(chosen) >= limit:
            break
        if per[outlet["country"]] >= PER_COUNTRY:
            continue
        per[outlet["country"]] += 1
        chosen.append(outlet)
    return sorted(chosen, key=lambda o: str(o["slug"]))
