"""Reads while a maintainer writes (issue #18): readers at full speed on distinct URLs, one
`PATCH` with `If-Match` every few seconds, compared with the same readers and no writes.

    python bench/mixed.py [--size small] [--quiet 20] [--writes 20] [--every 5] [--redis URL]

On a copy of the size's dataset (bench/gen.py), one gunicorn (bench/gunicorn_bench.py: 2
gthread workers) serving bench.app, warmed first. Two phases, each with wrk on never-seen
lookups (bench/lua/rotate.lua, run.py's cache-miss list) and a probe thread making one
never-seen lookup after another: `--quiet` seconds without writes, then `--writes` writes
`--every` seconds apart, each a GET of an outlet's record (its ETag) and a PATCH of its
description with If-Match. It reports, per phase, wrk's req/s, p50 and p99, the probe's
longest wait between two completed lookups and its one-second windows without one; per
write, the PATCH's time and how long until lookups on every worker (bench.app's
X-Bench-Pid header) showed it; and each worker's RSS and private memory (MB) fresh (warmed),
after the reads alone (caches filled) and after the writes, into
bench/out/mixed-<size>[-redis].json. Bounded: each phase lasts its seconds, each visibility
wait at most 30 s.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import shutil
import sqlite3
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
import run  # noqa: E402

VISIBLE_WITHIN = 30.0


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, private) of a process in MB, from /proc/<pid>/smaps_rollup."""
    rss = private = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name == "Rss":
            rss = int(rest.split()[0])
        elif name in ("Private_Clean", "Private_Dirty"):
            private += int(rest.split()[0])
    return rss / 1024, private / 1024


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    return run.http_get(port, path, headers=headers, method=method, body=body)


