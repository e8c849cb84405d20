"""The seed's accounts cited to the State Media Matrix (server/seed/account-sources.csv) are
in the row the citation names: one of its social columns is that account, and the row's own
site resolves to the same seeded outlet (as server/importers/state_media.py matches rows)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

from server.importers.reconcile import HostMap
from server.importers.state_media_rows import SOCIAL_COLUMNS, _url, account_of
from server.urls.platforms import is_platform_host, path_key

SEED = Path(__file__).resolve().parents[2] / "server" / "seed"
MATRIX = "state-media-profiles/State_Media_Matrix.csv"
LINE = re.compile(r"/State_Media_Matrix\.csv\?plain=1#L(\d+)$")


def _seed_sites() -> HostMap:
    rules = []
    for path in sorted(SEED.glob("*.json")):
        for outlet in json.loads(path.read_text("utf-8")).get("outlets", []):
            for rule in outlet.get("domains", []):
                if not is_platform_host(rule["host"]):
                    rules.append((rule["host"], rule.get("path_prefix", ""), outlet["slug"]))
    return HostMap(rules)


def _rows_by_line(text: str) -> dict[int, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: dict[int, dict[str, str]] = {}
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        rows[start] = row
    return rows


def test_each_account_cited_to_the_matrix_is_in_the_row_named(
    dataset_file: Callable[[str], Path], dataset_report: Callable[[str], None]
) -> None:
    rows = _rows_by_line(dataset_file(MATRIX).read_text(encoding="utf-8"))
    sites = _seed_sites()
    with (SEED / "account-sources.csv").open(encoding="utf-8", newline="") as f:
        cited = [r for r in csv.DictReader(f) if "State_Media_Matrix.csv" in r["source_url"]]
    assert len(cited) >= 160
    for source in cited:
        found = LINE.search(source["source_url"])
        assert found is not None, source
        line = int(found.group(1))
        row = rows[line]
        want = (source["host"], path_key(source["host"], source["path_prefix"]))
        accounts = [account_of(row[c]) for c in SOCIAL_COLUMNS if (row.get(c) or "").strip()]
        keyed = {(a[0], path_key(a[0], a[1])) for a in accounts if a is not None}
        assert want in keyed, (line, source)
        host, path = _url(row["URL"], line)
        assert sites.resolve(host, path) == source["outlet"], (line, source)
        assert source["as_of"] == "2024-02-07"  # the matrix's commit date
    dataset_report(f"{len(cited)} seeded accounts found in the State Media Matrix rows cited")
