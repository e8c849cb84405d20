"""Reads while a maintainer writes (issue #18): readers at full speed on distinct URLs, one
`PATCH` with `If-Match` every few seconds, or a bulk `flask import`, compared with the same
readers and no writes.

    python bench/mixed.py [--size small] [--quiet 20] [--writes 20] [--every 5] [--redis URL]
                          [--import-rows 10000]

On a copy of the size's dataset (bench/gen.py), one gunicorn (bench/gunicorn_bench.py: 2
gthread workers) serving bench.app, warmed first. Each phase runs wrk on never-seen
lookups (bench/lua/rotate.lua, run.py's cache-miss list) and a probe thread making one
never-seen lookup after another: `--quiet` seconds without writes; then (unless
`--writes 0`) `--writes` writes `--every` seconds apart, each a GET of an outlet's record
(its ETag) and a PATCH of its description with If-Match; then, with `--import-rows N`, a
`flask import` (another process, on the database file the server serves) of
bench/import_scale.py's synthetic dataset of N outlets, every slug and host prefixed
`bulk-`, the readers running until the import has ended and every worker finds one of its
outlets, and at least `--quiet` seconds. It reports, per phase, wrk's req/s, p50 and p99,
the probe's longest wait between two completed lookups and its one-second windows without
one; per write, the PATCH's time and how long until lookups on every worker (bench.app's
X-Bench-Pid header) showed it; for the import, its wall time and exit code, how long after
its commit (the `data_version` row moving, watched in the file) lookups on every worker
found an imported outlet, and its readers' p99 and req/s against the reads alone; and each
worker's RSS and private memory (MB) fresh (warmed), after the reads alone (caches filled)
and after each later phase, into bench/out/mixed-<size>[-redis].json. Bounded: each phase
lasts its seconds, the import at most IMPORT_WITHIN, each visibility wait at most
VISIBLE_WITHIN.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
import import_scale  # noqa: E402
import run  # noqa: E402

VISIBLE_WITHIN = 30.0
IMPORT_VISIBLE_WITHIN = 300.0  # an import is read as a whole new read model (or store file)
IMPORT_NICE = 0  # --import-nice
IMPORT_IDLE = False  # --import-idle
IMPORT_WITHIN = 900.0  # a bulk import still running then is stopped (exit code None)
# gen.py's slugs are a host with dashes (`kavonews-com`) or `e-<n>-<word>`, its hosts end in
# one of gen.TLDS: none starts with this, so the import only adds records.
BULK = "bulk-"
IMPORT_ROWS_PER_S = 100  # a guess at the import's speed, only to size the URL lists


def memory_mb(pid: int) -> tuple[float, float, float]:
    """(RSS, private, anonymous) of a process in MB (run.worker_memory_mb)."""
    mem = run.worker_memory_mb(pid)
    return mem["rss"], mem["private"], mem["anonymous"]


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
        self.done: list[float] = []  # when each lookup completed
        self.took: list[float] = []  # and how long it took (seconds)
        self.stop = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection(run.HOST, self.port, timeout=60)
        for path in self.paths:
            if self.stop.is_set():
                break
            asked = time.monotonic()
            conn.request("GET", path)
            conn.getresponse().read()
            self.done.append(time.monotonic())
            self.took.append(self.done[-1] - asked)
        conn.close()

    def figures(self, start: float, end: float) -> dict[str, Any]:
        times = [start, *[t for t in self.done if start <= t <= end], end]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        seconds = int(end - start)
        busy = {int(t - start) for t in self.done if start <= t < start + seconds}
        took = sorted(d for t, d in zip(self.done, self.took, strict=True) if start <= t <= end)
        return {
            "probe_lookups": len(times) - 2,
            "longest_gap_s": round(max(gaps), 3),
            "empty_seconds": seconds - len(busy),
            # The probe's own lookups (one at a time, beside wrk's): p50, p99 and max, ms.
            "probe_ms": [round(_quantile(took, q) * 1000, 1) for q in (0.5, 0.99, 1.0)],
        }


def _quantile(values: list[float], q: float) -> float:
    """The `q` quantile of sorted `values` (nearest rank; 0.0 when there are none)."""
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def visible_everywhere(
    port: int,
    host: str,
    tag: str,
    workers: set[int],
    shows: Callable[[dict], bool],
    since: float,
    within: float = VISIBLE_WITHIN,
) -> float | None:
    """Seconds from `since` until lookups of never-seen pages on `host` answered, on every
    worker (X-Bench-Pid), with an outlet that `shows` accepts; None if not `within` seconds."""
    seen: dict[int, float] = {}
    k = 0
    while set(seen) < workers and time.monotonic() - since < within:
        k += 1
        url = quote(f"https://{host}/bench-visible/{tag}/{k}", safe="")
        _, h, doc = request(port, "GET", f"/api/v1/lookup?url={url}")
        pid = int(h.get("x-bench-pid", 0))
        if shows(json.loads(doc).get("outlet") or {}) and pid not in seen:
            seen[pid] = time.monotonic() - since
        time.sleep(0.01)
    return round(max(seen.values()), 3) if set(seen) >= workers else None


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
    visible = visible_everywhere(
        port, host, str(i), workers, lambda o: o.get("description") == text, committed
    )
    return {"patch_s": round(committed - started, 3), "visible_s": visible}


def bulk_dataset(n: int, path: Path) -> tuple[str, str]:
    """Write import_scale's synthetic dataset of `n` outlets (one domain and one cited owner
    each) to `path`, every slug, host and name prefixed so that nothing in the bench's
    dataset is touched; (slug, host) of its last outlet."""
    data = import_scale.synthetic(n)
    for entity in data["entities"]:
        entity["slug"], entity["name"] = BULK + entity["slug"], "Bulk " + entity["name"]
    for outlet in data["outlets"]:
        outlet["slug"], outlet["name"] = BULK + outlet["slug"], "Bulk " + outlet["name"]
        for domain in outlet["domains"]:
            domain["host"] = BULK + domain["host"]
        for relation in outlet["relations"]:
            relation["object"] = BULK + relation["object"]
    path.write_text(json.dumps(data), encoding="utf-8")
    last = data["outlets"][-1]
    return last["slug"], last["domains"][0]["host"]


def start_import(env: dict[str, str], path: Path, log: Path) -> subprocess.Popen:
    """`flask import` of `path` in a child process with the server's environment (its
    database, and its Redis channel if any), its output into `log`."""
    env = {**os.environ, **env, "MASTHEAD_DB_STATEMENT_TIMEOUT": "0"}
    cmd = [sys.executable, "-m", "flask", "--app", "server", "import", str(path)]
    if IMPORT_NICE:  # below the server's CPU priority, as docs/operations.md suggests
        cmd = ["nice", "-n", str(IMPORT_NICE), *cmd]
    if IMPORT_IDLE:  # only when the CPUs would otherwise idle (SCHED_IDLE)
        cmd = ["chrt", "--idle", "0", *cmd]
    with log.open("w") as out:
        return subprocess.Popen(
            [*cmd, "--format", "json"], cwd=run.REPO, env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT version FROM data_version WHERE id = 1").fetchone()[0])


def commit_seen(db: Path, child: subprocess.Popen, deadline: float) -> float | None:
    """time.monotonic() when the data version in `db` moved (the import's commit, seen
    within 20 ms), or None when the child ended or `deadline` passed first."""
    conn = sqlite3.connect(db)
    try:
        first = data_version(conn)
        while child.poll() is None and time.monotonic() < deadline:
            if data_version(conn) != first:
                return time.monotonic()
            time.sleep(0.02)
        return time.monotonic() if data_version(conn) != first else None
    finally:
        conn.close()


def finish_import(child: subprocess.Popen, deadline: float) -> int | None:
    """The child's exit code; None when it had to be stopped at `deadline`."""
    try:
        return child.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        return None


