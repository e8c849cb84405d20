"""Masthead read-path benchmark: prints throughput/latency ratios against a bare Flask app.

    python bench/run.py [--sizes small,large] [--duration 3] [--rounds 3] [--profile]

For each dataset size (see bench/gen.py; cached under bench/out/) it checks the fast read
path against the plain SQL path (bench/verify.py), then starts two gunicorn servers with
the same configuration (bench/gunicorn_bench.py: the repository's gunicorn.conf.py with 2
gthread workers and no access log): Masthead (`bench.app:create_app()`: the service's own
app plus SQL counters, on the generated SQLite file) and the bare app (bench/bare_app.py).
All sizes' servers run at once. It drives them with wrk on 127.0.0.1 (bench/lua/rotate.lua
rotates through pre-generated URL lists, so a cache-miss run never repeats a URL) in
rounds, the sizes' rounds interleaved; within a round each run compared with the bare app
sits between two bare runs and is divided by their mean, and a latency ratio between sizes
compares the two sizes' runs of one round.
It prints the median round's figures and the targets with PASS/FAIL. Everything it
measures is bounded: each wrk run lasts --duration seconds.

SQL statements are counted by the server itself (bench/app.py): each worker serves its pid
and counters at /_bench/stats.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

HOST = "127.0.0.1"
WRK_THREADS, WRK_CONNECTIONS = 2, 16
WORKERS = 2
STAMPEDE = 64


# --------------------------------------------------------------------------- setup


def ensure_tools(profile: bool) -> str:
    subprocess.run(
        "command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)",
        shell=True,
        check=True,
    )
    if profile:
        try:
            import pyinstrument  # noqa: F401
        except ImportError:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "-r",
                    str(HERE / "requirements.txt"),
                ],
                check=False,
            )
    return shutil.which("wrk") or "wrk"


def cpu_busy(seconds: float = 1.0) -> float:
    """Fraction of all CPUs busy over `seconds` (from /proc/stat)."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def wait_for_quiet(limit: float = 0.25, patience: float = 90) -> float:
    """Wait (up to `patience` s) until other processes leave the CPUs mostly idle.

    On a shared 2-CPU machine a test run elsewhere would otherwise decide the ratios.
    Returns the last busy fraction seen (recorded with the results).
    """
    deadline = time.monotonic() + patience
    busy = cpu_busy()
    while busy > limit and time.monotonic() < deadline:
        print(f"    (CPUs {busy:.0%} busy with other work; waiting)", flush=True)
        time.sleep(4)
        busy = cpu_busy()
    return busy


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """A gunicorn process group on 127.0.0.1, stopped by its own pid."""

    def __init__(self, app: str, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        full_env = {
            **os.environ,
            "MASTHEAD_BIND": f"{HOST}:{self.port}",
            "MASTHEAD_WORKERS": str(WORKERS),
            "PYTHONPATH": str(REPO),
            **env,
        }
        self.log = open(log, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(HERE / "gunicorn_bench.py"), app],
            cwd=str(REPO),
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start; see {log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def http_get(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: bytes | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def worker_stats(
    port: int, *, warm: bool = False, want: int = WORKERS, reset_gc: str = ""
) -> dict[int, dict]:
    """Counters of every worker (new connections until each pid has answered)."""
    seen: dict[int, dict] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + 300

    def ask() -> None:
        while time.monotonic() < deadline:
            with lock:
                if len(seen) >= want:
                    return
            query = "&".join(
                q for q, on in (("warm=1", warm), (f"reset_gc={reset_gc}", reset_gc)) if on
            )
            _, _, body = http_get(port, "/_bench/stats" + (f"?{query}" if query else ""))
            data = json.loads(body)
            with lock:
                seen.setdefault(data["pid"], data)

    # Several concurrent askers, so that busy workers do not starve the other one.
    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if len(seen) < want:
        raise RuntimeError(f"only {len(seen)} of {want} workers answered")
    return seen


CLK_TCK = os.sysconf("SC_CLK_TCK")
NOISE_LIMIT = 0.10  # a run during which other processes used more CPU than this is redone
RETRIES = 2


def _proc_jiffies(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


class CpuMeter:
    """How much CPU processes other than ours (servers, wrk) used during a run."""

    def __init__(self, servers: list[Server]) -> None:
        self.pids = [p for srv in servers for p in [srv.proc.pid, *_children(srv.proc.pid)]]

    def _snapshot(self) -> tuple[int, int, float]:
        # user nice system idle iowait irq softirq steal ...: irq and softirq are left out,
        # as the kernel's loopback network work for our own requests lands there (no process
        # is charged for it); steal (another VM on the host) counts as other work.
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        busy = f[0] + f[1] + f[2] + (f[7] if len(f) > 7 else 0)
        ours = sum(_proc_jiffies(p) for p in self.pids)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return busy, ours, usage.ru_utime + usage.ru_stime

    def start(self) -> None:
        self._t0 = time.monotonic()
        self._s0 = self._snapshot()

    def others(self) -> float:
        """Fraction of the machine's CPU capacity used by other processes since start()."""
        busy1, ours1, children1 = self._snapshot()
        busy0, ours0, children0 = self._s0
        capacity = (time.monotonic() - self._t0) * CLK_TCK * (os.cpu_count() or 1)
        ours = (ours1 - ours0) + (children1 - children0) * CLK_TCK
        return max(0.0, (busy1 - busy0 - ours) / max(1.0, capacity))


def connection_spread(port: int) -> list[int] | None:
    """Established connections to `port` per server process, as `ss` shows them.

    gunicorn workers share one listening socket, and with wrk's few keep-alive connections
    one worker sometimes accepts all of them while the other idles: the run then measures
    one worker instead of two (about a third of the throughput for the cheapest paths).
    Such runs are redone, for the bare app as for Masthead.
    """
    try:
        out = subprocess.run(
            ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    pids = re.findall(r"pid=(\d+)", out)
    return sorted(pids.count(p) for p in set(pids))


def wrk(
    wrk_bin: str,
    port: int,
    listfile: Path,
    duration: float,
    mode: str = "get",
    inm: str | None = None,
    connections: int = WRK_CONNECTIONS,
    meter: CpuMeter | None = None,
    start: int = 0,
    stop: threading.Event | None = None,
) -> dict:
    """One wrk run; with a meter, redone (further along the list, up to RETRIES times) when
    it was disturbed: other processes used more than NOISE_LIMIT of the CPUs during it, or
    one worker held every connection (see connection_spread). With `stop`, the run ends
    early when that event is set (`duration` is then an upper bound)."""
    best: dict | None = None
    for attempt in range(RETRIES + 1):
        args = [
            wrk_bin,
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{duration:g}s",
            "--timeout",
            "10s",
            "-s",
            str(HERE / "lua" / "rotate.lua"),
            f"http://{HOST}:{port}",
            "--",
            str(listfile),
            str(WRK_THREADS),
            mode,
            inm or "",
            str(start),
        ]
        if meter is not None:
            meter.start()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if stop is not None:
            threading.Thread(target=interrupt_on, args=(proc, stop), daemon=True).start()
        spread = None
        if meter is not None:
            time.sleep(min(1.0, duration * 0.4))
            spread = connection_spread(port)
        out, _ = proc.communicate()
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, args, out)
        line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
        r = json.loads(line[len("WRKJSON ") :])
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["others_cpu"] = meter.others() if meter is not None else None
        r["connections_per_worker"] = spread
        r["attempt"] = attempt
        errs = sum(r["errors"].values())
        r["ok"] = errs == 0
        if errs:
            print(f"    ! wrk errors: {r['errors']}", flush=True)
        # A cache-miss list must not be replayed: the next run goes on past this one.
        start += int(r["requests"] / WRK_THREADS * 1.2) + 100
        r["disturbed"] = meter is not None and (
            r["others_cpu"] > NOISE_LIMIT or (spread is not None and len(spread) < WORKERS)
        )
        if best is None or (best["disturbed"] and not r["disturbed"]):
            best = r
        if not r["disturbed"]:
            break
        why = (
            f"other processes used {r['others_cpu']:.0%} of the CPUs"
            if r["others_cpu"] > NOISE_LIMIT
            else f"all {connections} connections went to one worker"
        )
        print(f"    ({why}; again)", flush=True)
    assert best is not None
    best["next_start"] = start
    return best


def interrupt_on(proc: subprocess.Popen, stop: threading.Event) -> None:
    """SIGINT `proc` (wrk) once `stop` is set: wrk then stops its threads and reports what
    it did so far, as at the end of its duration."""
    while proc.poll() is None:
        if stop.wait(0.1):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
            return


# --------------------------------------------------------------------------- URL lists


def lookup_path(url: str) -> str:
    return "/api/v1/lookup?url=" + quote(url, safe="")


def rawify(url: str, i: int) -> str:
    """A browser-like spelling of a canonical URL (www., tracking parameters, fragments)."""
    host_path = url[len("https://") :]
    k = i % 4
    if k == 1:
        return f"https://www.{host_path}?utm_source=twitter&utm_medium=social"
    if k == 2:
        return f"http://{host_path}#comments"
    if k == 3:
        return f"https://{host_path}/?fbclid=IwAR{i}"
    return url


def make_lists(
    size: str, db: Path, plan: gen.Plan, duration: float, rounds: int, tag: str
) -> dict[str, Any]:
    """URL lists for wrk: the warm set, and long lists of never-seen cold singles and cold
    batches that successive runs consume one after the other."""
    rng = random.Random(1234)
    conn = sqlite3.connect(db)
    articles = [r[0] for r in conn.execute("SELECT canonical_url FROM articles")]
    conn.close()
    rng.shuffle(articles)
    n_out = len(plan.hosts)
    words = gen.SYLLABLES
    # Generous upper bounds on what the runs can consume; a run that still runs out says
    # so ("list ran out") rather than silently repeating.
    runs = rounds * 1.5  # each round's run, plus room for some noisy runs done again
    n_cold = int(5_000 * duration * runs)
    n_bodies = int(800 * duration * runs)
    warm_articles, stampede_urls, pool = articles[:64], articles[64:66], articles[66:]
    counter = iter(range(10**9))

    def page(i: int, ns: str) -> str:
        hosts = plan.article_hosts[rng.randrange(n_out)]
        return f"https://{hosts[i % len(hosts)]}/{ns}/{rng.choice(words)}{rng.choice(words)}-{i}"

    def article(i: int) -> str:
        """A distinct request for an article: once each, then with a distinct tracking
        parameter (a different raw URL for the same article: still a full cache miss)."""
        url = pool[i % len(pool)]
        return rawify(url, i) if i < len(pool) else f"{url}?utm_source=b{i}"

    channels = [
        f"https://{r['host']}{r['path_prefix']}/videos"
        for r in (gen.second_rule(i, h) for i, h in enumerate(plan.hosts))
        if r["path_prefix"]
    ]

    def batch() -> str:
        # Badges for the links of a page: pages on known outlets, platform channel URLs,
        # and (half) hosts Masthead knows nothing about; all never seen before.
        urls = []
        for j in range(100):
            i = next(counter)
            k = j % 10
            if k < 4:
                urls.append(rawify(page(i, "b"), i))
            elif k == 4:
                urls.append(rng.choice(channels) + f"?v={i}")
            else:
                urls.append(
                    f"https://{rng.choice(words)}{rng.choice(words)}{i}.example.org/post/{i}"
                )
        return json.dumps({"urls": urls})

    def write(name: str, lines: list[str]) -> Path:
        path = OUT / f"{tag}-{size}-{name}.txt"
        path.write_text("\n".join(lines) + "\n")
        return path

    files: dict[str, Any] = {
        "warm": write("warm", [lookup_path(rawify(a, i)) for i, a in enumerate(warm_articles)]),
        "batch_warm": write(
            "batch_warm", [json.dumps({"urls": [rawify(a, i) for i, a in enumerate(pool[:100])]})]
        ),
        "stampede_urls": stampede_urls,
    }
    # Cache-miss singles: a quarter article URLs (report links), the rest other pages on
    # known outlets (outlet record with ownership and labels, no article record). One list
    # per kind, consumed run after run (rounds and retries go on where the last run ended).
    cold = []
    for i in range(n_cold):
        cold.append(article(i // 4) if i % 4 == 0 else rawify(page(next(counter), "section"), i))
    files["cold"] = write("cold", [lookup_path(u) for u in cold])
    files["cold_articles"] = write(
        "cold-articles", [lookup_path(article(n_cold // 4 + i)) for i in range(n_cold)]
    )
    files["batch_cold"] = write("batch-cold", [batch() for _ in range(n_bodies)])
    return files


# --------------------------------------------------------------------------- measurements


def stampede(port: int, url: str) -> dict:
    before = worker_stats(port)
    barrier = threading.Barrier(STAMPEDE)
    statuses: list[int] = []

    def hit() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        conn.connect()
        barrier.wait()
        conn.request("GET", lookup_path(url))
        statuses.append(conn.getresponse().status)
        conn.close()

    threads = [threading.Thread(target=hit) for _ in range(STAMPEDE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    after = worker_stats(port)
    per_worker = {
        pid: {
            "statements": after[pid]["statements"] - before[pid]["statements"],
            "version_checks": after[pid]["version_checks"] - before[pid]["version_checks"],
            "loads": after[pid]["loads"] - before[pid]["loads"],
        }
        for pid in after
    }
    return {"statuses_ok": statuses.count(200), "per_worker": per_worker}


def sql_delta(port: int, action) -> int:  # type: ignore[no-untyped-def]
    before = worker_stats(port)
    action()
    after = worker_stats(port)
    return sum(after[p]["statements"] - before[p]["statements"] for p in after)


def profile_inprocess(db: Path, files: dict[str, Any], out: Path) -> None:
    """pyinstrument profiles of the warm, cold and batch paths through the Flask test client."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("    (pyinstrument not available; skipping the profile)")
        return
    os.environ["MASTHEAD_DATABASE_URL"] = f"sqlite:///{db}"
    sys.path.insert(0, str(REPO))
    from server import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{db}"})
    client = app.test_client()
    warm = files["warm"].read_text().split()
    cold = files["cold"].read_text().split()[-3000:]
    bodies = files["batch_cold"].read_text().splitlines()[-50:]
    client.get(warm[0])  # builds the read model
    for p in warm:
        client.get(p)
    for name, fn in (
        ("warm", lambda: [client.get(warm[i % len(warm)]) for i in range(5000)]),
        ("cold", lambda: [client.get(p) for p in cold]),
        (
            "batch_cold",
            lambda: [
                client.post("/api/v1/lookup", data=b, content_type="application/json")
                for b in bodies
            ],
        ),
    ):
        prof = Profiler(interval=0.0005)
        prof.start()
        fn()
        prof.stop()
        path = out.with_name(out.stem + f"-{name}.txt")
        path.write_text(prof.output_text(unicode=False, color=False, show_all=False))
        print(f"    profile {name}: {path.relative_to(REPO)}")


def show(name: str, r: dict, wrapped: int = 0) -> None:
    extra = f"  (list ran out: {wrapped} repeats!)" if wrapped else ""
    print(
        f"    {name:13s} {r['rps']:8.0f} req/s   p50 {r['p50_us'] / 1000:6.2f} ms"
        f"   p99 {r['p99_us'] / 1000:6.2f} ms{extra}",
        flush=True,
    )


def post_json(port: int, body: bytes) -> tuple[int, dict[str, str], bytes]:
    return http_get(port, "/api/v1/lookup", {"Content-Type": "application/json"}, "POST", body)


# Each round, per size: the measured runs in this order, each preceded by a bare run, with
# one more bare run at the end. A ratio against the bare app divides by the mean of the two
# bare runs either side of its run (this VM's speed drifts by a third within a minute, so
# the baseline is taken as close in time to the run as it can be).
SEQUENCE = ("warm", "cold", "cold_articles", "index_304", "batch_warm", "batch_cold")
BARE_PAIRED = frozenset({"warm", "cold", "cold_articles", "index_304"})  # vs the bare app
CONSUMED = ("cold", "cold_articles", "batch_cold")  # lists that runs go on through


class SizeBench:
    """One dataset size: its servers, URL lists and the rounds measured on it."""

    def __init__(self, size: str, duration: float, rounds: int, wrk_bin: str, tag: str) -> None:
        self.size, self.duration, self.wrk_bin, self.tag = size, duration, wrk_bin, tag
        self.app: Server | None = None
        self.bare: Server | None = None
        self.res: dict[str, Any] = {"size": size, "rounds": []}
        self.starts = dict.fromkeys(CONSUMED, 0)
        print(f"\n== {size}: setting up ==", flush=True)
        t0 = time.monotonic()
        self.db, plan = gen.ensure(size)
        print(
            f"  dataset ready ({time.monotonic() - t0:.1f}s): {self.db.relative_to(REPO)}",
            flush=True,
        )
        import verify

        if verify.verify(size, sample=150):
            raise SystemExit("the fast read path disagrees with the SQL path; not measuring")
        self.files = make_lists(size, self.db, plan, duration, rounds, tag)

    def start(self) -> None:
        size, res, files = self.size, self.res, self.files
        env = {
            "MASTHEAD_DATABASE_URL": f"sqlite:///{self.db}",
            "MASTHEAD_LOG_LEVEL": "warning",
        }
        if STORE:  # the read store (server/read/store.py), one directory per size
            env["MASTHEAD_READ_STORE_DIR"] = str(OUT / f"store-run-{size}")
        self.app = app = Server("bench.app:create_app()", env, self._log("masthead"))
        t1 = time.monotonic()
        worker_stats(app.port, warm=True)
        res["warmup_s"] = time.monotonic() - t1
        print(
            f"  [{size}] both workers warm (read model + index built) in {res['warmup_s']:.1f}s",
            flush=True,
        )
        res["worker_rss_mb"] = worker_rss_mb(app)
        res["worker_memory_mb"] = {
            str(pid): worker_memory_mb(pid) for pid in _children(app.proc.pid)
        }
        warm_paths = files["warm"].read_text().split()
        res["lookup_body_bytes"] = int(
            statistics.median(len(http_get(app.port, p)[2]) for p in warm_paths[:32])
        )
        _, headers, gz = http_get(app.port, "/api/v1/index", {"Accept-Encoding": "gzip"})
        doc = json.loads(gzip.decompress(gz))
        res["index"] = {
            "rules": len(doc["rules"]),
            "outlets": len(doc["outlets"]),
            "gzip_bytes": len(gz),
            "json_bytes": len(gzip.decompress(gz)),
            "etag": headers["etag"],
            "gzip_per_rule": len(gz) / len(doc["rules"]),
        }
        print(
            f"  [{size}] index: {len(doc['rules'])} rules, {len(gz)} bytes gzipped "
            f"({res['index']['gzip_per_rule']:.1f} B/rule); lookup response "
            f"~{res['lookup_body_bytes']} bytes; worker RSS {res['worker_rss_mb']} MB",
            flush=True,
        )
        # The bare app: same gunicorn configuration, a body of the same size.
        self.bare = Server(
            "bench.bare_app:app",
            {"BARE_BODY_BYTES": str(res["lookup_body_bytes"])},
            self._log("bare"),
        )
        self.index_list = OUT / f"{self.tag}-{size}-index.txt"
        self.index_list.write_text("/api/v1/index\n")
        wrk(self.wrk_bin, self.bare.port, files["warm"], 1)
        wrk(self.wrk_bin, app.port, files["warm"], 1)  # every warm URL cached in both workers
        wrk(self.wrk_bin, app.port, files["batch_warm"], 1, mode="post")

    def _log(self, name: str) -> Path:
        return OUT / f"{self.tag}-{self.size}-{name}.log"

    def _run(self, name: str, meter: CpuMeter) -> dict:
        assert self.app is not None and self.bare is not None
        files, app = self.files, self.app
        port, listfile, kw = {
            "bare": (self.bare.port, files["warm"], {}),
            "warm": (app.port, files["warm"], {}),
            "cold": (app.port, files["cold"], {}),
            "cold_articles": (app.port, files["cold_articles"], {}),
            "index_304": (app.port, self.index_list, {"inm": self.res["index"]["etag"]}),
            "batch_warm": (app.port, files["batch_warm"], {"mode": "post"}),
            "batch_cold": (app.port, files["batch_cold"], {"mode": "post"}),
        }[name]
        start = self.starts.get(name, 0)
        r = wrk(self.wrk_bin, port, listfile, self.duration, meter=meter, start=start, **kw)
        if name in self.starts:  # go on past what this run used
            self.starts[name] = r["next_start"]
        show(name, r, r["wraps"] if name in CONSUMED else 0)
        return r

    def round(self, n: int, rounds: int) -> None:
        assert self.app is not None and self.bare is not None
        meter = CpuMeter([self.app, self.bare])
        busy = wait_for_quiet()
        print(f"  -- [{self.size}] round {n + 1}/{rounds} (CPUs {busy:.0%} busy before it)")
        runs: list[dict] = []  # the bare runs, in order
        before: dict[str, int] = {}  # paired run -> index of the bare run just before it
        rnd: dict[str, Any] = {"busy_before": busy, "bare_runs": runs}
        for name in SEQUENCE:
            if name in BARE_PAIRED:
                before[name] = len(runs)
                runs.append(self._run("bare", meter))
            rnd[name] = self._run(name, meter)
        runs.append(self._run("bare", meter))
        # The baseline of each paired run: the bare runs just before and just after it.
        rnd["baseline_rps"] = {
            name: (runs[i]["rps"] + runs[i + 1]["rps"]) / 2 for name, i in before.items()
        }
        rnd["bare"] = runs[0]
        self.res["rounds"].append(rnd)

    def stop(self) -> None:
        for server in (self.app, self.bare):
            if server is not None:
                server.stop()

    def count_sql(self) -> None:
        assert self.app is not None
        self._count_sql(self.app.port)

    def profile(self) -> None:
        profile_inprocess(self.db, self.files, OUT / f"{self.tag}-{self.size}-profile.txt")

    def _count_sql(self, port: int) -> None:
        # One cold batch, the same batch again, one cache-miss lookup of an article, then 64
        # concurrent cache-miss lookups of another article.
        res, files = self.res, self.files
        body = json.loads(files["batch_cold"].read_text().splitlines()[-1])
        body["urls"] = [u.replace("/post/", "/sqlcount/") for u in body["urls"]]
        raw = json.dumps(body).encode()
        res["sql_batch_cold"] = sql_delta(port, lambda: post_json(port, raw))
        res["sql_batch_warm"] = sql_delta(port, lambda: post_json(port, raw))
        one = lookup_path(files["stampede_urls"][0])
        res["sql_single_cold"] = sql_delta(port, lambda: http_get(port, one))
        res["stampede"] = stampede(port, files["stampede_urls"][1])
        print(
            f"  [{self.size}] SQL statements: cold batch {res['sql_batch_cold']}, warm batch "
            f"{res['sql_batch_warm']}, cache-miss lookup of an article {res['sql_single_cold']}; "
            f"{STAMPEDE} concurrent misses on one article URL, per worker: "
            f"{list(res['stampede']['per_worker'].values())}",
            flush=True,
        )


STORE = False  # --store: Masthead serves from the read store


def worker_memory_mb(pid: int) -> dict[str, float]:
    """A process's memory in MB from /proc/<pid>/smaps_rollup: `rss`; `private` (pages
    no other process maps, file pages included); `anonymous` (its own heap and stacks: what
    it would take on a machine where the files it maps are shared or cached)."""
    fields = {"Rss": "rss", "Private_Clean": "private", "Private_Dirty": "private"}
    fields["Anonymous"] = "anonymous"
    out = {"rss": 0.0, "private": 0.0, "anonymous": 0.0}
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in fields:
            out[fields[name]] += int(rest.split()[0]) / 1024
    return out


def worker_rss_mb(server: Server) -> int:
    """Resident memory of the largest worker, in MB (after warm-up)."""
    sizes = []
    for pid in _children(server.proc.pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = re.search(r"VmRSS:\s+(\d+) kB", status)
        if kb:
            sizes.append(int(kb.group(1)) // 1024)
    return max(sizes, default=0)


def measure(
    sizes: list[str], duration: float, rounds: int, wrk_bin: str, tag: str, profile: bool
) -> dict[str, dict]:
    """All sizes' servers up at once, their rounds interleaved: a ratio between sizes then
    compares runs made minutes apart at most, in the same state of the machine."""
    benches = [SizeBench(size, duration, rounds, wrk_bin, tag) for size in sizes]
    try:
        for b in benches:
            b.start()
        print("\n== rounds ==", flush=True)
        for n in range(rounds):
            for b in benches if n % 2 == 0 else benches[::-1]:
                b.round(n, rounds)
        for b in benches:
            b.count_sql()
    finally:
        for b in benches:
            b.stop()
    if profile:
        for b in benches:
            b.profile()
    return {b.size: b.res for b in benches}


# --------------------------------------------------------------------------- report


def summarize(r: dict) -> dict[str, float]:
    """Per-size figures: the median over rounds of each within-round ratio."""
    rounds = r["rounds"]

    def med(fn: Any) -> float:
        return float(statistics.median(fn(x) for x in rounds))

    def vs_bare(kind: str) -> Any:
        """A run's throughput over the mean of the bare runs either side of it."""
        return lambda x: x[kind]["rps"] / x["baseline_rps"][kind]

    out = {
        "bare_rps": med(lambda x: statistics.mean(r["rps"] for r in x["bare_runs"])),
        "warm_rps": med(lambda x: x["warm"]["rps"]),
        "cold_rps": med(lambda x: x["cold"]["rps"]),
        "warm_vs_bare": med(vs_bare("warm")),
        "cold_vs_bare": med(vs_bare("cold")),
        "cold_articles_vs_bare": med(vs_bare("cold_articles")),
        "batch_warm_in_warm": med(lambda x: x["warm"]["rps"] / x["batch_warm"]["rps"]),
        "batch_cold_in_cold": med(lambda x: x["cold"]["rps"] / x["batch_cold"]["rps"]),
        "batch_cold_in_warm": med(lambda x: x["warm"]["rps"] / x["batch_cold"]["rps"]),
        "index_304_vs_bare": med(vs_bare("index_304")),
    }
    for kind in ("warm", "cold", "bare"):
        for q in ("p50", "p99"):
            out[f"{kind}_{q}_ms"] = med(lambda x, k=kind, q=q: x[k][f"{q}_us"] / 1000)
    return out


def latency_ratios(big: dict, small: dict, kind: str, q: str) -> list[float]:
    """Per round, big's latency over small's (the sizes' runs of one round are made back to
    back)."""
    key = f"{q}_us"
    pairs = zip(big["rounds"], small["rounds"], strict=True)
    return [b[kind][key] / s[kind][key] for b, s in pairs]


def latency_ratio(big: dict, small: dict, kind: str, q: str) -> float:
    return float(statistics.median(latency_ratios(big, small, kind, q)))


def verdicts(results: dict[str, dict]) -> list[tuple[str, str, bool]]:
    rows: list[tuple[str, str, bool]] = []

    def add(name: str, value: float, limit: float, unit: str = "x", at_least: bool = False) -> None:
        ok = value >= limit if at_least else value <= limit
        rows.append((name, f"{value:.2f}{unit} ({'>=' if at_least else '<='} {limit}{unit})", ok))

    for size, r in results.items():
        m = r["summary"]
        add(f"[{size}] warm single lookup / bare", m["warm_vs_bare"], 0.9, at_least=True)
        add(f"[{size}] cache-miss single lookup / bare", m["cold_vs_bare"], 0.5, at_least=True)
        add(f"[{size}] warm batch of 100, in warm single lookups", m["batch_warm_in_warm"], 3, "")
        add(f"[{size}] cold batch of 100, in cache-miss lookups", m["batch_cold_in_cold"], 10, "")
        worst = max(r["sql_batch_cold"], r["sql_batch_warm"])
        rows.append(
            (
                f"[{size}] SQL statements per batch (cold/warm)",
                f"{r['sql_batch_cold']}/{r['sql_batch_warm']} (<= 5)",
                worst <= 5,
            )
        )
        st = r["stampede"]
        worst = max(w["statements"] for w in st["per_worker"].values())
        rows.append(
            (
                f"[{size}] {STAMPEDE} concurrent misses, one URL: SQL per worker",
                f"max {worst} (<= 1); {st['statuses_ok']}/{STAMPEDE} answered 200",
                worst <= 1 and st["statuses_ok"] == STAMPEDE,
            )
        )
        add(f"[{size}] index gzipped per domain rule", r["index"]["gzip_per_rule"], 25, unit=" B")
        add(f"[{size}] index 304 / bare", m["index_304_vs_bare"], 0.9, at_least=True)
    for big in _bigger(results):
        for kind in ("warm", "cold"):
            for q in ("p50", "p99"):
                ratio = latency_ratio(results[big], results["small"], kind, q)
                add(f"[{big}/small] {kind} single lookup {q} latency", ratio, 1.2)
    return rows


def _bigger(results: dict[str, dict]) -> list[str]:
    """The sizes measured beside `small` whose latencies are compared with its."""
    return [size for size in results if size != "small"] if "small" in results else []


def report(results: dict[str, dict]) -> None:
    print("\n== figures (median over rounds) ==")
    for size, r in results.items():
        m = r["summary"]
        print(
            f"  [{size}] req/s: bare {m['bare_rps']:.0f}, warm {m['warm_rps']:.0f}, "
            f"cache-miss {m['cold_rps']:.0f}; latency p50/p99 ms: bare "
            f"{m['bare_p50_ms']:.2f}/{m['bare_p99_ms']:.2f}, warm {m['warm_p50_ms']:.2f}/"
            f"{m['warm_p99_ms']:.2f}, cache-miss {m['cold_p50_ms']:.2f}/{m['cold_p99_ms']:.2f}"
        )
        print(
            f"  [{size}] (not targets) cache-miss lookups of articles only / bare "
            f"{m['cold_articles_vs_bare']:.2f}x; cold batch in warm single lookups "
            f"{m['batch_cold_in_warm']:.1f}; warm-up {r['warmup_s']:.1f}s"
        )
        for pid, mem in r.get("worker_memory_mb", {}).items():
            print(
                f"  [{size}] worker {pid} after warm-up: RSS {mem['rss']:.0f} MB, private "
                f"{mem['private']:.0f} MB, of it anonymous {mem['anonymous']:.0f} MB"
            )
    for big in _bigger(results):
        # The bare app is the same code at both sizes: the spread of its ratios is the
        # machine's, and bounds what one run can tell about the lookup's ratios.
        print(f"  [{big}/small] latency ratios per round (median; min-max):")
        for kind in ("warm", "cold", "bare"):
            parts = []
            for q in ("p50", "p99"):
                xs = latency_ratios(results[big], results["small"], kind, q)
                parts.append(f"{q} {statistics.median(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})")
            print(f"    {kind:5s} " + ", ".join(parts))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="small,large")
    ap.add_argument("--duration", type=float, default=3, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of interleaved runs")
    ap.add_argument("--profile", action="store_true", help="also write pyinstrument profiles")
    ap.add_argument(
        "--store", action="store_true", help="serve from the read store (MASTHEAD_READ_STORE_DIR)"
    )
    args = ap.parse_args()
    global STORE
    STORE = args.store
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    wrk_bin = ensure_tools(args.profile)
    tag = time.strftime("%Y%m%d-%H%M%S")
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(
        f"machine: {os.cpu_count()} CPUs, {cpu}; Python {platform.python_version()}; "
        f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration:g}s; "
        f"gunicorn {WORKERS} gthread workers"
    )
    t0 = time.monotonic()
    results = measure(sizes, args.duration, args.rounds, wrk_bin, tag, args.profile)
    for r in results.values():
        r["summary"] = summarize(r)
    report(results)
    rows = verdicts(results)
    print("\n== targets ==")
    for name, value, ok in rows:
        print(f"  {'PASS' if ok else 'FAIL'}  {name:58s} {value}")
    print(f"\n(total {time.monotonic() - t0:.0f}s)")
    out = OUT / f"results-{tag}.json"
    out.write_text(
        json.dumps(
            {
                "cpu": cpu,
                "nproc": os.cpu_count(),
                "duration": args.duration,
                "rounds": args.rounds,
                "results": results,
                "targets": [{"name": n, "value": v, "pass": ok} for n, v, ok in rows],
            },
            indent=1,
        )
    )
    print(f"results: {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
