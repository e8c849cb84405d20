"""Every account the seed ships (a domain rule with role `account`) is cited and dated in
server/seed/account-sources.csv: domain rules carry no citation in the dataset format, so the
source of each account is kept beside the seed, one row per account (checked against the
State Media Matrix itself in tests/datasets/test_seed_account_sources.py)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

from server.urls.platforms import path_key, platform_host

SEED = Path(__file__).resolve().parents[2] / "server" / "seed"
SOURCES = SEED / "account-sources.csv"
COLUMNS = ["outlet", "host", "path_prefix", "source_url", "source", "as_of", "accessed"]


def key(outlet: str, host: str, prefix: str) -> tuple[str, str, str]:
    return outlet, platform_host(host), path_key(host, prefix)


def seeded_accounts() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(SEED.glob("*.json")):
        for outlet in json.loads(path.read_text("utf-8")).get("outlets", []):
            for rule in outlet.get("domains", []):
                if rule.get("role") == "account":
                    found.append(key(outlet["slug"], rule["host"], rule.get("path_prefix", "")))
    return found


def source_rows() -> list[dict[str, str]]:
    with SOURCES.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_every_seeded_account_has_exactly_one_source_row_and_no_row_is_stale():
    accounts = seeded_accounts()
    assert len(accounts) == len(set(accounts)) and len(accounts) >= 170
    rows = [key(r["outlet"], r["host"], r["path_prefix"]) for r in source_rows()]
    assert len(rows) == len(set(rows))
    assert sorted(rows) == sorted(accounts)


def _date(text: str) -> dt.date:
    """A source's own date, as precisely as it gives it: YYYY-MM-DD, or YYYY alone."""
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def test_every_source_row_is_a_url_with_the_sources_date_and_the_day_it_was_read():
    for row in source_rows():
        assert row["source_url"].startswith(("https://", "http://")), row
        assert row["source"].strip(), row
        accessed = dt.date.fromisoformat(row["accessed"])
        assert _date(row["as_of"]) <= accessed <= dt.date.today() + dt.timedelta(days=1), row


def test_the_three_accounts_of_issue_17_are_cited():
    cited = {key(r["outlet"], r["host"], r["path_prefix"]): r for r in source_rows()}
    for host, prefix in [
        ("x.com", "/RT_com"),
        ("youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg"),
        ("t.me", "/rt_russian"),
    ]:
        assert key("rt", host, prefix) in cited
    channel = cited[key("rt", "youtube.com", "/channel/UCpwvZwUam-URkxB7g4USKpg")]
    assert channel["path_prefix"] == "/channel/UCpwvZwUam-URkxB7g4USKpg"  # the id's own case