@dataclass
class BulkImport:
    """The import phase's writer: the import; from its commit (the data version moving),
    how long until lookups on every worker found its last outlet; it sets `stop` (the
    readers' end) once the import has ended, that is known and at least `seconds` passed."""

    port: int
    env: dict[str, str]
    db: Path
    path: Path
    outlet: tuple[str, str]  # (slug, host)
    workers: set[int]
    seconds: float
    log: Path
    stop: threading.Event = field(default_factory=threading.Event)
    result: dict[str, Any] = field(default_factory=dict)
    committed: float | None = None  # time.monotonic() of the import's commit

    def __call__(self) -> None:
        began = time.monotonic()
        try:
            child = start_import(self.env, self.path, self.log)
            self.committed = commit_seen(self.db, child, began + IMPORT_WITHIN)
            visible = self.visible() if self.committed is not None else None
            code = finish_import(child, began + IMPORT_WITHIN)
            ended = time.monotonic()
            lines = self.log.read_text().strip().splitlines()
            self.result = {
                "import_wall_s": round(ended - began, 1),
                "import_exit_code": code,
                "import_exit_after_commit_s": (
                    None if self.committed is None else round(ended - self.committed, 3)
                ),
                "import_output": lines[-1][:300] if lines else "",
                "visible_s": visible,
            }
            time.sleep(max(0.0, began + self.seconds - time.monotonic()))
        finally:
            self.stop.set()

    def visible(self) -> float | None:
        """Seconds after the commit until every worker's lookups find its last outlet."""
        slug, host = self.outlet

        def shows(outlet: dict) -> bool:
            return outlet.get("slug") == slug

        assert self.committed is not None
        return visible_everywhere(
            self.port, host, "bulk", self.workers, shows, self.committed, IMPORT_VISIBLE_WITHIN
        )


