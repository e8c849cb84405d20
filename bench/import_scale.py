"""How `flask import` grows with the rows: time and peak memory of importing synthetic
Masthead datasets (N outlets, one domain and one cited owner each: issue #18's shape) into a
fresh database, printed with the ratios against issue #18's baseline. Not part of the tests.

    python bench/import_scale.py --sizes 2000,10000 [--db sqlite|postgresql] [--profile]
    python bench/import_scale.py --file PATH --format local-news   # any file, any format

Each import runs `flask import` in its own process on a database made by the migrations
(SQLite: a new file under bench/out/; PostgreSQL: `MASTHEAD_BENCH_PG_URL`, default a
`masthead_bench_import` database on the test server, dropped and created again). Peak RSS is
the child's maximum resident set (`os.wait4`). `--profile` writes a cProfile of each import to
bench/out/import-N.prof.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(REPO))

# Issue #18: 2,000 outlets 12 s, 10,000 outlets 106 s (SQLite); 50,000 not done in 9 min.
BASELINE = {2_000: 12.0, 10_000: 106.0}
# Its own database on the test server (never `test`, which the test suite uses).
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/masthead_bench_import"


def synthetic(n: int) -> dict:
    """N outlets, one domain each, each owned by one of N/10 entities, every fact cited."""
    owners = max(1, n // 10)
    cite = {"url": "https://example.org/register", "title": "Register", "accessed": "2026-11-30"}
    return {
        "format": "masthead-dataset/1",
        "entities": [
            {"slug": f"owner-{i}", "name": f"Owner {i}", "kind": "company", "country": "US"}
            for i in range(owners)
        ],
        "outlets": [
            {
                "slug": f"outlet-{i}",
                "name": f"Outlet {i}",
                "country": "US",
                "kind": "private",
                "citation": cite,
                "domains": [{"host": f"outlet-{i}.example.com", "role": "primary"}],
                "relations": [
                    {
                        "kind": "owned_by",
                        "object": f"owner-{i % owners}",
                        "as_of": "2026-11-01",
                        "citation": cite,
                    }
                ],
            }
            for i in range(n)
        ],
    }


def fresh_database(kind: str, tag: str) -> str:
    from server import migrate

    if kind == "sqlite":
        path = OUT / f"import-{tag}.sqlite"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = os.environ.get("MASTHEAD_BENCH_PG_URL", PG_DEFAULT)
        recreate(url)
    migrate.upgrade(url, str(REPO / "migrations"), "head")
    return url


def recreate(url: str) -> None:
    """Drop and create the PostgreSQL database `url` names (through the server's `postgres`)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def run_import(
    url: str, path: Path, fmt: str, profile: Path | None
) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, the last line of its output) of one
    `flask import` process."""
    env = {**os.environ, "MASTHEAD_DATABASE_URL": url, "MASTHEAD_DB_STATEMENT_TIMEOUT": "0"}
    flask = [sys.executable, "-m", "flask", "--app", "server", "import", str(path)]
    if profile is not None:
        flask = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "flask"]
        flask += ["--app", "server", "import", str(path)]
    out, err = OUT / "import.out", OUT / "import.err"
    start = time.perf_counter()
    with out.open("w") as stdout, err.open("w") as stderr:
        child = subprocess.Popen(
            [*flask, "--format", fmt], cwd=REPO, env=env, stdout=stdout, stderr=stderr
        )
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed: {err.read_text()[-2000:]}")
    lines = out.read_text().strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--file", type=Path, help="import this file instead (once)")
    parser.add_argument("--format", default="json")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    jobs: list[tuple[str, Path, int | None]] = []
    if args.file:
        jobs.append((args.file.stem, args.file, None))
    else:
        for n in (int(s) for s in args.sizes.split(",")):
            path = OUT / f"import-{n}.json"
            path.write_text(json.dumps(synthetic(n)), encoding="utf-8")
            jobs.append((str(n), path, n))
    first: tuple[int, float] | None = None
    for tag, path, n in jobs:
        url = fresh_database(args.db, tag)
        prof = OUT / f"import-{tag}.prof" if args.profile else None
        # Peak RSS of children is a maximum over all of them: each size in its own process.
        seconds, cpu, rss, report = run_import(url, path, args.format, prof)
        line = (
            f"{tag:>8} rows  {seconds:7.1f} s (CPU {cpu:6.1f} s)  peak RSS {rss:5.0f} MB  {args.db}"
        )
        if n is not None and n in BASELINE and args.db == "sqlite":
            line += f"  baseline {BASELINE[n]:.0f} s: {seconds / BASELINE[n]:.2f}x"
        if n is not None and first is not None:
            rows, secs = first
            line += f"  vs {rows}: {n / rows:.0f}x rows, {seconds / secs:.1f}x time"
        elif n is not None:
            first = (n, seconds)
        print(line, flush=True)
        print(f"          {report[:300]}", flush=True)


if __name__ == "__main__":
    main()
