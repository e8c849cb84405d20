"""Add a source row to server/seed/account-sources.csv for each seeded account that lacks one.

Domain rules carry no citation in the seed format, so each account the seed ships (a domain
rule with role `account`) is cited in account-sources.csv. This script finds, for an account
without a row, the State Media Matrix line that lists it in a social column and whose own site
resolves to the same seeded outlet (the check tests/datasets/test_seed_account_sources.py
makes), and appends a row citing that line at the dataset's commit (d878fee, 2024-02-07).
Accounts it cannot find are printed and left for a maintainer; rows already present are kept
as they are (hand-cited accounts such as BBC's stay).

Usage: python scripts/account_sources.py PATH/State_Media_Matrix.csv [--accessed YYYY-MM-DD]
Exit status 1 when an account is left without a source.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.errors import ValidationFailed  # noqa: E402
from server.importers.reconcile import HostMap  # noqa: E402
from server.importers.state_media_rows import SOCIAL_COLUMNS, _url, account_of  # noqa: E402
from server.urls.platforms import is_platform_host, path_key, platform_host  # noqa: E402

SEED = ROOT / "server" / "seed"
SOURCES = SEED / "account-sources.csv"
COLUMNS = ["outlet", "host", "path_prefix", "source_url", "source", "as_of", "accessed"]
BASE = (
    "https://github.com/ASD-at-GMF/state-media-profiles/blob/"
    "d878fee1e0aecce9bd63a65ae826df84c6d80e59/State_Media_Matrix.csv?plain=1#L"
)
MATRIX_DATE = "2024-02-07"

Key = tuple[str, str, str]


def _key(outlet: str, host: str, prefix: str) -> Key:
    return outlet, platform_host(host), path_key(host, prefix)


def _seed() -> tuple[list[tuple[str, str, str]], HostMap]:
    accounts, rules = [], []
    for path in sorted(SEED.glob("*.json")):
        for outlet in json.loads(path.read_text("utf-8")).get("outlets", []):
            for rule in outlet.get("domains", []):
                prefix = rule.get("path_prefix", "")
                if rule.get("role") == "account":
                    accounts.append((outlet["slug"], rule["host"], prefix))
                elif not is_platform_host(rule["host"]):
                    rules.append((rule["host"], prefix, outlet["slug"]))
    return accounts, HostMap(rules)


def _matrix_accounts(text: str, sites: HostMap) -> dict[Key, tuple[int, str, str]]:
    """(outlet, platform host, path key) -> (line, column, asset) of its first matrix row."""
    found: dict[Key, tuple[int, str, str]] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not (row.get("URL") or "").strip():
            continue
        try:
            host, path = _url(row["URL"], start)
        except ValidationFailed:  # a row the importer would refuse cites nothing
            continue
        outlet = sites.resolve(host, path)
        if outlet is None:
            continue
        for column in SOCIAL_COLUMNS:
            account = account_of(row.get(column) or "")
            if account is not None:
                key = _key(outlet, account[0], account[1])
                found.setdefault(key, (start, column, (row.get("Main assets") or "")[:60]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("matrix", type=Path)
    parser.add_argument("--accessed", default=dt.date.today().isoformat())
    args = parser.parse_args(argv)
    accounts, sites = _seed()
    with SOURCES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    have = {_key(r["outlet"], r["host"], r["path_prefix"]) for r in rows}
    wanted = {_key(*a): a for a in accounts}
    rows = [r for r in rows if _key(r["outlet"], r["host"], r["path_prefix"]) in wanted]
    listed = _matrix_accounts(args.matrix.read_text(encoding="utf-8"), sites)
    missing = []
    for key, (outlet, host, prefix) in wanted.items():
        if key in have:
            continue
        if key not in listed:
            missing.append((outlet, host, prefix))
            continue
        line, column, asset = listed[key]
        rows.append(
            {
                "outlet": outlet,
                "host": host,
                "path_prefix": prefix,
                "source_url": f"{BASE}{line}",
                "source": f"State Media Matrix (ASD at GMF, MIT), line {line} ({asset}), "
                f"{column} column",
                "as_of": MATRIX_DATE,
                "accessed": args.accessed,
            }
        )
    rows.sort(key=lambda r: (r["outlet"], r["host"], r["path_prefix"].lower()))
    with SOURCES.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{SOURCES}: {len(rows)} rows; {len(missing)} accounts without a source")
    for item in missing:
        print("  no source:", *item)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