@dataclass
class Bench:
    """The server under test, its warm workers and where the readers' lists have got to."""

    wrk_bin: str
    port: int
    files: dict[str, Any]
    probes: list[list[str]]  # never-seen lookups for each phase's probe, used in turn
    pids: set[int] = field(default_factory=set)
    start: int = 0
    probe: Probe | None = None  # the last phase's, and its window (began, ended)
    window: tuple[float, float] = (0.0, 0.0)

    def phase(
        self,
        seconds: float,
        writer: Callable[[], None] | None = None,
        stop: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Readers for `seconds` (at most, with `stop`: until it is set) while `writer` runs
        in a thread: wrk's figures and the probe's."""
        busy = run.cpu_busy()  # other work on the machine, just before
        probe = Probe(self.port, self.probes.pop(0))
        began = time.monotonic()
        probe.start()
        thread = threading.Thread(target=writer, daemon=True) if writer else None
        if thread:
            thread.start()
        r = run.wrk(
            self.wrk_bin, self.port, self.files["cold"], seconds, start=self.start, stop=stop
        )
        self.start = r["next_start"]
        if thread:
            thread.join(timeout=VISIBLE_WITHIN + 10)
        ended = time.monotonic()
        probe.stop.set()
        probe.join(timeout=30)
        self.probe, self.window = probe, (began, ended)
        return {
            "seconds": round(ended - began, 1),
            "rps": round(r["rps"]),
            "p50_ms": round(r["p50_us"] / 1000, 2),
            "p99_ms": round(r["p99_us"] / 1000, 2),
            "max_ms": round(r["max_us"] / 1000, 1),
            "errors": r["errors"],
            "wraps": r["wraps"],
            "next_start": r["next_start"],
            "cpu_busy_before": round(busy, 2),
            **probe.figures(began, ended),
        }

    def after(self, name: str) -> tuple[dict[int, tuple[float, float]], dict[int, dict]]:
        """Each worker's memory, and its counters (GC pauses of the phase `name`, reset)."""
        memory = {pid: memory_mb(pid) for pid in self.pids}
        return memory, run.worker_stats(self.port, reset_gc=name)


def against(phase: dict[str, Any], quiet: dict[str, Any]) -> dict[str, float]:
    return {
        "throughput_ratio": round(phase["rps"] / quiet["rps"], 3),
        "p99_ratio": round(phase["p99_ms"] / quiet["p99_ms"], 3),
    }


def writes_phase(bench: Bench, args: argparse.Namespace, token: str) -> dict[str, Any]:
    """Readers while `--writes` PATCHes run `--every` seconds apart: the figures, per write
    and summed up."""
    picked = targets(Path(args.db), args.writes)
    writes: list[dict[str, Any]] = []

    def writer() -> None:
        t0 = time.monotonic()
        for i, (slug, host) in enumerate(picked):
            time.sleep(max(0.0, t0 + i * args.every - time.monotonic()))
            writes.append(write_and_watch(bench.port, token, slug, host, i, bench.pids))

    mixed = bench.phase(args.writes * args.every, writer)
    print(f"  with writes: {mixed}", flush=True)
    visible = [w["visible_s"] for w in writes]
    return {
        "writes_phase": mixed,
        "writes": writes,
        "visible_max_s": None if None in visible else max(visible),  # type: ignore[type-var]
        "visible_median_s": None if None in visible else statistics.median(visible),  # type: ignore[type-var]
        "patch_max_s": max(w["patch_s"] for w in writes),
    }


def import_phase(bench: Bench, args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Readers while `flask import` adds `--import-rows` outlets: the readers' figures, the
    import's wall time, exit code and visibility."""
    path = run.OUT / f"{args.name}-import-{args.import_rows}.json"
    outlet = bulk_dataset(args.import_rows, path)
    log = run.OUT / f"{args.name}-import.log"
    job = BulkImport(bench.port, env, args.db, path, outlet, bench.pids, args.quiet, log)
    limit = args.quiet + IMPORT_WITHIN + IMPORT_VISIBLE_WITHIN
    figures = bench.phase(limit, job, job.stop)
    if not job.result:
        raise RuntimeError("the bulk import's thread failed (its traceback is above)")
    assert bench.probe is not None
    began, ended = bench.window
    if job.committed:  # the probe before the commit (the import writing), from the commit
        # until every worker showed it (the workers' updates), and after that
        figures["probe_before_commit"] = bench.probe.figures(began, job.committed)
        figures["probe_after_commit"] = bench.probe.figures(job.committed, ended)
        seen = job.committed + (job.result.get("visible_s") or 0.0)
        if job.result.get("visible_s"):
            figures["probe_until_visible"] = bench.probe.figures(job.committed, seen)
            figures["probe_after_visible"] = bench.probe.figures(seen, ended)
    return {"rows": args.import_rows, **figures, **job.result}


def summary(result: dict[str, Any]) -> list[str]:
    """The printed lines beyond the JSON: per write, and the import's headline."""
    lines = []
    if result["writes"]:
        pairs = [(w["patch_s"], w["visible_s"]) for w in result["writes"]]
        lines.append(f"  per write (patch s, visible s): {pairs}")
    for pid, mem in result["memory_mb"].items():
        steps = " -> ".join(f"{when} {m[1]:.0f}/{m[2]:.0f}" for when, m in mem.items())
        lines.append(f"  worker {pid} private/anonymous MB: {steps}")
    lines.append(f"  workers warm in {result['warm_s']:.1f} s after the server listened")
    bulk = result.get("import_phase")
    if bulk:
        lines.append(
            f"  bulk import of {bulk['rows']} outlets: {bulk['import_wall_s']} s, exit"
            f" {bulk['import_exit_code']}; on every worker {bulk['visible_s']} s after its"
            f" commit; readers {bulk['rps']} req/s ({bulk['throughput_ratio']}x reads alone),"
            f" p50 {bulk['p50_ms']} ms, p99 {bulk['p99_ms']} ms ({bulk['p99_ratio']}x); probe's"
            f" longest gap {bulk['longest_gap_s']} s, {bulk['empty_seconds']} empty seconds"
        )
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small", choices=sorted(gen.SIZES))
    parser.add_argument("--quiet", type=float, default=20, help="seconds of reads alone")
    parser.add_argument("--writes", type=int, default=20, help="0: no writes phase")
    parser.add_argument("--every", type=float, default=5, help="seconds between writes")
    parser.add_argument("--redis", default="", help="MASTHEAD_REDIS_URL for the server")
    parser.add_argument(
        "--import-rows", type=int, default=0, help="outlets of a bulk import (0: none)"
    )
    parser.add_argument(
        "--import-nice",
        type=int,
        default=0,
        help="run the bulk import under `nice -n N` (0: at the server's priority)",
    )
    parser.add_argument(
        "--import-idle",
        action="store_true",
        help="run the bulk import under `chrt --idle 0` (Linux's SCHED_IDLE)",
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="serve from the read store (MASTHEAD_READ_STORE_DIR, written at start)",
    )
    parser.add_argument(
        "--store-dir",
        default="",
        help="with --store: this directory, kept (e.g. one `flask read-store build` wrote "
        "for the dataset), instead of a new one",
    )
    return parser.parse_args()


def scratch_copy(source: Path, name: str) -> Path:
    """A fresh copy of the dataset, which the writes and the import change."""
    db = run.OUT / f"{name}.sqlite3"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):  # a last run's journal too
        stale.unlink(missing_ok=True)
    shutil.copyfile(source, db)
    return db


def server_env(url: str, redis: str, store: Path | None = None) -> dict[str, str]:
    env = {"MASTHEAD_DATABASE_URL": url, "MASTHEAD_RATELIMIT_STORAGE_URI": "memory://"}
    if store is not None:
        env["MASTHEAD_READ_STORE_DIR"] = str(store)
    if redis:
        env["MASTHEAD_REDIS_URL"] = redis
        env["MASTHEAD_DATA_VERSION_CHANNEL"] = f"masthead-bench:{uuid.uuid4().hex}"
    return env


def phases(
    bench: Bench, args: argparse.Namespace, token: str, env: dict[str, str]
) -> dict[str, Any]:
    """Warm-up, then each phase in turn, with each worker's memory and counters after it."""
    started = time.monotonic()
    bench.pids = set(run.worker_stats(bench.port, warm=True))
    run.worker_stats(bench.port, reset_gc="warm")  # warm-up's not counted
    warm_s = time.monotonic() - started
    print(f"  workers warm in {warm_s:.1f} s", flush=True)
    memory = {"fresh": {pid: memory_mb(pid) for pid in bench.pids}}
    quiet = bench.phase(args.quiet)
    print(f"  reads alone: {quiet}", flush=True)
    memory["after_reads"], stats = bench.after("quiet")
    gc = {"quiet": stats}
    result: dict[str, Any] = {
        "warm_s": warm_s,
        "quiet": quiet,
        "writes_phase": None,
        "writes": [],
    }
    if args.writes:
        result.update(writes_phase(bench, args, token))
        result.update(against(result["writes_phase"], quiet))
        memory["after_writes"], gc["writes"] = bench.after("writes")
    if args.import_rows:
        bulk = import_phase(bench, args, env)
        result["import_phase"] = {**bulk, **against(bulk, quiet)}
        print(f"  with a bulk import: {result['import_phase']}", flush=True)
        memory["after_import"], gc["import"] = bench.after("import")
    final = gc[list(gc)[-1]]
    return {
        **result,
        "memory_mb": {
            str(pid): {when: memory[when][pid] for when in memory} for pid in sorted(bench.pids)
        },
        "versions": {str(p): s["version"] for p, s in final.items()},
        "builds": {str(p): s.get("builds") for p, s in final.items()},
        # Per phase, worker and GC generation: [collections, total ms, longest ms, total
        # CPU ms, longest in CPU ms] (bench/app.py).
        "gc_pauses": {
            when: {str(p): s.get("gc") for p, s in st.items()} for when, st in gc.items()
        },
        "records": {str(p): s.get("records") for p, s in final.items()},
    }


def main() -> None:
    args = parse_args()
    global IMPORT_NICE, IMPORT_IDLE
    IMPORT_NICE, IMPORT_IDLE = args.import_nice, args.import_idle
    wrk_bin = run.ensure_tools(False)
    source, plan = gen.ensure(args.size)
    args.name = f"mixed-{args.size}" + ("-redis" if args.redis else "")
    args.name += "-store" if args.store else ""
    args.db = scratch_copy(source, args.name)
    url = f"sqlite:///{args.db}"
    token = make_token(url) if args.writes else ""
    bulk_s = max(args.quiet, args.import_rows / IMPORT_ROWS_PER_S) if args.import_rows else 0
    total = args.quiet + args.writes * args.every + bulk_s
    files = run.make_lists(args.size, source, plan, total * 0.6, 1, "mixed")
    lookups = Path(files["cold_articles"]).read_text().splitlines()
    third = len(lookups) // 3
    probes = [lookups[:third], lookups[third : 2 * third], lookups[2 * third :]]
    store = None
    if args.store and args.store_dir:
        store = Path(args.store_dir)
    elif args.store:  # a new directory: the first worker writes the file at start
        store = run.OUT / f"store-{args.name}"
        shutil.rmtree(store, ignore_errors=True)
    env = server_env(url, args.redis, store)
    server = run.Server("bench.app:create_app()", env, run.OUT / f"{args.name}.log")
    try:
        bench = Bench(wrk_bin, server.port, files, probes)
        result = {
            "size": args.size,
            "redis": bool(args.redis),
            "store": bool(args.store),
            **phases(bench, args, token, env),
        }
    finally:
        server.stop()
    out = run.OUT / f"{args.name}.json"
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "writes"}, indent=1))
    for line in summary(result):
        print(line)
    print(f"  written to {out}")


if __name__ == "__main__":
    main()