def make_token(url: str) -> str:
    """An editor's API token, made with the service's own accounts code."""
    from server import create_app, db
    from server.accounts import get_or_create_user, issue_token

    app = create_app({"DATABASE_URL": url, "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        session = db.session()
        user = get_or_create_user(session, "bench-editor", "editor")
        token, _ = issue_token(session, user, name="bench")
        session.commit()
        db.engine().dispose()
    return token


def targets(db: Path, n: int) -> list[tuple[str, str]]:
    """(slug, primary host) of `n` outlets drawn at random."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT o.slug, r.host FROM outlets o JOIN domain_rules r ON r.outlet_id = o.id"
        " WHERE r.role = 'primary' AND r.path_prefix = ''"
    ).fetchall()
    conn.close()
    return random.Random(7).sample(rows, n)


class Probe(threading.Thread):
    """One never-seen lookup after another, recording when each completed."""

    def __init__(self, port: int, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.port, self.paths = port, paths
        self.done: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection(run.HOST, self.port, timeout=60)
        for path in self.paths:
            if self.stop.is_set():
                break
            conn.request("GET", path)
            conn.getresponse().read()
            self.done.append(time.monotonic())
        conn.close()

    def figures(self, start: float, end: float) -> dict[str, Any]:
        times = [start, *[t for t in self.done if start <= t <= end], end]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        seconds = int(end - start)
        busy = {int(t - start) for t in self.done if start <= t < start + seconds}
        return {
            "probe_lookups": len(times) - 2,
            "longest_gap_s": round(max(gaps), 3),
            "empty_seconds": seconds - len(busy),
        }


def write_and_watch(
    port: int, token: str, slug: str, host: str, i: int, workers: set[int]
) -> dict[str, Any]:
    """PATCH one outlet's description, then how long until every worker's lookups show it."""
    auth = {"Authorization": f"Bearer {token}"}
    _, headers, _ = request(port, "GET", f"/api/v1/outlets/{slug}", headers=auth)
    text = f"bench write {i} {uuid.uuid4().hex[:8]}"
    body = json.dumps({"description": text}).encode()
    started = time.monotonic()
    status, _, answer = request(
        port,
        "PATCH",
        f"/api/v1/outlets/{slug}",
        body,
        {**auth, "If-Match": headers["etag"], "Content-Type": "application/json"},
    )
    committed = time.monotonic()
    if status != 200:
        raise RuntimeError(f"PATCH {slug}: {status} {answer[:200]!r}")
    seen: dict[int, float] = {}
    k = 0
    while set(seen) < workers and time.monotonic() - committed < VISIBLE_WITHIN:
        k += 1
        url = quote(f"https://{host}/bench-visible/{i}/{k}", safe="")
        _, h, doc = request(port, "GET", f"/api/v1/lookup?url={url}")
        pid = int(h.get("x-bench-pid", 0))
        outlet = json.loads(doc).get("outlet") or {}
        if outlet.get("description") == text and pid not in seen:
            seen[pid] = time.monotonic() - committed
        time.sleep(0.01)
    return {
        "patch_s": round(committed - started, 3),
        "visible_s": round(max(seen.values()), 3) if set(seen) >= workers else None,
    }


def phase(
    wrk_bin: str,
    port: int,
    files: dict[str, Any],
    seconds: float,
    start: int,
    probe_paths: list[str],
    writer: Any = None,
) -> dict[str, Any]:
    busy = run.cpu_busy()  # other work on the machine, just before
    probe = Probe(port, probe_paths)
    began = time.monotonic()
    probe.start()
    thread = threading.Thread(target=writer, daemon=True) if writer else None
    if thread:
        thread.start()
    r = run.wrk(wrk_bin, port, files["cold"], seconds, start=start)
    if thread:
        thread.join(timeout=VISIBLE_WITHIN + 10)
    ended = time.monotonic()
    probe.stop.set()
    probe.join(timeout=30)
    return {
        "rps": round(r["rps"]),
        "p50_ms": round(r["p50_us"] / 1000, 2),
        "p99_ms": round(r["p99_us"] / 1000, 2),
        "max_ms": round(r["max_us"] / 1000, 1),
        "errors": r["errors"],
        "next_start": r["next_start"],
        "cpu_busy_before": round(busy, 2),
        **probe.figures(began, ended),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small", choices=sorted(gen.SIZES))
    parser.add_argument("--quiet", type=float, default=20, help="seconds of reads alone")
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--every", type=float, default=5, help="seconds between writes")
    parser.add_argument("--redis", default="", help="MASTHEAD_REDIS_URL for the server")
    args = parser.parse_args()
    wrk_bin = run.ensure_tools(False)
    source, plan = gen.ensure(args.size)
    name = f"mixed-{args.size}" + ("-redis" if args.redis else "")
    db = run.OUT / f"{name}.sqlite3"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):  # a last run's journal too
        stale.unlink(missing_ok=True)
    shutil.copyfile(source, db)  # the writes change it
    url = f"sqlite:///{db}"
    token = make_token(url)
    picked = targets(db, args.writes)
    write_seconds = args.writes * args.every
    total = args.quiet + write_seconds
    files = run.make_lists(args.size, source, plan, total * 0.6, 1, "mixed")
    probe_paths = Path(files["cold_articles"]).read_text().splitlines()
    env = {"MASTHEAD_DATABASE_URL": url, "MASTHEAD_RATELIMIT_STORAGE_URI": "memory://"}
    if args.redis:
        env["MASTHEAD_REDIS_URL"] = args.redis
        env["MASTHEAD_DATA_VERSION_CHANNEL"] = f"masthead-bench:{uuid.uuid4().hex}"
    server = run.Server("bench.app:create_app()", env, run.OUT / f"{name}.log")
    try:
        started = time.monotonic()
        stats = run.worker_stats(server.port, warm=True)
        run.worker_stats(server.port, reset_gc="warm")  # warm-up's not counted
        print(f"  workers warm in {time.monotonic() - started:.1f} s", flush=True)
        pids = set(stats)
        fresh = {pid: memory_mb(pid) for pid in pids}
        half = len(probe_paths) // 2
        quiet = phase(wrk_bin, server.port, files, args.quiet, 0, probe_paths[:half])
        print(f"  reads alone: {quiet}", flush=True)
        read = {pid: memory_mb(pid) for pid in pids}
        read_stats = run.worker_stats(server.port, reset_gc="quiet")
        writes: list[dict[str, Any]] = []

        def writer() -> None:
            t0 = time.monotonic()
            for i, (slug, host) in enumerate(picked):
                time.sleep(max(0.0, t0 + i * args.every - time.monotonic()))
                writes.append(write_and_watch(server.port, token, slug, host, i, pids))

        mixed = phase(
            wrk_bin, server.port, files, write_seconds, quiet["next_start"], probe_paths[half:],
            writer,
        )  # fmt: skip
        print(f"  with writes: {mixed}", flush=True)
        after = {pid: memory_mb(pid) for pid in pids}
        final = run.worker_stats(server.port, reset_gc="writes")
    finally:
        server.stop()
    visible = [w["visible_s"] for w in writes]
    result = {
        "size": args.size,
        "redis": bool(args.redis),
        "quiet": quiet,
        "writes_phase": mixed,
        "writes": writes,
        "throughput_ratio": round(mixed["rps"] / quiet["rps"], 3),
        "p99_ratio": round(mixed["p99_ms"] / quiet["p99_ms"], 3),
        "visible_max_s": None if None in visible else max(visible),  # type: ignore[type-var]
        "visible_median_s": None if None in visible else statistics.median(visible),  # type: ignore[type-var]
        "patch_max_s": max(w["patch_s"] for w in writes),
        "memory_mb": {
            str(pid): {"fresh": fresh[pid], "after_reads": read[pid], "after_writes": after[pid]}
            for pid in sorted(pids)
        },
        "versions": {str(p): s["version"] for p, s in final.items()},
        "builds": {str(p): s.get("builds") for p, s in final.items()},
        # Per phase, worker and GC generation: [collections, total ms, longest ms, total
        # CPU ms, longest in CPU ms] (bench/app.py).
        "gc_pauses": {
            "quiet": {str(p): s.get("gc") for p, s in read_stats.items()},
            "writes": {str(p): s.get("gc") for p, s in final.items()},
        },
        "records": {str(p): s.get("records") for p, s in final.items()},
    }
    out = run.OUT / f"{name}.json"
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "writes"}, indent=1))
    print(f"  per write (patch s, visible s): {[(w['patch_s'], w['visible_s']) for w in writes]}")
    print(f"  written to {out}")


if __name__ == "__main__":
    main()
